package dossier

import (
	"errors"
	"fmt"
	"testing"
	"unicode"
)

var allActors = []Actor{UnitHead, Office, Chair, System}

var goodFacts = Facts{ChecklistComplete: true, Reason: "Thiếu báo cáo thành tích", AllMarked: true, OnAgenda: true}

// TestEveryStateEventPair fires every event in every state as every actor:
// exactly the table's rows succeed, with the table's actor; everything
// else is refused.
func TestEveryStateEventPair(t *testing.T) {
	expected := map[string]Transition{}
	for _, tr := range Table {
		key := string(tr.From) + "/" + string(tr.Event)
		if _, dup := expected[key]; dup {
			t.Fatalf("table has %s twice", key)
		}
		expected[key] = tr
	}
	tested := 0
	for _, s := range States {
		for _, e := range Events {
			tr, ok := expected[string(s)+"/"+string(e)]
			for _, a := range allActors {
				tested++
				got, err := Fire(s, e, []Actor{a}, goodFacts)
				switch {
				case !ok:
					if !errors.Is(err, ErrNotAllowed) || got != s {
						t.Errorf("%s --%s--> by %s = %s, %v; want refused (not allowed)", s, e, a, got, err)
					}
				case a != tr.Who:
					if !errors.Is(err, ErrWrongActor) || got != s {
						t.Errorf("%s --%s--> by %s = %s, %v; want refused (wrong actor)", s, e, a, got, err)
					}
				default:
					if err != nil || got != tr.To {
						t.Errorf("%s --%s--> by %s = %s, %v; want %s", s, e, a, got, err, tr.To)
					}
				}
			}
		}
	}
	if want := len(States) * len(Events) * len(allActors); tested != want {
		t.Errorf("tested %d combinations; want %d", tested, want)
	}
}

// TestGuards refuses each guarded transition when its fact is missing.
func TestGuards(t *testing.T) {
	cases := []struct {
		from  State
		event Event
		who   Actor
		facts Facts
		guard Guard
	}{
		{Draft, Submit, UnitHead, Facts{}, ChecklistComplete},
		{Returned, Resubmit, UnitHead, Facts{}, ChecklistComplete},
		{Appraising, Return, Office, Facts{}, ReasonGiven},
		{Appraising, Return, Office, Facts{Reason: " ab "}, ReasonGiven},
		{Appraising, Appraise, Office, Facts{}, AllMarked},
		{Appraised, Schedule, Office, Facts{}, OnAgenda},
	}
	for _, c := range cases {
		got, err := Fire(c.from, c.event, []Actor{c.who}, c.facts)
		var ge *GuardError
		if !errors.As(err, &ge) || ge.Guard != c.guard || got != c.from || ge.Message == "" {
			t.Errorf("%s --%s--> without %s = %s, %v; want guard error", c.from, c.event, c.guard, got, err)
		}
	}
}

// TestSkippingSteps: a department head cannot appraise her own dossier, and
// nothing jumps from draft to appraised or acts on a withdrawn/closed one.
func TestSkippingSteps(t *testing.T) {
	if _, err := Fire(Draft, Appraise, allActors, goodFacts); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("draft → appraise: %v", err)
	}
	if _, err := Fire(Appraising, Appraise, []Actor{UnitHead}, goodFacts); !errors.Is(err, ErrWrongActor) {
		t.Errorf("unit head appraising: %v", err)
	}
	for _, s := range []State{Withdrawn, Closed} {
		if ev := Available(s, allActors); len(ev) != 0 {
			t.Errorf("%s: events %v available; want none", s, ev)
		}
	}
}

func TestAvailable(t *testing.T) {
	if got := fmt.Sprint(Available(Draft, []Actor{UnitHead})); got != "[submit withdraw]" {
		t.Errorf("draft for unit head: %s", got)
	}
	if got := fmt.Sprint(Available(Appraising, []Actor{Office})); got != "[return appraise]" {
		t.Errorf("appraising for office: %s", got)
	}
	if got := Available(Appraising, []Actor{UnitHead}); len(got) != 0 {
		t.Errorf("appraising for unit head: %v", got)
	}
}

// TestEveryNominationPair fires every nomination event in every state as
// every actor.
func TestEveryNominationPair(t *testing.T) {
	expected := map[string]NominationTransition{}
	for _, tr := range NominationTable {
		key := string(tr.From) + "/" + string(tr.Event)
		if _, dup := expected[key]; dup {
			t.Fatalf("table has %s twice", key)
		}
		expected[key] = tr
	}
	for _, s := range NominationStates {
		for _, e := range NominationEvents {
			tr, ok := expected[string(s)+"/"+string(e)]
			for _, a := range allActors {
				got, err := FireNomination(s, e, []Actor{a}, "Có đơn thư đang xác minh")
				switch {
				case !ok:
					if !errors.Is(err, ErrNotAllowed) || got != s {
						t.Errorf("%s --%s--> by %s = %s, %v; want not allowed", s, e, a, got, err)
					}
				case a != tr.Who:
					if !errors.Is(err, ErrWrongActor) || got != s {
						t.Errorf("%s --%s--> by %s = %s, %v; want wrong actor", s, e, a, got, err)
					}
				default:
					if err != nil || got != tr.To {
						t.Errorf("%s --%s--> by %s = %s, %v; want %s", s, e, a, got, err, tr.To)
					}
					if tr.NeedsReason {
						if _, err := FireNomination(s, e, []Actor{a}, ""); err == nil {
							t.Errorf("%s --%s--> without a reason accepted", s, e)
						}
					}
				}
			}
		}
	}
}

func TestMarks(t *testing.T) {
	if EveryMarked(nil) {
		t.Error("no nominations counted as all marked")
	}
	if EveryMarked([]NominationState{Eligible, Proposed}) {
		t.Error("a proposed nomination counted as marked")
	}
	if !EveryMarked([]NominationState{Eligible, Ineligible, OnHold}) {
		t.Error("marked nominations not all marked")
	}
	for _, m := range []NominationState{Eligible, Ineligible, OnHold} {
		if _, ok := MarkEvent(m); !ok {
			t.Errorf("no event for mark %s", m)
		}
	}
	if _, ok := MarkEvent(Passed); ok {
		t.Error("passed is not an appraisal mark")
	}
}

// TestLabels: every state, event and kind has Vietnamese words, not its code.
func TestLabels(t *testing.T) {
	vietnamese := func(s, code string) {
		t.Helper()
		hasMark := false
		for _, r := range s {
			if r > unicode.MaxASCII {
				hasMark = true
			}
		}
		if s == code || s == "" || !hasMark {
			t.Errorf("%q: label %q is not Vietnamese", code, s)
		}
	}
	for _, s := range States {
		vietnamese(s.Label(), string(s))
		vietnamese(s.Explain(), string(s))
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	for _, e := range Events {
		vietnamese(e.Label(), string(e))
		vietnamese(e.Done(), string(e))
	}
	for _, s := range NominationStates {
		vietnamese(s.Label(), string(s))
	}
	for _, k := range RoundKinds {
		vietnamese(k.Label(), string(k))
	}
	if Draft.Editable() != true || Returned.Editable() != true || Submitted.Editable() {
		t.Error("Editable")
	}
}

func TestChecklist(t *testing.T) {
	long := "Hoàn thành xuất sắc nhiệm vụ thẩm định ngân sách năm 2025"
	items := []Item{
		{ID: 1, Required: []string{"to_trinh", "bao_cao"}, Attached: map[string]bool{"bao_cao": true}, Summary: long},
		{ID: 2, Required: []string{"to_trinh", "bao_cao"}, Attached: map[string]bool{}, Summary: "ngắn", Flagged: true},
	}
	c := Check(items, map[string]bool{})
	if c.Complete {
		t.Fatal("incomplete dossier counted complete")
	}
	if got := fmt.Sprint(c.Items[0].Missing, c.Items[1].Missing); got != "[to_trinh] [to_trinh bao_cao]" {
		t.Errorf("missing = %s", got)
	}
	if !c.Items[1].SummaryMissing || !c.Items[1].JustificationMissing || c.Items[0].SummaryMissing {
		t.Errorf("summary/justification checks wrong: %+v", c.Items)
	}
	items[1] = Item{ID: 2, Required: []string{"to_trinh", "bao_cao"}, Attached: map[string]bool{"bao_cao": true},
		Summary: long, Flagged: true, Reason: "Có thành tích đột xuất trong năm"}
	if c := Check(items, map[string]bool{"to_trinh": true}); !c.Complete {
		t.Errorf("complete dossier counted incomplete: %+v", c)
	}
	if Check(nil, nil).Complete {
		t.Error("a dossier without nominations counted complete")
	}
}
