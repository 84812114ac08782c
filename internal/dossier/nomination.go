package dossier

import "slices"

// NominationState is where one nomination (đề nghị) is.
type NominationState string

const (
	Proposed         NominationState = "proposed"          // proposed by the department
	Eligible         NominationState = "eligible"          // appraised: meets the criteria
	Ineligible       NominationState = "ineligible"        // appraised: does not meet them
	OnHold           NominationState = "on_hold"           // R18: open case, consideration paused
	Passed           NominationState = "passed"            // the council voted for it
	Failed           NominationState = "failed"            // the council did not
	Awarded          NominationState = "awarded"           // the Giám đốc's decision awards it
	Forwarded        NominationState = "forwarded"         // sent upward with a tờ trình
	AwardedExternal  NominationState = "awarded_external"  // the higher level awarded it
	RejectedExternal NominationState = "rejected_external" // the higher level did not
	Revoked          NominationState = "revoked"           // the award was revoked
)

// NominationStates lists every nomination state in workflow order.
var NominationStates = []NominationState{Proposed, Eligible, Ineligible, OnHold, Passed, Failed, Awarded,
	Forwarded, AwardedExternal, RejectedExternal, Revoked}

// NominationEvent moves a nomination.
type NominationEvent string

const (
	MarkEligible   NominationEvent = "mark_eligible"
	MarkIneligible NominationEvent = "mark_ineligible"
	Hold           NominationEvent = "hold"
	Resume         NominationEvent = "resume" // the case closed clean: back to proposed
	Pass           NominationEvent = "pass"
	Fail           NominationEvent = "fail"
	Award          NominationEvent = "award"
	Forward        NominationEvent = "forward"
	AcceptExternal NominationEvent = "accept_external"
	RejectExternal NominationEvent = "reject_external"
	Revoke         NominationEvent = "revoke"
)

// NominationEvents lists every nomination event.
var NominationEvents = []NominationEvent{MarkEligible, MarkIneligible, Hold, Resume, Pass, Fail, Award, Forward,
	AcceptExternal, RejectExternal, Revoke}

// NominationTransition is one row of the nomination table. NeedsReason
// events require a written reason.
type NominationTransition struct {
	From        NominationState
	Event       NominationEvent
	To          NominationState
	Who         Actor
	NeedsReason bool
}

// NominationTable is the nomination workflow. The office may change its
// appraisal mark while the dossier is being appraised (the store checks
// the dossier's state).
var NominationTable = []NominationTransition{
	{Proposed, MarkEligible, Eligible, Office, false},
	{Proposed, MarkIneligible, Ineligible, Office, true},
	{Proposed, Hold, OnHold, Office, true},
	{Eligible, MarkIneligible, Ineligible, Office, true},
	{Eligible, Hold, OnHold, Office, true},
	{Ineligible, MarkEligible, Eligible, Office, false},
	{Ineligible, Hold, OnHold, Office, true},
	{OnHold, MarkEligible, Eligible, Office, false},
	{OnHold, MarkIneligible, Ineligible, Office, true},
	{OnHold, Resume, Proposed, Office, false},
	{Eligible, Pass, Passed, System, false},
	{Eligible, Fail, Failed, System, false},
	{Passed, Award, Awarded, Chair, false},
	{Passed, Forward, Forwarded, Chair, false},
	{Forwarded, AcceptExternal, AwardedExternal, Office, false},
	{Forwarded, RejectExternal, RejectedExternal, Office, false},
	{Awarded, Revoke, Revoked, Chair, true},
	{AwardedExternal, Revoke, Revoked, Office, true},
}

// FireNomination checks that one of actors may fire e on a nomination in
// state from and returns the new state.
func FireNomination(from NominationState, e NominationEvent, actors []Actor, reason string) (NominationState, error) {
	for _, t := range NominationTable {
		if t.From != from || t.Event != e {
			continue
		}
		if !slices.Contains(actors, t.Who) {
			return from, ErrWrongActor
		}
		if t.NeedsReason && len([]rune(reason)) < 5 {
			return from, &GuardError{ReasonGiven, "Hãy ghi rõ lý do (ít nhất 5 ký tự)."}
		}
		return t.To, nil
	}
	return from, ErrNotAllowed
}

// Marked reports whether the appraisal has concluded on the nomination.
func (s NominationState) Marked() bool { return s == Eligible || s == Ineligible || s == OnHold }

// Valid reports whether s is a known state.
func (s NominationState) Valid() bool { return slices.Contains(NominationStates, s) }

// MarkEvent is the event that sets an appraisal mark.
func MarkEvent(mark NominationState) (NominationEvent, bool) {
	switch mark {
	case Eligible:
		return MarkEligible, true
	case Ineligible:
		return MarkIneligible, true
	case OnHold:
		return Hold, true
	}
	return "", false
}

// EveryMarked reports whether every nomination has an appraisal mark; a
// dossier without nominations has nothing to appraise.
func EveryMarked(states []NominationState) bool {
	if len(states) == 0 {
		return false
	}
	for _, s := range states {
		if !s.Marked() {
			return false
		}
	}
	return true
}
