package bloc

import (
	"testing"
	"time"
)

func TestParsePoints(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Points
		ok   bool
	}{
		{"8", 800, true}, {"8,5", 850, true}, {"8,25", 825, true}, {" 10 ", 1000, true}, {"0", 0, true},
		{"0,05", 5, true}, {"100,0", 10000, true},
		{"", 0, false}, {"8.5", 0, false}, {"8,", 0, false}, {",5", 0, false}, {"8,255", 0, false},
		{"-1", 0, false}, {"+1", 0, false}, {"abc", 0, false}, {"1e3", 0, false}, {"8 5", 0, false},
		{"1,2,3", 0, false}, {"9999999", 0, false}, {"٨", 0, false},
	} {
		got, err := ParsePoints(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParsePoints(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestPointsString(t *testing.T) {
	for _, tc := range []struct {
		p    Points
		want string
	}{{800, "8"}, {850, "8,5"}, {825, "8,25"}, {805, "8,05"}, {0, "0"}, {-225, "-2,25"}, {10000, "100"}} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("Points(%d).String() = %q; want %q", tc.p, got, tc.want)
		}
		if back, err := ParsePoints(tc.want); tc.p >= 0 && (err != nil || back != tc.p) {
			t.Errorf("round trip %q = %d, %v", tc.want, back, err)
		}
	}
}

func TestCheckPoints(t *testing.T) {
	c := Criterion{Title: "Công tác tham mưu", Kind: Item, Max: 1000, Weight: 100}
	for _, tc := range []struct {
		p  Points
		ok bool
	}{{0, true}, {1000, true}, {550, true}, {1001, false}, {-1, false}} {
		if err := c.CheckPoints(tc.p); (err == nil) != tc.ok {
			t.Errorf("CheckPoints(%d) = %v; want ok=%v", tc.p, err, tc.ok)
		}
	}
	if err := c.CheckPoints(1100); err == nil || err.Error() != "Điểm của tiêu chí “Công tác tham mưu” phải từ 0 đến 10." {
		t.Errorf("message = %v", err)
	}
}

var signed = time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)

func TestCheckLeadership(t *testing.T) {
	m := func(unit int64, r Role) Member { return Member{ID: unit, UnitID: unit, Name: "ĐV", Role: r} }
	for _, tc := range []struct {
		name    string
		members []Member
		prev    int64
		fields  []string
	}{
		{"valid", []Member{m(1, RoleHead), m(2, RoleDeputy), m(3, RoleMember)}, 0, nil},
		{"valid rotation", []Member{m(1, RoleHead), m(2, RoleDeputy)}, 2, nil},
		{"no head", []Member{m(1, RoleDeputy), m(2, RoleMember)}, 0, []string{"head"}},
		{"two heads", []Member{m(1, RoleHead), m(2, RoleHead), m(3, RoleDeputy)}, 0, []string{"head"}},
		{"no deputy", []Member{m(1, RoleHead), m(2, RoleMember)}, 0, []string{"deputies"}},
		{"same head as last year", []Member{m(1, RoleHead), m(2, RoleDeputy)}, 1, []string{"head"}},
		{"empty", nil, 0, []string{"head", "deputies"}},
	} {
		p := CheckLeadership(tc.members, tc.prev)
		if len(p) != len(tc.fields) {
			t.Errorf("%s: problems %v; want fields %v", tc.name, p, tc.fields)
		}
		for _, f := range tc.fields {
			if _, ok := p[f]; !ok {
				t.Errorf("%s: no problem on %s: %v", tc.name, f, p)
			}
		}
	}
}

func TestScoreFlow(t *testing.T) {
	for _, tc := range []struct {
		from ScoreStatus
		e    ScoreEvent
		by   ScoreActor
		to   ScoreStatus
		ok   bool
	}{
		{ScoreNone, EventSelfScore, ByMember, ScoreSelf, true},
		{ScoreSelf, EventSelfScore, ByMember, ScoreSelf, true},
		{ScoreSelf, EventVerify, ByVerifier, ScoreVerified, true},
		{ScoreSelf, EventVerify, ByMember, ScoreSelf, false},
		{ScoreVerified, EventSelfScore, ByMember, ScoreVerified, false}, // verified is read-only to members
		{ScoreVerified, EventDispute, ByMember, ScoreDisputed, true},
		{ScoreDisputed, EventResolve, ByVerifier, ScoreResolved, true},
		{ScoreDisputed, EventResolve, ByMember, ScoreDisputed, false},
		{ScoreResolved, EventDispute, ByMember, ScoreResolved, false}, // one dispute only
		{ScoreNone, EventVerify, ByVerifier, ScoreNone, false},
	} {
		to, ok := ScoreNext(tc.from, tc.e, tc.by)
		if to != tc.to || ok != tc.ok {
			t.Errorf("ScoreNext(%q, %s, %s) = %q, %v; want %q, %v", tc.from, tc.e, tc.by, to, ok, tc.to, tc.ok)
		}
	}
}

func TestCheckVerification(t *testing.T) {
	c := Criterion{Title: "A", Kind: Item, Max: 1000, Weight: 100}
	if p := CheckVerification(c, 800, 800, ""); !p.OK() {
		t.Errorf("confirm without reason: %v", p)
	}
	if p := CheckVerification(c, 800, 700, ""); p["reason"] == "" {
		t.Errorf("adjust without reason: %v; want a reason problem", p)
	}
	if p := CheckVerification(c, 800, 700, "Thiếu minh chứng"); !p.OK() {
		t.Errorf("adjust with reason: %v", p)
	}
	if p := CheckVerification(c, 800, 1200, "x"); p["verified"] == "" {
		t.Errorf("verified above max: %v", p)
	}
}

func TestSumAndRank(t *testing.T) {
	criteria := []Criterion{
		{ID: 1, Kind: Section, Title: "I"},
		{ID: 2, ParentID: 1, Kind: Item, Max: 1000, Weight: 100},
		{ID: 3, ParentID: 1, Kind: Item, Max: 1000, Weight: 200},
		{ID: 4, Kind: Bonus, Max: 500},
		{ID: 5, Kind: Deduction, Max: 500},
	}
	if got := MaxTotal(criteria); got != 3500 {
		t.Errorf("MaxTotal = %v; want 35", got)
	}
	sc := func(self Points, st ScoreStatus, verified Points) Score {
		return Score{Self: self, Status: st, Verified: verified}
	}
	scores := map[int64]map[int64]Score{
		// A: 8 + 2×9 + 1 − 0 = 27 (verified 9 on item 3 though self 10)
		10: {2: sc(800, ScoreVerified, 800), 3: sc(1000, ScoreVerified, 900), 4: sc(100, ScoreSelf, 0)},
		// B: 9 + 2×8,5 + 2 − 1 = 27; base 26 > A's base 26? A base = 8+18 = 26: tie → fewer deductions: A first
		20: {2: sc(900, ScoreSelf, 0), 3: sc(850, ScoreSelf, 0), 4: sc(200, ScoreSelf, 0), 5: sc(100, ScoreSelf, 0)},
		// C: 7 + 2×10 = 27, base 27 > 26 → C first
		30: {2: sc(700, ScoreSelf, 0), 3: sc(1000, ScoreSelf, 0)},
		// D: exactly like A → shares A's rank
		40: {2: sc(800, ScoreVerified, 800), 3: sc(1000, ScoreVerified, 900), 4: sc(100, ScoreSelf, 0)},
		// E did not sign: not ranked
		50: {2: sc(1000, ScoreSelf, 0), 3: sc(1000, ScoreSelf, 0)},
	}
	a := Sum(criteria, scores[10])
	if a.Base != 2600 || a.Bonus != 100 || a.Deduction != 0 || a.Total != 2700 || a.Scored != 3 || a.Verified != 2 {
		t.Errorf("Sum(A) = %+v", a)
	}
	members := []Member{
		{ID: 10, Name: "A", SignedAt: signed}, {ID: 20, Name: "B", SignedAt: signed},
		{ID: 30, Name: "C", SignedAt: signed}, {ID: 40, Name: "D", SignedAt: signed}, {ID: 50, Name: "E"},
	}
	got := Rank(members, criteria, scores)
	want := []struct {
		id   int64
		rank int
	}{{30, 1}, {10, 2}, {40, 2}, {20, 4}}
	if len(got) != len(want) {
		t.Fatalf("Rank = %+v; want %d standings", got, len(want))
	}
	for i, w := range want {
		if got[i].MemberID != w.id || got[i].Rank != w.rank {
			t.Errorf("Rank[%d] = %d rank %d; want %d rank %d", i, got[i].MemberID, got[i].Rank, w.id, w.rank)
		}
	}
	if !got[0].Leading || got[1].Leading {
		t.Errorf("leading flags wrong: %+v", got)
	}
	// Two members equal on every rule share first place: both lead.
	both := Rank([]Member{members[0], members[3]}, criteria, scores)
	if both[0].Rank != 1 || both[1].Rank != 1 || !both[1].Leading {
		t.Errorf("equal members = %+v; want both first and leading", both)
	}
}

func TestWeightedRounding(t *testing.T) {
	for _, tc := range []struct {
		p    Points
		w    int
		want Points
	}{{850, 100, 850}, {850, 150, 1275}, {333, 50, 167}, {1, 50, 1}, {0, 300, 0}} {
		if got := weighted(tc.p, tc.w); got != tc.want {
			t.Errorf("weighted(%d, %d) = %d; want %d", tc.p, tc.w, got, tc.want)
		}
	}
}

func TestCheckProposals(t *testing.T) {
	ranking := []Standing{{MemberID: 1, Name: "A", Rank: 1}, {MemberID: 2, Name: "B", Rank: 2}, {MemberID: 3, Name: "C", Rank: 3}}
	for _, tc := range []struct {
		name  string
		props []Proposal
		ok    bool
	}{
		{"flag to leader, merit to next", []Proposal{{1, AwardFlag}, {2, AwardMerit}}, true},
		{"flag to second", []Proposal{{2, AwardFlag}}, false},
		{"over merit quota", []Proposal{{2, AwardMerit}, {3, AwardMerit}}, false},
		{"over flag quota", []Proposal{{1, AwardFlag}, {1, AwardFlag}}, false},
		{"unsigned member", []Proposal{{9, AwardMerit}}, false},
		{"two awards one member", []Proposal{{1, AwardFlag}, {1, AwardMerit}}, false},
		{"none", nil, true},
	} {
		p := CheckProposals(tc.props, ranking, 1, 1)
		if p.OK() != tc.ok {
			t.Errorf("%s: %v; want ok=%v", tc.name, p, tc.ok)
		}
	}
}

func TestCheckVote(t *testing.T) {
	members := []Member{{ID: 1, SignedAt: signed}, {ID: 2, SignedAt: signed}, {ID: 3}}
	for _, tc := range []struct {
		voter  int64
		chosen []int64
		ok     bool
	}{{1, []int64{2}, true}, {1, []int64{1}, false}, {3, []int64{1}, false}, {1, []int64{3}, false}, {1, nil, false}} {
		if p := CheckVote(tc.voter, tc.chosen, members); p.OK() != tc.ok {
			t.Errorf("CheckVote(%d, %v) = %v; want ok=%v", tc.voter, tc.chosen, p, tc.ok)
		}
	}
	if got := Tally([]Vote{{1, 2}, {3, 2}, {2, 1}}); got[2] != 2 || got[1] != 1 {
		t.Errorf("Tally = %v", got)
	}
}

func TestCanOpenScoring(t *testing.T) {
	y := Year{Members: []Member{{ID: 1, UnitID: 1, Role: RoleHead, SignedAt: signed}, {ID: 2, UnitID: 2, Role: RoleDeputy}},
		Criteria: []Criterion{{ID: 1, Kind: Item, Max: 100, Weight: 100}}}
	if p := y.CanOpenScoring(); !p.OK() {
		t.Errorf("CanOpenScoring = %v", p)
	}
	y.Criteria = []Criterion{{ID: 1, Kind: Section}}
	y.Members[0].SignedAt = time.Time{}
	if p := y.CanOpenScoring(); p["criteria"] == "" || p["covenant"] == "" {
		t.Errorf("CanOpenScoring = %v; want criteria and covenant problems", p)
	}
}

func TestPointsMessages(t *testing.T) {
	c := Criterion{Title: "Công tác tham mưu", Kind: Item, Max: 1000, Weight: 100}
	for in, want := range map[string]string{
		"8.5":   "Điểm dùng dấu phẩy cho phần thập phân: viết 8,5 thay cho 8.5.",
		"-3":    "Điểm của tiêu chí “Công tác tham mưu” phải từ 0 đến 10.",
		"-3,5":  "Điểm của tiêu chí “Công tác tham mưu” phải từ 0 đến 10.",
		"11":    "Điểm của tiêu chí “Công tác tham mưu” phải từ 0 đến 10.",
		"8,255": "Điểm ghi tối đa 2 chữ số sau dấu phẩy, ví dụ 8,25.",
		"abc":   ErrPoints.Message,
	} {
		_, err := c.ParsePoints(in)
		if err == nil || err.Error() != want {
			t.Errorf("ParsePoints(%q) = %v; want %q", in, err, want)
		}
	}
	if p, err := c.ParsePoints("9,5"); err != nil || p != 950 {
		t.Errorf("9,5 = %d, %v", p, err)
	}
}
