package dossier

import (
	"slices"
	"strings"
	"testing"
)

func TestRules(t *testing.T) {
	if p := CheckNomination("Thành tích", "", false, true); !p.OK() {
		t.Errorf("eligible, no justification: %v", p)
	}
	if p := CheckNomination("Thành tích", "abc", true, true); !strings.Contains(p["justification"], "chưa đủ điều kiện") {
		t.Errorf("flagged at create: %v", p)
	}
	if p := CheckNomination("Thành tích", "abc", true, false); !strings.Contains(p["justification"], "ít nhất 5 ký tự") {
		t.Errorf("flagged at edit: %v", p)
	}
	if p := CheckNomination(strings.Repeat("a", MaxSummary+1), "", false, false); p["summary"] == "" {
		t.Errorf("long summary: %v", p)
	}
	if p := CheckMark(Eligible, ""); !p.OK() {
		t.Errorf("eligible without reason: %v", p)
	}
	if p := CheckMark(Ineligible, "x"); p["reason"] == "" {
		t.Errorf("ineligible without reason: %v", p)
	}
	if p := CheckMark("", ""); p["mark"] == "" {
		t.Errorf("no mark: %v", p)
	}
	if p := CheckReturn("bổ sung"); !p.OK() {
		t.Errorf("return: %v", p)
	}
	if p := CheckReturn(""); p["items"] == "" {
		t.Errorf("empty return: %v", p)
	}
	if p := CanChangeNominations(Draft); !p.OK() {
		t.Errorf("draft: %v", p)
	}
	if p := CanChangeNominations(Submitted); !strings.Contains(p["state"], Submitted.Label()) {
		t.Errorf("submitted: %v", p)
	}
}

func TestSubmissionAndCaller(t *testing.T) {
	for from, want := range map[State]Event{Draft: Submit, Returned: Resubmit, Appraising: Submit} {
		if got := Submission(from); got != want {
			t.Errorf("Submission(%s) = %s; want %s", from, got, want)
		}
	}
	head := Caller{UnitID: 7, UnitHead: true}
	if a := head.Actors(7); len(a) != 1 || a[0] != UnitHead {
		t.Errorf("head of the unit: %v", a)
	}
	if a := head.Actors(8); len(a) != 0 {
		t.Errorf("head of another unit: %v", a)
	}
	if a := (Caller{Office: true, Chair: true}).Actors(8); len(a) != 2 {
		t.Errorf("office and chair: %v", a)
	}
}

// TestActsAsOffice: four eyes on the office's own unit: its head (who
// prepares its work) does not check it; another office member or
// leadership does; leadership checks no other unit's work.
func TestActsAsOffice(t *testing.T) {
	const office, other = 10, 30
	for _, c := range []struct {
		name   string
		caller Caller
		unit   int64
		want   bool
	}{
		{"office head, own unit", Caller{UnitID: office, UnitHead: true, Office: true}, office, false},
		{"office head, other unit", Caller{UnitID: office, UnitHead: true, Office: true}, other, true},
		{"second office member, own unit", Caller{UnitID: office, Office: true}, office, true},
		{"leader, office's unit", Caller{UnitID: 1, Leader: true, OfficeUnits: []int64{office}}, office, true},
		{"leader, other unit", Caller{UnitID: 1, Leader: true, OfficeUnits: []int64{office}}, other, false},
		{"head, own unit", Caller{UnitID: other, UnitHead: true}, other, false},
		{"leader, no unit", Caller{Leader: true, OfficeUnits: []int64{office}}, 0, false},
	} {
		if got := c.caller.ActsAsOffice(c.unit); got != c.want {
			t.Errorf("%s: ActsAsOffice = %v; want %v", c.name, got, c.want)
		}
		if got := slices.Contains(c.caller.Actors(c.unit), Office); got != c.want {
			t.Errorf("%s: office among the actors = %v; want %v", c.name, got, c.want)
		}
	}
}
