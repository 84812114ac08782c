// Package dossier holds the workflow of a unit's dossier (hồ sơ đề nghị khen
// thưởng) and of its nominations (đề nghị), as tables of
// (state, event) → state with the role allowed to fire each event and the
// guard it must pass (design.md §4). It has no database and no HTTP.
package dossier

import (
	"errors"
	"slices"

	"tdkt/internal/validate"
)

// State is where a dossier is in its workflow.
type State string

const (
	Draft      State = "draft"      // the department is preparing it
	Submitted  State = "submitted"  // sent to the office, not yet received
	Appraising State = "appraising" // the office is checking it
	Returned   State = "returned"   // sent back for supplement
	Appraised  State = "appraised"  // every nomination marked
	InCouncil  State = "in_council" // on a council session's agenda
	Concluded  State = "concluded"  // the council has voted
	Decided    State = "decided"    // decision or tờ trình issued
	Closed     State = "closed"     // higher-level outcomes recorded
	Withdrawn  State = "withdrawn"  // withdrawn by the department
)

// States lists every dossier state in workflow order.
var States = []State{Draft, Submitted, Appraising, Returned, Appraised, InCouncil, Concluded, Decided, Closed, Withdrawn}

// Event is what moves a dossier from one state to another.
type Event string

const (
	Submit   Event = "submit"
	Withdraw Event = "withdraw"
	Receive  Event = "receive"
	Return   Event = "return"
	Resubmit Event = "resubmit"
	Appraise Event = "appraise"
	Schedule Event = "schedule"
	Conclude Event = "conclude"
	Decide   Event = "decide"
	Close    Event = "close"
)

// Events lists every dossier event.
var Events = []Event{Submit, Withdraw, Receive, Return, Resubmit, Appraise, Schedule, Conclude, Decide, Close}

// Actor is who fires an event, as the workflow sees it.
type Actor string

const (
	UnitHead Actor = "unit_head" // the head of the dossier's own unit
	Office   Actor = "office"    // Văn phòng Sở
	Chair    Actor = "chair"     // Chủ tịch Hội đồng (Giám đốc)
	System   Actor = "system"    // tdkt itself (e.g. a session closing)
)

// Caller is who fires an event as the workflow needs to know him: his unit
// and whether he heads it, works in the office or chairs the council.
type Caller struct {
	UnitID   int64
	UnitHead bool // heads UnitID
	Office   bool
	Chair    bool
	// Leader: leadership, which does the office's part on the office's
	// own units' dossiers (OfficeUnits: the units of the office's staff).
	Leader      bool
	OfficeUnits []int64
}

// Actors is what the caller is to a dossier of unit unitID.
func (c Caller) Actors(unitID int64) []Actor {
	var out []Actor
	if c.UnitHead && c.UnitID != 0 && c.UnitID == unitID {
		out = append(out, UnitHead)
	}
	if c.ActsAsOffice(unitID) {
		out = append(out, Office)
	}
	if c.Chair {
		out = append(out, Chair)
	}
	return out
}

// ActsAsOffice reports whether the caller does the office's part on a
// unit's work (four eyes: nobody checks what he prepared himself). An
// office member does it for other units, and for his own unit when he
// does not head it (the head prepares the unit's pledge and dossier);
// leadership does it for the office's own units.
func (c Caller) ActsAsOffice(unitID int64) bool {
	if c.Office && (c.UnitID != unitID || !c.UnitHead) {
		return true
	}
	return c.Leader && unitID != 0 && slices.Contains(c.OfficeUnits, unitID)
}

// Guard is a condition a transition needs besides the role.
type Guard string

const (
	NoGuard           Guard = ""
	ChecklistComplete Guard = "checklist_complete" // R27: every required document attached
	ReasonGiven       Guard = "reason_given"       // a written reason / supplement list
	AllMarked         Guard = "all_marked"         // every nomination eligible / ineligible / on hold
	OnAgenda          Guard = "on_agenda"          // nominations placed on a session agenda
)

// Transition is one row of the workflow table.
type Transition struct {
	From  State
	Event Event
	To    State
	Who   Actor
	Guard Guard
}

// Table is the dossier workflow (design.md §4).
var Table = []Transition{
	{Draft, Submit, Submitted, UnitHead, ChecklistComplete},
	{Draft, Withdraw, Withdrawn, UnitHead, NoGuard},
	{Submitted, Receive, Appraising, Office, NoGuard},
	{Appraising, Return, Returned, Office, ReasonGiven},
	{Returned, Resubmit, Submitted, UnitHead, ChecklistComplete},
	{Appraising, Appraise, Appraised, Office, AllMarked},
	{Appraised, Schedule, InCouncil, Office, OnAgenda},
	{InCouncil, Conclude, Concluded, System, NoGuard},
	{Concluded, Decide, Decided, Chair, NoGuard},
	{Decided, Close, Closed, Office, NoGuard},
}

// Facts are what the guards look at, gathered by the caller.
type Facts struct {
	ChecklistComplete bool
	Reason            string
	AllMarked         bool
	OnAgenda          bool
}

// Errors of Fire.
var (
	// ErrNotAllowed: the event does not apply to the dossier's state.
	ErrNotAllowed = errors.New("dossier: event not allowed in this state")
	// ErrWrongActor: the event applies, but not by this actor.
	ErrWrongActor = errors.New("dossier: actor may not fire this event")
)

// GuardError is a guard refusing a transition; Message is for the user.
type GuardError struct {
	Guard   Guard
	Message string
}

func (e *GuardError) Error() string { return "dossier: " + e.Message }

// Submission is the event that sends a dossier in state from to the
// office, as the table says (submit from a draft, resubmit once returned);
// Submit when there is none, which Fire then refuses.
func Submission(from State) Event {
	for _, t := range Table {
		if t.From == from && t.To == Submitted {
			return t.Event
		}
	}
	return Submit
}

// Find returns the transition of event from state.
func Find(from State, e Event) (Transition, bool) {
	for _, t := range Table {
		if t.From == from && t.Event == e {
			return t, true
		}
	}
	return Transition{}, false
}

// Fire checks that one of actors may fire e on a dossier in state from,
// given the facts, and returns the new state.
func Fire(from State, e Event, actors []Actor, f Facts) (State, error) {
	t, ok := Find(from, e)
	if !ok {
		return from, ErrNotAllowed
	}
	if !slices.Contains(actors, t.Who) {
		return from, ErrWrongActor
	}
	if err := check(t.Guard, f); err != nil {
		return from, err
	}
	return t.To, nil
}

func check(g Guard, f Facts) error {
	switch g {
	case ChecklistComplete:
		if !f.ChecklistComplete {
			return &GuardError{g, "Hồ sơ còn thiếu đề nghị hoặc tài liệu bắt buộc. Hãy xem danh sách việc cần làm và bổ sung trước khi nộp."}
		}
	case ReasonGiven:
		if len([]rune(f.Reason)) < 5 {
			return &GuardError{g, "Hãy ghi rõ những nội dung đơn vị cần bổ sung."}
		}
	case AllMarked:
		if !f.AllMarked {
			return &GuardError{g, "Còn đề nghị chưa được kết luận thẩm định (đủ điều kiện, không đủ điều kiện hoặc tạm dừng xét)."}
		}
	case OnAgenda:
		if !f.OnAgenda {
			return &GuardError{g, "Các đề nghị chưa được đưa vào chương trình phiên họp Hội đồng."}
		}
	}
	return nil
}

// Available lists the events actors may fire from state, in table order
// (guards not checked: the page shows why a button is refused).
func Available(from State, actors []Actor) []Event {
	var out []Event
	for _, t := range Table {
		if t.From == from && slices.Contains(actors, t.Who) {
			out = append(out, t.Event)
		}
	}
	return out
}

// Editable reports whether the department may change the dossier's
// nominations and documents in state s.
func (s State) Editable() bool { return s == Draft || s == Returned }

// CanChangeNominations lists what stops the unit from adding or changing
// the nominations of a dossier in state s.
func CanChangeNominations(s State) validate.Problems {
	p := validate.Problems{}
	p.Check(s.Editable(), "state", "Hồ sơ đang ở trạng thái “"+s.Label()+"” nên không thêm đề nghị được.")
	return p
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Valid reports whether e is a known event.
func (e Event) Valid() bool { return slices.Contains(Events, e) }
