package campaign

import (
	"testing"
	"time"
)

func d(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }

func TestValidate(t *testing.T) {
	ok := Campaign{Year: 2025, Kind: Regular, Name: "Thi đua 2025", LaunchOn: d(2025, 1, 10), RegistrationDeadline: d(2025, 2, 28),
		Criteria: []Criterion{{Title: "Hoàn thành dự toán"}}, UnitIDs: []int64{1}}
	for _, tc := range []struct {
		name  string
		edit  func(*Campaign)
		field string
	}{
		{"valid", func(*Campaign) {}, ""},
		{"no name", func(c *Campaign) { c.Name = "" }, "name"},
		{"bad kind", func(c *Campaign) { c.Kind = "x" }, "kind"},
		{"deadline before launch", func(c *Campaign) { c.RegistrationDeadline = d(2025, 1, 9) }, "registration_deadline"},
		{"deadline on launch day", func(c *Campaign) { c.RegistrationDeadline = d(2025, 1, 10) }, ""},
		{"launch before document", func(c *Campaign) { c.DocDate = d(2025, 1, 11) }, "launch_on"},
		{"periodic without dates", func(c *Campaign) { c.Kind = Periodic }, "starts_on"},
		{"ends before starts", func(c *Campaign) { c.StartsOn, c.EndsOn = d(2025, 5, 1), d(2025, 4, 1) }, "ends_on"},
		{"final before mid", func(c *Campaign) { c.MidReviewOn, c.FinalReviewOn = d(2025, 7, 1), d(2025, 6, 1) }, "final_review_on"},
		{"criterion without title", func(c *Campaign) { c.Criteria = []Criterion{{Target: "100%"}} }, "criterion_1"},
		{"year", func(c *Campaign) { c.Year = 1999 }, "year"},
	} {
		c := ok
		c.Criteria = append([]Criterion(nil), ok.Criteria...)
		tc.edit(&c)
		p := c.Validate()
		if tc.field == "" && !p.OK() || tc.field != "" && p[tc.field] == "" {
			t.Errorf("%s: %v; want problem on %q", tc.name, p, tc.field)
		}
	}
	empty := ok
	empty.Criteria, empty.UnitIDs = nil, nil
	if p := empty.CanLaunch(); p["criteria"] == "" || p["units"] == "" {
		t.Errorf("CanLaunch(no criteria, no units) = %v", p)
	}
}

func TestNormalizeDropsEmptyCriteria(t *testing.T) {
	c := Campaign{Name: "  A  ", Criteria: []Criterion{{Title: " x "}, {}, {Title: "y", Target: " 5 "}}}
	c.Normalize()
	if c.Name != "A" || len(c.Criteria) != 2 || c.Criteria[0].Title != "x" || c.Criteria[1].Target != "5" {
		t.Errorf("Normalize = %+v", c)
	}
}

func TestTransitions(t *testing.T) {
	for _, tc := range []struct {
		from Status
		e    Event
		to   Status
		ok   bool
	}{
		{Draft, Launch, Launched, true}, {Launched, Close, Closed, true}, {Closed, Reopen, Launched, true},
		{Draft, Close, "", false}, {Launched, Launch, "", false}, {Closed, Close, "", false}, {Launched, Reopen, "", false},
	} {
		to, ok := Next(tc.from, tc.e)
		if to != tc.to || ok != tc.ok {
			t.Errorf("Next(%s, %s) = %s, %v; want %s, %v", tc.from, tc.e, to, ok, tc.to, tc.ok)
		}
	}
	if !NeedsReason(Reopen) || NeedsReason(Close) {
		t.Error("only reopen needs a reason")
	}
}

func TestPledgeFlow(t *testing.T) {
	for _, tc := range []struct {
		from PledgeStatus
		e    PledgeEvent
		by   Actor
		to   PledgeStatus
		ok   bool
	}{
		{PledgeDraft, PledgeSubmit, ByUnit, PledgeSubmitted, true},
		{PledgeReturned, PledgeSubmit, ByUnit, PledgeSubmitted, true},
		{PledgeSubmitted, PledgeAccept, ByOffice, PledgeAccepted, true},
		{PledgeSubmitted, PledgeReturn, ByOffice, PledgeReturned, true},
		{PledgeSubmitted, PledgeAccept, ByUnit, PledgeSubmitted, false},
		{PledgeDraft, PledgeAccept, ByOffice, PledgeDraft, false},
		{PledgeAccepted, PledgeSubmit, ByUnit, PledgeAccepted, false},
		{PledgeAccepted, PledgeReturn, ByOffice, PledgeAccepted, false},
	} {
		to, ok := PledgeNext(tc.from, tc.e, tc.by)
		if to != tc.to || ok != tc.ok {
			t.Errorf("PledgeNext(%s, %s, %s) = %s, %v; want %s, %v", tc.from, tc.e, tc.by, to, ok, tc.to, tc.ok)
		}
	}
	for s, want := range map[PledgeStatus]bool{PledgeNone: true, PledgeDraft: true, PledgeReturned: true, PledgeSubmitted: false, PledgeAccepted: false} {
		if PledgeEditable(s) != want {
			t.Errorf("PledgeEditable(%q) != %v", s, want)
		}
	}
}

func TestIsLate(t *testing.T) {
	deadline := d(2025, 2, 28)
	ict := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct {
		sent time.Time
		late bool
	}{
		{time.Date(2025, 2, 28, 23, 59, 0, 0, ict), false},
		{time.Date(2025, 3, 1, 0, 0, 0, 0, ict), true},
		{time.Date(2025, 2, 28, 16, 59, 0, 0, time.UTC), false}, // 23:59 in Vietnam
		{time.Date(2025, 2, 28, 17, 0, 0, 0, time.UTC), true},   // 00:00 on 1/3 in Vietnam
		{d(2025, 1, 1), false},
	} {
		if got := IsLate(deadline, tc.sent); got != tc.late {
			t.Errorf("IsLate(%v) = %v; want %v", tc.sent, got, tc.late)
		}
	}
	if IsLate(time.Time{}, d(2030, 1, 1)) {
		t.Error("no deadline is never late")
	}
}

func TestPledgeValidate(t *testing.T) {
	criteria := []Criterion{{ID: 1, Title: "Dự toán"}, {ID: 2, Title: "Cải cách"}}
	staff := map[int64]string{10: "An", 11: "Bình"}
	p := Pledge{CollectiveTarget: TTLDXS, Commitments: map[int64]string{1: "100%", 2: "Số hóa"},
		People: []PersonTarget{{PersonID: 10, Target: CSTDCS}, {PersonID: 11, Target: LDTT}}}
	if pr := p.CanSubmit(criteria, staff); !pr.OK() {
		t.Errorf("CanSubmit(valid) = %v", pr)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Pledge)
		field string
	}{
		{"other unit's person", func(p *Pledge) { p.People = append(p.People, PersonTarget{PersonID: 99, Target: LDTT}) }, "people"},
		{"person twice", func(p *Pledge) { p.People = append(p.People, PersonTarget{PersonID: 10, Target: LDTT}) }, "people"},
		{"collective title as individual", func(p *Pledge) { p.People[0].Target = TTLDTT }, "people"},
		{"bad collective", func(p *Pledge) { p.CollectiveTarget = LDTT }, "collective_target"},
		{"missing collective", func(p *Pledge) { p.CollectiveTarget = "" }, "collective_target"},
		{"missing commitment", func(p *Pledge) { delete(p.Commitments, 2) }, "commitment_2"},
		{"foreign criterion", func(p *Pledge) { p.Commitments[7] = "x" }, "commitments"},
	} {
		c := p
		c.People = append([]PersonTarget(nil), p.People...)
		c.Commitments = map[int64]string{}
		for k, v := range p.Commitments {
			c.Commitments[k] = v
		}
		tc.edit(&c)
		if pr := c.CanSubmit(criteria, staff); pr[tc.field] == "" {
			t.Errorf("%s: %v; want problem on %s", tc.name, pr, tc.field)
		}
	}
}

func TestSummarise(t *testing.T) {
	r := Summarise([]UnitPledge{
		{UnitName: "A", Status: PledgeAccepted, CollectiveTarget: TTLDXS, People: map[Target]int{LDTT: 5, CSTDCS: 1}},
		{UnitName: "B", Status: PledgeSubmitted, Late: true, CollectiveTarget: TTLDTT, People: map[Target]int{LDTT: 3}},
		{UnitName: "C", Status: PledgeDraft},
		{UnitName: "D"},
		{UnitName: "E", Status: PledgeReturned},
	})
	if r.Units != 5 || r.Registered != 2 || r.Accepted != 1 || r.Late != 1 || len(r.Missing) != 3 ||
		r.Individuals[LDTT] != 8 || r.Individuals[CSTDCS] != 1 || r.Collective[TTLDXS] != 1 {
		t.Errorf("Summarise = %+v", r)
	}
}
