package council

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"tdkt/internal/award"
)

func TestNeed(t *testing.T) {
	eighty, ninety := Fraction{4, 5}, Fraction{9, 10}
	tests := []struct {
		f     Fraction
		total int
		want  int
	}{
		{Quorum, 9, 6}, {Quorum, 10, 7}, {Quorum, 11, 8}, {Quorum, 15, 10}, {Quorum, 12, 8},
		{eighty, 9, 8}, {eighty, 10, 8}, {eighty, 11, 9}, {eighty, 15, 12},
		{ninety, 9, 9}, {ninety, 10, 9}, {ninety, 11, 10}, {ninety, 15, 14},
		{Fraction{1, 2}, 9, 5}, {Fraction{1, 2}, 10, 5},
		{eighty, 0, 0}, {Fraction{}, 9, 0},
	}
	for _, tc := range tests {
		if got := tc.f.Need(tc.total); got != tc.want {
			t.Errorf("%s of %d = %d, want %d", tc.f, tc.total, got, tc.want)
		}
	}
	// 67% of 15 would need 11 (10.05 rounded up); 2/3 of 15 is exactly 10.
	if Quorum.Need(15) != 10 || (Fraction{67, 100}).Need(15) != 11 {
		t.Error("2/3 must not be read as 67%")
	}
}

func TestFractionOfCatalogue(t *testing.T) {
	for code, want := range map[string]Fraction{
		award.CSTDCoSo: {4, 5}, award.CoThiDuaTinh: {4, 5}, award.CoThiDuaCP: {4, 5},
		award.CSTDTinh: {9, 10}, award.CSTDToanQuoc: {9, 10}, award.LDTT: {1, 2},
	} {
		if got := ThresholdFor(code); got != want {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
	if got := FractionOf(2.0 / 3); got != (Fraction{2, 3}) {
		t.Errorf("2/3 → %v", got)
	}
	if got := ThresholdFor("no-such-award"); got != (Fraction{1, 2}) {
		t.Errorf("unknown award → %v", got)
	}
}

func TestPercentText(t *testing.T) {
	for _, tc := range []struct {
		n, d int
		want string
	}{{8, 10, "80%"}, {8, 9, "88,89%"}, {2, 3, "66,67%"}, {9, 9, "100%"}, {0, 11, "0%"}, {1, 0, "0%"}, {12, 15, "80%"}} {
		if got := PercentText(tc.n, tc.d); got != tc.want {
			t.Errorf("%d/%d = %q, want %q", tc.n, tc.d, got, tc.want)
		}
	}
	if (Fraction{4, 5}).Percent() != "80%" || Quorum.Percent() != "66,67%" {
		t.Error("fraction percent")
	}
}

func TestCountThresholds(t *testing.T) {
	eighty, ninety := Fraction{4, 5}, Fraction{9, 10}
	tests := []struct {
		name           string
		total, present int
		thr            Fraction
		ballots        Counts
		written        Counts
		recused        int
		pass           bool
		notVoted       int
		percent        string
	}{
		{"10 members, exactly 80%", 10, 10, eighty, Counts{8, 2, 0}, Counts{}, 0, true, 0, "80%"},
		{"10 members, one short of 80%", 10, 10, eighty, Counts{7, 2, 1}, Counts{}, 0, false, 0, "70%"},
		{"10 members, exactly 90%", 10, 10, ninety, Counts{9, 1, 0}, Counts{}, 0, true, 0, "90%"},
		{"10 members, one short of 90%", 10, 10, ninety, Counts{8, 0, 2}, Counts{}, 0, false, 0, "80%"},
		{"9 members, 80% needs 8", 9, 9, eighty, Counts{8, 1, 0}, Counts{}, 0, true, 0, "88,89%"},
		{"9 members, 7 agree fails 80%", 9, 9, eighty, Counts{7, 0, 2}, Counts{}, 0, false, 0, "77,78%"},
		{"9 members, 90% needs all 9", 9, 9, ninety, Counts{8, 0, 0}, Counts{}, 0, false, 1, "88,89%"},
		{"11 members, 80% needs 9", 11, 11, eighty, Counts{9, 1, 1}, Counts{}, 0, true, 0, "81,82%"},
		{"11 members, 8 agree fails", 11, 11, eighty, Counts{8, 3, 0}, Counts{}, 0, false, 0, "72,73%"},
		{"11 members, 90% needs 10", 11, 11, ninety, Counts{10, 0, 1}, Counts{}, 0, true, 0, "90,91%"},
		{"15 members, 80% needs 12", 15, 15, eighty, Counts{12, 3, 0}, Counts{}, 0, true, 0, "80%"},
		{"15 members, 11 agree fails", 15, 15, eighty, Counts{11, 4, 0}, Counts{}, 0, false, 0, "73,33%"},
		{"15 members, 90% needs 14", 15, 15, ninety, Counts{14, 1, 0}, Counts{}, 0, true, 0, "93,33%"},
		{"15 members, 13 agree fails 90%", 15, 15, ninety, Counts{13, 2, 0}, Counts{}, 0, false, 0, "86,67%"},
		{"written votes of absentees count", 10, 8, eighty, Counts{6, 1, 1}, Counts{2, 0, 0}, 0, true, 0, "80%"},
		{"written disagree does not help", 10, 8, eighty, Counts{7, 1, 0}, Counts{0, 1, 0}, 0, false, 1, "70%"},
		{"absentee without written vote counts against", 10, 9, eighty, Counts{7, 1, 1}, Counts{}, 0, false, 1, "70%"},
		{"recusal still counts in the base", 10, 10, eighty, Counts{8, 1, 0}, Counts{}, 1, true, 0, "80%"},
		{"recusal makes it one short", 10, 10, eighty, Counts{7, 2, 0}, Counts{}, 1, false, 0, "70%"},
		{"abstentions are not agreement", 10, 10, eighty, Counts{7, 0, 3}, Counts{}, 0, false, 0, "70%"},
		{"quorum exactly at 2/3 of 9", 9, 6, Fraction{1, 2}, Counts{6, 0, 0}, Counts{}, 0, true, 3, "66,67%"},
		{"quorum exactly at 2/3 of 15", 15, 10, Fraction{1, 2}, Counts{10, 0, 0}, Counts{}, 0, true, 5, "66,67%"},
		{"one below quorum passes nothing", 15, 9, Fraction{1, 2}, Counts{9, 0, 0}, Counts{}, 0, false, 6, "60%"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			voted := tc.ballots.Sum() + tc.recused
			tl, err := Count(BallotInput{Mode: Electronic, Total: tc.total, Present: tc.present, Voted: voted,
				Items: []ItemInput{{Key: 7, Threshold: tc.thr, Ballots: tc.ballots, Written: tc.written, Recused: tc.recused}}})
			if err != nil {
				t.Fatal(err)
			}
			r := tl.Items[0]
			if r.Passed != tc.pass || r.NotVoted != tc.notVoted || r.Percent() != tc.percent || r.Key != 7 {
				t.Errorf("passed %v not voted %d percent %s; want %v %d %s (%+v)", r.Passed, r.NotVoted, r.Percent(),
					tc.pass, tc.notVoted, tc.percent, r)
			}
			if r.Agree+r.Disagree+r.Abstain+r.Recused+r.NotVoted != tc.total {
				t.Errorf("lines do not add up to the members: %+v", r)
			}
			if r.Written != tc.written.Sum() {
				t.Errorf("written %d", r.Written)
			}
			if r.Passed != (r.Short() == 0) && tl.Valid {
				t.Errorf("short %d", r.Short())
			}
		})
	}
}

func TestCountRefusesImpossibleCounts(t *testing.T) {
	eighty := Fraction{4, 5}
	tests := []struct {
		name string
		in   BallotInput
	}{
		{"paper counts exceed present", BallotInput{Mode: Paper, Total: 11, Present: 8,
			Items: []ItemInput{{Threshold: eighty, Ballots: Counts{7, 1, 1}}}}},
		{"paper counts plus recusal exceed present", BallotInput{Mode: Paper, Total: 11, Present: 8,
			Items: []ItemInput{{Threshold: eighty, Ballots: Counts{7, 1, 0}, Recused: 1}}}},
		{"more ballots than voters", BallotInput{Mode: Electronic, Total: 9, Present: 9, Voted: 5,
			Items: []ItemInput{{Threshold: eighty, Ballots: Counts{6, 0, 0}}}}},
		{"more voters than present", BallotInput{Mode: Electronic, Total: 9, Present: 6, Voted: 7}},
		{"more present than members", BallotInput{Mode: Paper, Total: 9, Present: 10}},
		{"written opinions from present members", BallotInput{Mode: Paper, Total: 9, Present: 8,
			Items: []ItemInput{{Threshold: eighty, Ballots: Counts{8, 0, 0}, Written: Counts{1, 1, 0}}}}},
		{"negative count", BallotInput{Mode: Paper, Total: 9, Present: 9,
			Items: []ItemInput{{Threshold: eighty, Ballots: Counts{9, -1, 0}}}}},
		{"no members", BallotInput{Mode: Paper}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Count(tc.in)
			var ce *CountError
			if !errors.As(err, &ce) || ce.Message == "" {
				t.Fatalf("want a CountError, got %v", err)
			}
		})
	}
	// Paper counts equal to the members present are fine.
	tl, err := Count(BallotInput{Mode: Paper, Total: 11, Present: 9,
		Items: []ItemInput{{Threshold: eighty, Ballots: Counts{9, 0, 0}}, {Threshold: eighty, Ballots: Counts{8, 1, 0}}}})
	if err != nil {
		t.Fatal(err)
	}
	if !tl.Items[0].Passed || tl.Items[1].Passed || tl.Passed() != 1 || tl.Failed() != 1 {
		t.Errorf("paper tally %+v", tl)
	}
}

func TestSessionTable(t *testing.T) {
	chair, office := []Actor{ChairActor}, []Actor{OfficeActor}
	// Open needs the chair, an agenda and the quorum.
	if _, err := Fire(Draft, OpenBallot, office, Facts{Present: 9, Total: 9, AgendaItems: 1}); !errors.Is(err, ErrWrongActor) {
		t.Errorf("office opened: %v", err)
	}
	var ge *GuardError
	if _, err := Fire(Draft, OpenBallot, chair, Facts{Present: 5, Total: 9, AgendaItems: 1}); !errors.As(err, &ge) || ge.Guard != QuorumGuard {
		t.Errorf("opened without quorum: %v", err)
	}
	if _, err := Fire(Draft, OpenBallot, chair, Facts{Present: 9, Total: 9}); !errors.As(err, &ge) {
		t.Errorf("opened without agenda: %v", err)
	}
	if to, err := Fire(Draft, OpenBallot, chair, Facts{Present: 6, Total: 9, AgendaItems: 2}); err != nil || to != Open {
		t.Errorf("open at exactly 2/3: %v %v", to, err)
	}
	if to, err := Fire(Open, CloseBallot, chair, Facts{}); err != nil || to != Closed {
		t.Errorf("close: %v %v", to, err)
	}
	if _, err := Fire(Open, ResetBallot, chair, Facts{Reason: "x"}); !errors.As(err, &ge) {
		t.Errorf("reset without reason: %v", err)
	}
	if to, err := Fire(Open, ResetBallot, chair, Facts{Reason: "Mất điện giữa phiên"}); err != nil || to != Draft {
		t.Errorf("reset: %v %v", to, err)
	}
	if _, err := Fire(Closed, ResetBallot, chair, Facts{Reason: "Mất điện giữa phiên"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a closed ballot was reset: %v", err)
	}
	// Second round: only failed items, only while rounds are left (R25).
	if to, err := Fire(Closed, SecondRound, chair, Facts{Round: 1, MaxRounds: 2, FailedItems: 1}); err != nil || to != Open {
		t.Errorf("second round: %v %v", to, err)
	}
	if _, err := Fire(Closed, SecondRound, chair, Facts{Round: 2, MaxRounds: 2, FailedItems: 1}); !errors.As(err, &ge) {
		t.Errorf("third round: %v", err)
	}
	if _, err := Fire(Closed, SecondRound, chair, Facts{Round: 1, MaxRounds: 2}); !errors.As(err, &ge) {
		t.Errorf("second round with nothing failed: %v", err)
	}
	if _, err := Fire(Concluded, OpenBallot, chair, Facts{Present: 9, Total: 9, AgendaItems: 1}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("reopened a concluded session: %v", err)
	}
	if AfterClose(1, 2, 1) != Closed || AfterClose(2, 2, 1) != Concluded || AfterClose(1, 2, 0) != Concluded || AfterClose(1, 1, 3) != Concluded {
		t.Error("AfterClose")
	}
	if got := Available(Open, chair); len(got) != 2 || got[0] != CloseBallot || got[1] != ResetBallot {
		t.Errorf("available: %v", got)
	}
	for _, s := range States {
		if s.Label() == string(s) || !s.Valid() {
			t.Errorf("state %s has no label", s)
		}
	}
}

func TestSecondRoundTally(t *testing.T) {
	// Round 1: 10 members, item fails with 7; round 2 re-votes it alone and
	// it passes with 8.
	r1, _ := Count(BallotInput{Mode: Electronic, Total: 10, Present: 10, Voted: 10,
		Items: []ItemInput{{Key: 1, Threshold: Fraction{4, 5}, Ballots: Counts{9, 1, 0}}, {Key: 2, Threshold: Fraction{4, 5}, Ballots: Counts{7, 3, 0}}}})
	if r1.Failed() != 1 || AfterClose(1, DefaultMaxRounds, r1.Failed()) != Closed {
		t.Fatalf("round 1 %+v", r1)
	}
	r2, _ := Count(BallotInput{Mode: Electronic, Total: 10, Present: 10, Voted: 10,
		Items: []ItemInput{{Key: 2, Threshold: Fraction{4, 5}, Ballots: Counts{8, 2, 0}}}})
	if r2.Failed() != 0 || AfterClose(2, DefaultMaxRounds, r2.Failed()) != Concluded {
		t.Fatalf("round 2 %+v", r2)
	}
}

func TestCheckBallot(t *testing.T) {
	items := []BallotItem{{Key: 1, Position: 1}, {Key: 2, Position: 2, Recusal: true}, {Key: 3, Position: 3}}
	if err := CheckBallot(items, map[int64]Choice{1: Agree, 3: Abstain}); err != nil {
		t.Errorf("valid ballot: %v", err)
	}
	for name, ch := range map[string]map[int64]Choice{
		"missing item":       {1: Agree},
		"vote on recusal":    {1: Agree, 2: Agree, 3: Agree},
		"unknown choice":     {1: "yes", 3: Agree},
		"item not on ballot": {1: Agree, 3: Agree, 4: Agree},
	} {
		if err := CheckBallot(items, ch); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if !Conflict(5, 9, 5, 0) || !Conflict(5, 9, 0, 9) || Conflict(5, 9, 6, 0) || Conflict(5, 9, 0, 8) || Conflict(5, 0, 0, 0) {
		t.Error("Conflict")
	}
}

func TestRoster(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	ok := []Seat{
		{PersonID: 1, Role: Chair, From: d(2024, 1, 1), To: d(2025, 6, 30)},
		{PersonID: 2, Role: Chair, From: d(2025, 7, 1)},
		{PersonID: 1, Role: Member, From: d(2025, 7, 1)},
		{PersonID: 3, Role: Secretary, From: d(2024, 1, 1)},
	}
	if err := CheckRoster(ok); err != nil {
		t.Fatal(err)
	}
	if !ok[0].ActiveOn(d(2025, 6, 30)) || ok[0].ActiveOn(d(2025, 7, 1)) || !ok[1].ActiveOn(d(2030, 1, 1)) || ok[1].ActiveOn(d(2025, 6, 30)) {
		t.Error("ActiveOn")
	}
	for want, seats := range map[error][]Seat{
		ErrTwoChairs:   {{PersonID: 1, Role: Chair, From: d(2024, 1, 1)}, {PersonID: 2, Role: Chair, From: d(2025, 1, 1)}},
		ErrSeatOverlap: {{PersonID: 1, Role: Member, From: d(2024, 1, 1), To: d(2025, 1, 1)}, {PersonID: 1, Role: Standing, From: d(2025, 1, 1)}},
		ErrSeatDates:   {{PersonID: 1, Role: Member, From: d(2025, 1, 2), To: d(2025, 1, 1)}},
		ErrRoleUnknown: {{PersonID: 1, Role: "boss", From: d(2025, 1, 1)}},
	} {
		if err := CheckRoster(seats); !errors.Is(err, want) {
			t.Errorf("want %v, got %v", want, err)
		}
	}
	for _, r := range Roles {
		if r.Label() == string(r) || r.Rank() < 0 {
			t.Errorf("role %s", r)
		}
	}
}

func TestReceiptCode(t *testing.T) {
	re := regexp.MustCompile(`^[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}$`)
	seen := map[string]bool{}
	for range 2000 {
		c := NewReceiptCode()
		if !re.MatchString(c) {
			t.Fatalf("code %q", c)
		}
		if seen[c] {
			t.Fatalf("duplicate %q", c)
		}
		seen[c] = true
	}
}

func TestQuorumFromPct(t *testing.T) {
	if QuorumFromPct(67) != Quorum || QuorumFromPct(66) != Quorum || QuorumFromPct(0) != Quorum {
		t.Error("two thirds")
	}
	if q := QuorumFromPct(75); q != (Fraction{3, 4}) || !QuorumMet(q, 12, 16) || QuorumMet(q, 11, 16) {
		t.Errorf("75%%: %v", q)
	}
	if !QuorumMet(Fraction{}, 10, 15) || QuorumMet(Fraction{}, 9, 15) || QuorumMet(Quorum, 0, 0) {
		t.Error("default quorum")
	}
}
