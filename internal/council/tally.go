package council

import (
	"fmt"
	"slices"
)

// Choice is a vote on one agenda item.
type Choice string

// Choices of a ballot (đồng ý / không đồng ý / không biểu quyết).
const (
	Agree    Choice = "agree"
	Disagree Choice = "disagree"
	Abstain  Choice = "abstain"
)

// Choices lists the choices in the order of the ballot paper.
var Choices = []Choice{Agree, Disagree, Abstain}

// Label is the choice's Vietnamese name.
func (c Choice) Label() string {
	switch c {
	case Agree:
		return "Đồng ý"
	case Disagree:
		return "Không đồng ý"
	case Abstain:
		return "Không biểu quyết"
	}
	return string(c)
}

// Valid reports whether c is a known choice.
func (c Choice) Valid() bool { return slices.Contains(Choices, c) }

// Mode is how a ballot is cast.
type Mode string

// Ballot modes.
const (
	Electronic Mode = "electronic" // each member votes in tdkt, secretly
	Paper      Mode = "paper"      // numbered papers; the secretary enters the counts
)

// Counts are the votes on one item.
type Counts struct{ Agree, Disagree, Abstain int }

// Add counts one choice.
func (c *Counts) Add(ch Choice) {
	switch ch {
	case Agree:
		c.Agree++
	case Disagree:
		c.Disagree++
	case Abstain:
		c.Abstain++
	}
}

// Sum is the number of votes.
func (c Counts) Sum() int { return c.Agree + c.Disagree + c.Abstain }

// ItemInput is what was cast on one agenda item.
type ItemInput struct {
	Key       int64    // the agenda item
	Threshold Fraction // share of all members that must agree
	Ballots   Counts   // secret ballots (electronic) or the paper counts
	Written   Counts   // written opinions of absent members (R22), named
	Recused   int      // present members who recused from the item
}

// BallotInput is one round's ballot.
type BallotInput struct {
	Mode    Mode
	Total   int      // members of the council: the base of every percentage (R22)
	Present int      // members present at the meeting
	Voted   int      // electronic: receipts issued (members who voted)
	Quorum  Fraction // R21 (zero: the default two thirds)
	Items   []ItemInput
}

// ItemResult is one item's line in the tally and the minutes (R24).
type ItemResult struct {
	Key       int64
	Threshold Fraction
	Need      int // agree votes needed: ceil(Threshold × Total)
	Total     int
	Agree     int // ballots and written opinions
	Disagree  int
	Abstain   int
	Written   int // written opinions among the above
	Recused   int
	NotVoted  int
	Passed    bool
}

// Percent is the agree votes as a share of all members ("88,89%").
func (r ItemResult) Percent() string { return PercentText(r.Agree, r.Total) }

// Short is how many more agree votes the item needed (0 when it passed).
func (r ItemResult) Short() int { return max(0, r.Need-r.Agree) }

// Tally is the result of one round.
type Tally struct {
	Mode    Mode
	Total   int
	Present int
	Voted   int
	Quorum  int  // members needed for a valid meeting
	Valid   bool // present ≥ quorum (R21)
	Items   []ItemResult
}

// Passed and Failed count the items.
func (t Tally) Passed() (n int) {
	for _, r := range t.Items {
		if r.Passed {
			n++
		}
	}
	return n
}

// Failed is the number of items that did not pass.
func (t Tally) Failed() int { return len(t.Items) - t.Passed() }

// CountError is input the tally refuses; Message is for the user.
type CountError struct{ Message string }

func (e *CountError) Error() string { return "council: " + e.Message }

// Count computes the tally: per item, agree / disagree / abstain (ballots
// plus written opinions), written, recused, not voted, the percentage of
// the council's total members and pass or fail against the item's
// threshold. A meeting without quorum passes nothing. Counts that cannot
// be (more ballots than members present or than members who voted, more
// written opinions than absent members) are refused.
func Count(in BallotInput) (Tally, error) {
	if in.Total <= 0 {
		return Tally{}, &CountError{"Hội đồng chưa có thành viên."}
	}
	if in.Present < 0 || in.Present > in.Total {
		return Tally{}, &CountError{fmt.Sprintf("Số thành viên có mặt (%d) vượt tổng số thành viên (%d).", in.Present, in.Total)}
	}
	if in.Mode == Electronic && (in.Voted < 0 || in.Voted > in.Present) {
		return Tally{}, &CountError{fmt.Sprintf("Số thành viên đã bỏ phiếu (%d) vượt số thành viên có mặt (%d).", in.Voted, in.Present)}
	}
	q := in.Quorum
	if q.Den == 0 {
		q = Quorum
	}
	t := Tally{Mode: in.Mode, Total: in.Total, Present: in.Present, Voted: in.Voted, Quorum: q.Need(in.Total)}
	t.Valid = in.Present >= t.Quorum
	absent := in.Total - in.Present
	for i, it := range in.Items {
		n := i + 1
		b, w := it.Ballots, it.Written
		if b.Agree < 0 || b.Disagree < 0 || b.Abstain < 0 || w.Agree < 0 || w.Disagree < 0 || w.Abstain < 0 || it.Recused < 0 {
			return Tally{}, &CountError{fmt.Sprintf("Đề nghị thứ %d: số phiếu không được âm.", n)}
		}
		if b.Sum()+it.Recused > in.Present {
			return Tally{}, &CountError{fmt.Sprintf("Đề nghị thứ %d: tổng số phiếu (%d) vượt số thành viên có mặt (%d).", n, b.Sum()+it.Recused, in.Present)}
		}
		if in.Mode == Electronic && b.Sum() > in.Voted {
			return Tally{}, &CountError{fmt.Sprintf("Đề nghị thứ %d: số phiếu (%d) vượt số thành viên đã bỏ phiếu (%d).", n, b.Sum(), in.Voted)}
		}
		if w.Sum() > absent {
			return Tally{}, &CountError{fmt.Sprintf("Đề nghị thứ %d: số ý kiến bằng văn bản (%d) vượt số thành viên vắng mặt (%d).", n, w.Sum(), absent)}
		}
		r := ItemResult{
			Key: it.Key, Threshold: it.Threshold, Need: it.Threshold.Need(in.Total), Total: in.Total,
			Agree: b.Agree + w.Agree, Disagree: b.Disagree + w.Disagree, Abstain: b.Abstain + w.Abstain,
			Written: w.Sum(), Recused: it.Recused,
		}
		r.NotVoted = in.Total - b.Sum() - w.Sum() - it.Recused
		r.Passed = t.Valid && r.Need > 0 && r.Agree >= r.Need
		t.Items = append(t.Items, r)
	}
	return t, nil
}

// Conflict reports whether a member must recuse from an item: the item is
// about himself, or about his own unit as a collective (reliability.md
// §1.6(1)).
func Conflict(memberPersonID, memberUnitID, subjectPersonID, subjectUnitID int64) bool {
	if subjectPersonID != 0 && subjectPersonID == memberPersonID {
		return true
	}
	return subjectUnitID != 0 && subjectUnitID == memberUnitID
}

// BallotItem is an agenda item as one member's ballot sees it.
type BallotItem struct {
	Key      int64
	Recusal  bool // the member must recuse (Conflict)
	Position int  // 1-based, for messages
}

// CheckBallot checks one member's ballot: a valid choice on every item he
// does not recuse from, and none on the items he recuses from or on items
// not on the ballot.
func CheckBallot(items []BallotItem, choices map[int64]Choice) error {
	seen := 0
	for _, it := range items {
		c, ok := choices[it.Key]
		if it.Recusal {
			if ok {
				return &CountError{fmt.Sprintf("Đề nghị thứ %d liên quan đến bản thân hoặc đơn vị của bạn: bạn không biểu quyết đề nghị này.", it.Position)}
			}
			continue
		}
		if !ok || !c.Valid() {
			return &CountError{fmt.Sprintf("Hãy chọn ý kiến cho đề nghị thứ %d.", it.Position)}
		}
		seen++
	}
	if seen != len(choices) {
		return &CountError{"Phiếu có ý kiến cho đề nghị không có trong chương trình bỏ phiếu."}
	}
	return nil
}
