package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
)

// Subject is who a verdict is about: a person (PersonID) or a unit as a
// collective (UnitID); exactly one is set.
type Subject struct {
	PersonID int64
	UnitID   int64
}

// PersonSubject and UnitSubject build a Subject.
func PersonSubject(id int64) Subject { return Subject{PersonID: id} }

// UnitSubject is the unit id as a collective.
func UnitSubject(id int64) Subject { return Subject{UnitID: id} }

// Verdict is the engine's verdict on one subject, with what the pages show
// beside it.
type Verdict struct {
	award.Verdict
	// Unregistered: registration is required (R41) and the subject has no
	// submitted or accepted pledge for the review year.
	Unregistered bool
}

// Verdicts is the result of (*Store).Verdicts.
type Verdicts struct {
	// Rules is the rule set applied (chosen by the consideration date,
	// R32) with the administrator's settings; Rules.Name names the decree.
	Rules award.RuleSet
	// Of holds one verdict per subject that exists; unknown people and
	// units are absent.
	Of map[Subject]Verdict
}

// Verdicts is the one entry point for eligibility: it evaluates the
// subjects for award type at in review year (achievements up to and
// including year) under the rule set in force on the consideration date
// on (R32; zero means award.ConsiderationDate(year)). It loads the
// settings, the histories (people and collectives) and, when registration
// is required (R41), the registrations in at most four round trips
// whatever the number of subjects.
func (s *Store) Verdicts(ctx context.Context, on time.Time, year int, at award.AwardType, subjects []Subject) (Verdicts, error) {
	if on.IsZero() {
		on = award.ConsiderationDate(year)
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return Verdicts{}, err
	}
	out := Verdicts{Rules: award.RulesFor(on).WithSettings(st), Of: make(map[Subject]Verdict, len(subjects))}
	var personIDs, unitIDs []int64
	for _, sub := range subjects {
		switch {
		case sub.PersonID != 0:
			personIDs = append(personIDs, sub.PersonID)
		case sub.UnitID != 0:
			unitIDs = append(unitIDs, sub.UnitID)
		}
	}
	required := out.Rules.Settings.RegistrationRequired
	regPeople, regUnits := map[int64]bool{}, map[int64]bool{}
	var registered func(b *pgx.Batch)
	if required {
		registered = func(b *pgx.Batch) { queueRegistered(b, year, personIDs, unitIDs, regPeople, regUnits) }
	}
	people := map[int64]award.History{}
	if len(personIDs) > 0 {
		// The registrations ride in the people's batch.
		if people, err = historiesWith(ctx, s.pool, personIDs, year, registered); err != nil {
			return Verdicts{}, fmt.Errorf("verdicts: %w", err)
		}
	} else if required && len(unitIDs) > 0 {
		b := &pgx.Batch{}
		registered(b)
		if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
			return Verdicts{}, fmt.Errorf("verdicts: registered: %w", err)
		}
	}
	units, err := s.CollectiveHistoriesOf(ctx, out.Rules, unitIDs, year)
	if err != nil {
		return Verdicts{}, fmt.Errorf("verdicts: %w", err)
	}
	for _, sub := range subjects {
		var h award.History
		var ok, reg bool
		switch {
		case sub.PersonID != 0:
			h, ok = people[sub.PersonID]
			reg = regPeople[sub.PersonID]
		case sub.UnitID != 0:
			h, ok = units[sub.UnitID]
			reg = regUnits[sub.UnitID]
		}
		if !ok {
			continue
		}
		out.Of[sub] = Verdict{Verdict: award.Evaluate(out.Rules, h, at, year), Unregistered: required && !reg}
	}
	return out, nil
}
