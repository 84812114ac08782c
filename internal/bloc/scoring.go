package bloc

import (
	"fmt"
	"sort"
	"strings"

	"tdkt/internal/validate"
)

// CriterionKind tells how a criterion counts.
type CriterionKind string

const (
	Section   CriterionKind = "section"   // a heading grouping items; not scored
	Item      CriterionKind = "item"      // scored from 0 to max, times its weight
	Bonus     CriterionKind = "bonus"     // điểm thưởng: added
	Deduction CriterionKind = "deduction" // điểm trừ: subtracted
)

// CriterionKinds lists the kinds in display order.
var CriterionKinds = []CriterionKind{Section, Item, Bonus, Deduction}

// Label is the Vietnamese name of the kind.
func (k CriterionKind) Label() string {
	switch k {
	case Section:
		return "Nhóm tiêu chí"
	case Item:
		return "Tiêu chí chấm điểm"
	case Bonus:
		return "Điểm thưởng"
	case Deduction:
		return "Điểm trừ"
	}
	return string(k)
}

// Valid reports whether k is known.
func (k CriterionKind) Valid() bool {
	return k == Section || k == Item || k == Bonus || k == Deduction
}

// Scored reports whether members score this kind.
func (k CriterionKind) Scored() bool { return k == Item || k == Bonus || k == Deduction }

// Criterion is one node of a bloc-year's criteria tree.
type Criterion struct {
	ID       int64
	ParentID int64 // the section it belongs to; 0 at the top
	Position int
	Kind     CriterionKind
	Code     string // e.g. "I.2"
	Title    string
	Max      Points // the most points a member can get (or lose, for a deduction)
	Weight   int    // percent: 100 counts the points once
}

// Validate checks a criterion before it is saved.
func (c Criterion) Validate() validate.Problems {
	p := validate.Problems{}
	p.Check(c.Kind.Valid(), "kind", "Chọn loại tiêu chí.")
	p.Check(c.Title != "", "title", "Nhập nội dung tiêu chí.")
	p.Check(validate.Len(c.Title) <= 500, "title", "Nội dung tiêu chí không quá 500 ký tự.")
	p.Check(validate.Len(c.Code) <= 20, "code", "Số thứ tự không quá 20 ký tự.")
	if c.Kind.Scored() {
		p.Check(c.Max > 0 && c.Max <= MaxPoints, "max", "Điểm tối đa phải lớn hơn 0 và không quá 1.000.")
		p.Check(c.Weight >= 1 && c.Weight <= 1000, "weight", "Trọng số từ 1 đến 1000 (%).")
	} else {
		p.Check(c.ParentID == 0, "parent_id", "Nhóm tiêu chí chỉ đặt ở cấp cao nhất.")
	}
	return p
}

// ParsePoints reads a score for the criterion and checks its range: a
// negative number or one above the maximum says "from 0 to max".
func (c Criterion) ParsePoints(s string) (Points, error) {
	p, err := ParsePoints(s)
	if err == ErrNegative {
		return 0, c.CheckPoints(-1)
	}
	if err != nil {
		return 0, err
	}
	return p, c.CheckPoints(p)
}

// CheckPoints refuses a score outside [0, max] with a message naming the criterion.
func (c Criterion) CheckPoints(p Points) error {
	if p < 0 || p > c.Max {
		return &Problem{fmt.Sprintf("Điểm của tiêu chí “%s” phải từ 0 đến %s.", c.Title, c.Max)}
	}
	return nil
}

// ScoreStatus is the state of one member's score on one criterion.
type ScoreStatus string

const (
	ScoreNone     ScoreStatus = ""         // not scored yet
	ScoreSelf     ScoreStatus = "self"     // tự chấm, awaiting verification
	ScoreVerified ScoreStatus = "verified" // đã thẩm định
	ScoreDisputed ScoreStatus = "disputed" // khiếu nại điểm, awaiting the head
	ScoreResolved ScoreStatus = "resolved" // khiếu nại đã giải quyết (final)
)

// Label is the Vietnamese name of the state.
func (s ScoreStatus) Label() string {
	switch s {
	case ScoreNone:
		return "Chưa chấm"
	case ScoreSelf:
		return "Đã tự chấm"
	case ScoreVerified:
		return "Đã thẩm định"
	case ScoreDisputed:
		return "Đang khiếu nại"
	case ScoreResolved:
		return "Đã giải quyết khiếu nại"
	}
	return string(s)
}

// ScoreEvent is what happens to a score.
type ScoreEvent string

const (
	EventSelfScore ScoreEvent = "self_score" // the member (re)scores itself
	EventVerify    ScoreEvent = "verify"     // the verifier confirms or adjusts
	EventDispute   ScoreEvent = "dispute"    // the member disputes once
	EventResolve   ScoreEvent = "resolve"    // the verifier decides the dispute
)

// ScoreActor is who fires a score event.
type ScoreActor string

const (
	ByMember   ScoreActor = "member"
	ByVerifier ScoreActor = "verifier"
)

type scoreStep struct {
	to ScoreStatus
	by ScoreActor
}

// scoreFlow is the score workflow, while scoring is open.
var scoreFlow = map[ScoreStatus]map[ScoreEvent]scoreStep{
	ScoreNone:     {EventSelfScore: {ScoreSelf, ByMember}},
	ScoreSelf:     {EventSelfScore: {ScoreSelf, ByMember}, EventVerify: {ScoreVerified, ByVerifier}},
	ScoreVerified: {EventDispute: {ScoreDisputed, ByMember}, EventVerify: {ScoreVerified, ByVerifier}},
	ScoreDisputed: {EventResolve: {ScoreResolved, ByVerifier}},
}

// ScoreNext returns the state after e fired by who; false when not allowed.
func ScoreNext(from ScoreStatus, e ScoreEvent, who ScoreActor) (ScoreStatus, bool) {
	st, ok := scoreFlow[from][e]
	if !ok || st.by != who {
		return from, false
	}
	return st.to, true
}

// Score is one member's score on one criterion.
type Score struct {
	ID            int64
	MemberID      int64
	CriterionID   int64
	Status        ScoreStatus
	Self          Points
	SelfComment   string
	Verified      Points // valid once verified
	VerifyReason  string // required when Verified differs from Self
	DisputeReason string
	ResolveNote   string
	Evidence      int // number of evidence files (read models)
	Version       int
}

// Final is the score that counts: the verified one once verified, else
// the self-score (provisional).
func (s Score) Final() Points {
	switch s.Status {
	case ScoreVerified, ScoreDisputed, ScoreResolved:
		return s.Verified
	case ScoreSelf:
		return s.Self
	}
	return 0
}

// Adjusted reports whether the verifier changed the self-score.
func (s Score) Adjusted() bool {
	return (s.Status == ScoreVerified || s.Status == ScoreDisputed || s.Status == ScoreResolved) && s.Verified != s.Self
}

// CheckVerification refuses an adjustment without a reason.
func CheckVerification(c Criterion, self, verified Points, reason string) validate.Problems {
	p := validate.Problems{}
	if err := c.CheckPoints(verified); err != nil {
		p.Add("verified", err.Error())
	}
	p.Check(verified == self || strings.TrimSpace(reason) != "", "reason",
		"Điểm thẩm định khác điểm tự chấm: nhập lý do điều chỉnh.")
	p.Check(validate.Len(reason) <= 2000, "reason", "Lý do không quá 2000 ký tự.")
	return p
}

// Totals is one member's sum.
type Totals struct {
	Base      Points // weighted items
	Bonus     Points
	Deduction Points
	Total     Points // Base + Bonus − Deduction
	Scored    int    // criteria with a score
	Verified  int    // criteria with a final (verified or resolved) score
}

// weighted is p × weight%, rounded half up to a hundredth.
func weighted(p Points, weight int) Points {
	return Points((int64(p)*int64(weight) + 50) / 100)
}

// Sum totals a member's scores against the criteria.
func Sum(criteria []Criterion, scores map[int64]Score) Totals {
	var t Totals
	for _, c := range criteria {
		if !c.Kind.Scored() {
			continue
		}
		s, ok := scores[c.ID]
		if !ok || s.Status == ScoreNone {
			continue
		}
		t.Scored++
		if s.Status != ScoreSelf {
			t.Verified++
		}
		switch c.Kind {
		case Item:
			t.Base += weighted(s.Final(), c.Weight)
		case Bonus:
			t.Bonus += s.Final()
		case Deduction:
			t.Deduction += s.Final()
		}
	}
	t.Total = t.Base + t.Bonus - t.Deduction
	return t
}

// MaxTotal is the most a member can score: weighted items plus bonus.
func MaxTotal(criteria []Criterion) Points {
	var m Points
	for _, c := range criteria {
		switch c.Kind {
		case Item:
			m += weighted(c.Max, c.Weight)
		case Bonus:
			m += c.Max
		}
	}
	return m
}

// Standing is a member's place in the ranking.
type Standing struct {
	MemberID int64
	Name     string
	Totals
	Rank    int  // 1 is first; equal members share a rank
	Leading bool // ranked first (dẫn đầu)
}

// TieRule documents how the ranking orders members; shown on the page.
const TieRule = "Xếp hạng theo tổng điểm từ cao xuống thấp. Nếu bằng tổng điểm: đơn vị có điểm các tiêu chí (không tính điểm thưởng) cao hơn xếp trên; nếu vẫn bằng: đơn vị bị trừ ít điểm hơn xếp trên; nếu vẫn bằng: các đơn vị đồng hạng."

// Rank orders the members by TieRule. Only signing members are ranked (R41).
func Rank(members []Member, criteria []Criterion, scores map[int64]map[int64]Score) []Standing {
	var out []Standing
	for _, m := range members {
		if !m.Signed() {
			continue
		}
		out = append(out, Standing{MemberID: m.ID, Name: m.Name, Totals: Sum(criteria, scores[m.ID])})
	}
	better := func(a, b Standing) int { // <0 when a ranks above b, 0 on a tie
		switch {
		case a.Total != b.Total:
			return cmp(b.Total, a.Total)
		case a.Base != b.Base:
			return cmp(b.Base, a.Base)
		default:
			return cmp(a.Deduction, b.Deduction)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := better(out[i], out[j]); c != 0 {
			return c < 0
		}
		return out[i].Name < out[j].Name
	})
	for i := range out {
		if i > 0 && better(out[i-1], out[i]) == 0 {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
		out[i].Leading = out[i].Rank == 1
	}
	return out
}

func cmp(a, b Points) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Vote is one member's honour vote (suy tôn) for another member.
type Vote struct {
	VoterID  int64
	ChosenID int64
}

// CheckVote applies R41 to a ballot: the voter and every chosen unit
// signed the covenant, and a unit does not vote for itself.
func CheckVote(voter int64, chosen []int64, members []Member) validate.Problems {
	p := validate.Problems{}
	signed := map[int64]bool{}
	for _, m := range members {
		signed[m.ID] = m.Signed()
	}
	p.Check(signed[voter], "voter", "Chỉ đơn vị đã ký giao ước mới được bỏ phiếu suy tôn.")
	p.Check(len(chosen) > 0, "chosen", "Chọn ít nhất một đơn vị để suy tôn.")
	for _, c := range chosen {
		p.Check(signed[c], "chosen", "Chỉ suy tôn đơn vị đã ký giao ước.")
		p.Check(c != voter, "chosen", "Đơn vị không tự suy tôn mình.")
	}
	return p
}

// Tally counts the votes per chosen member.
func Tally(votes []Vote) map[int64]int {
	out := map[int64]int{}
	for _, v := range votes {
		out[v.ChosenID]++
	}
	return out
}
