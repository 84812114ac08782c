package council

import (
	"errors"
	"slices"
)

// State is where a council session is.
type State string

// Session states.
const (
	Draft     State = "draft"     // agenda and attendance being prepared
	Open      State = "open"      // a ballot is open
	Closed    State = "closed"    // the round's ballot is closed; a second round may follow
	Concluded State = "concluded" // every item has its result
)

// States lists the session states in workflow order.
var States = []State{Draft, Open, Closed, Concluded}

// Label is the state's Vietnamese name.
func (s State) Label() string {
	switch s {
	case Draft:
		return "Đang chuẩn bị"
	case Open:
		return "Đang bỏ phiếu"
	case Closed:
		return "Đã kết thúc bỏ phiếu"
	case Concluded:
		return "Đã kết luận"
	}
	return string(s)
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Event moves a session.
type Event string

// Session events.
const (
	OpenBallot  Event = "open_ballot"  // the chair opens the (first) ballot
	CloseBallot Event = "close_ballot" // the chair closes it: tally
	ResetBallot Event = "reset_ballot" // the chair discards an open ballot, with a reason
	SecondRound Event = "second_round" // the chair opens another round for failed items (R25)
	Conclude    Event = "conclude"     // the chair ends the session: failed items fail
)

// Events lists every session event.
var Events = []Event{OpenBallot, CloseBallot, ResetBallot, SecondRound, Conclude}

// Actor is who fires a session event.
type Actor string

// Actors of the session workflow.
const (
	ChairActor  Actor = "chair"  // the council's chair (or the vice chair presiding)
	OfficeActor Actor = "office" // the standing office (Văn phòng Sở)
)

// Guard is a condition a transition needs besides the role.
type Guard string

// Guards of the session workflow.
const (
	NoGuard     Guard = ""
	QuorumGuard Guard = "quorum"      // R21: enough members present, and an agenda
	ReasonGuard Guard = "reason"      // a written reason
	RoundsLeft  Guard = "rounds_left" // R25: failed items and a round left
)

// Transition is one row of the session table.
type Transition struct {
	From  State
	Event Event
	To    State
	Who   Actor
	Guard Guard
}

// Table is the session workflow. Closing a round whose items all have a
// final result goes straight to Concluded (see AfterClose).
var Table = []Transition{
	{Draft, OpenBallot, Open, ChairActor, QuorumGuard},
	{Open, CloseBallot, Closed, ChairActor, NoGuard},
	{Open, ResetBallot, Draft, ChairActor, ReasonGuard},
	{Closed, SecondRound, Open, ChairActor, RoundsLeft},
	{Closed, Conclude, Concluded, ChairActor, NoGuard},
}

// Facts are what the guards look at, gathered by the caller.
type Facts struct {
	Present, Total int      // members present, members of the council
	Quorum         Fraction // R21 (zero: the default two thirds)
	AgendaItems    int      // items on the agenda
	Reason         string   // written reason
	Round          int      // the round just closed
	MaxRounds      int      // R25 setting (default 2)
	FailedItems    int      // items that failed the round just closed
}

// Errors of Fire.
var (
	ErrNotAllowed = errors.New("council: event not allowed in this state")
	ErrWrongActor = errors.New("council: actor may not fire this event")
)

// GuardError is a guard refusing a transition; Message is for the user.
type GuardError struct {
	Guard   Guard
	Message string
}

func (e *GuardError) Error() string { return "council: " + e.Message }

// Find returns the transition of event e from state.
func Find(from State, e Event) (Transition, bool) {
	for _, t := range Table {
		if t.From == from && t.Event == e {
			return t, true
		}
	}
	return Transition{}, false
}

// Fire checks that one of actors may fire e on a session in state from,
// given the facts, and returns the new state.
func Fire(from State, e Event, actors []Actor, f Facts) (State, error) {
	t, ok := Find(from, e)
	if !ok {
		return from, ErrNotAllowed
	}
	if !slices.Contains(actors, t.Who) {
		return from, ErrWrongActor
	}
	switch t.Guard {
	case QuorumGuard:
		if f.AgendaItems == 0 {
			return from, &GuardError{t.Guard, "Chương trình phiên họp chưa có đề nghị nào."}
		}
		if !QuorumMet(f.Quorum, f.Present, f.Total) {
			return from, &GuardError{t.Guard, "Chưa đủ số thành viên dự họp: cần ít nhất 2/3 tổng số thành viên Hội đồng."}
		}
	case ReasonGuard:
		if len([]rune(f.Reason)) < 5 {
			return from, &GuardError{t.Guard, "Hãy ghi rõ lý do (ít nhất 5 ký tự)."}
		}
	case RoundsLeft:
		if f.FailedItems == 0 {
			return from, &GuardError{t.Guard, "Không còn đề nghị nào cần bỏ phiếu lại."}
		}
		if f.Round >= f.MaxRounds {
			return from, &GuardError{t.Guard, "Đã bỏ phiếu đủ số vòng tối đa theo quy định."}
		}
	}
	return t.To, nil
}

// Available lists the events actors may fire from state, in table order.
func Available(from State, actors []Actor) []Event {
	var out []Event
	for _, t := range Table {
		if t.From == from && slices.Contains(actors, t.Who) {
			out = append(out, t.Event)
		}
	}
	return out
}

// AfterClose is the state a session takes when a round closes: Closed
// while a failed item may still go to another round (R25), Concluded
// otherwise.
func AfterClose(round, maxRounds, failed int) State {
	if failed > 0 && round < maxRounds {
		return Closed
	}
	return Concluded
}

// AfterReset is the state a session returns to when its open ballot is
// reset: in preparation for a first round, closed for a later one.
func AfterReset(round int) State {
	if round > 1 {
		return Closed
	}
	return Draft
}

// DefaultMaxRounds is R25's default number of rounds per item [P].
const DefaultMaxRounds = 2
