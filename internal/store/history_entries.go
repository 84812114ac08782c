package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
	"tdkt/internal/org"
)

// The entries of a person's history: awards (one by one or imported),
// initiatives (sáng kiến) and discipline, inspection or complaint cases.

// AwardEntry is a title or award to record for a person or a unit.
type AwardEntry struct {
	PersonID     int64
	UnitID       int64
	Year         int
	Code         string
	Kind         award.CommendationKind
	DecisionNo   string
	DecisionDate time.Time
	Source       award.Source
	Note         string
}

var awardHistoryFields = map[string]string{
	"award_history_person_merit_key": "award_code",
	"award_history_unit_merit_key":   "award_code",
}

// insertAwardHistory records an award inside tx, with its audit event. The
// dossier workflow calls it when a decision is issued (Source decision).
func insertAwardHistory(ctx context.Context, tx pgx.Tx, a Actor, e AwardEntry) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO award_history (person_id, unit_id, year, award_code, kind, decision_no, decision_date, source, note)
		VALUES (NULLIF($1, 0), NULLIF($2, 0), $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.PersonID, e.UnitID, e.Year, e.Code, e.Kind, e.DecisionNo, date(e.DecisionDate), e.Source, e.Note).Scan(&id)
	if err != nil {
		return 0, mapErr(err, awardHistoryFields)
	}
	return id, insertEvent(ctx, tx, a, "award_history.create", "award_history", id, nil, e, "")
}

// AddAward records a past title or award (entered or imported); a second
// merit record of the same award for the same subject and year is a
// DuplicateError on award_code (R14).
func (s *Store) AddAward(ctx context.Context, a Actor, e AwardEntry) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "award_history", func() (int64, error) { return insertAwardHistory(ctx, tx, a, e) })
		return err
	})
	return id, err
}

// ImportAwards records many past titles or awards (source imported) in one
// transaction with one audit event; a duplicate merit record fails them all
// (DuplicateError on award_code).
func (s *Store) ImportAwards(ctx context.Context, a Actor, entries []AwardEntry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// A replayed submission (double click) records nothing twice.
		_, err := createOnce(ctx, tx, a, "award_history_import", func() (int64, error) { return 0, copyAwards(ctx, tx, a, entries) })
		return err
	})
	return len(entries), err
}

func copyAwards(ctx context.Context, tx pgx.Tx, a Actor, entries []AwardEntry) error {
	rows := make([][]any, len(entries))
	for i, e := range entries {
		rows[i] = []any{nullID(e.PersonID), nullID(e.UnitID), e.Year, e.Code, string(e.Kind), e.DecisionNo, date(e.DecisionDate),
			string(award.FromImported), e.Note}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"award_history"},
		[]string{"person_id", "unit_id", "year", "award_code", "kind", "decision_no", "decision_date", "source", "note"}, pgx.CopyFromRows(rows))
	if err != nil {
		return mapErr(err, awardHistoryFields)
	}
	return insertEvent(ctx, tx, a, "award_history.import", "award_history", 0, nil, map[string]int{"count": len(entries)}, "")
}

// EveryPerson lists every person, active or not, with the unit's name: the
// directory that identifies the people of an award history import.
func (s *Store) EveryPerson(ctx context.Context) ([]org.Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+personColumns+` FROM people p JOIN units u ON u.id = p.unit_id ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("every person: %w", err)
	}
	ps, err := pgx.CollectRows(rows, scanPerson)
	if err != nil {
		return nil, fmt.Errorf("every person: %w", err)
	}
	return ps, nil
}

// DeleteAward removes an entered or imported record of a person; records
// from tdkt's own decisions cannot be deleted here.
func (s *Store) DeleteAward(ctx context.Context, a Actor, personID, id int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var e AwardEntry
		var dd *time.Time
		var pid *int64
		err := tx.QueryRow(ctx, `SELECT person_id, year, award_code, kind, decision_no, decision_date, source FROM award_history
			WHERE id = $1 AND person_id = $2 FOR UPDATE`, id, personID).Scan(&pid, &e.Year, &e.Code, &e.Kind, &e.DecisionNo, &dd, &e.Source)
		if err != nil {
			return mapErr(err, nil)
		}
		e.PersonID, e.DecisionDate = personID, orZero(dd)
		if e.Source == award.FromDecision {
			return &RuleError{Message: "Khen thưởng theo quyết định trên hệ thống không xoá được ở đây."}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM award_history WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete award: %w", err)
		}
		return insertEvent(ctx, tx, a, "award_history.delete", "award_history", id, e, nil, "")
	})
}

// InitiativeEntry is a recognised initiative or research work to record.
type InitiativeEntry struct {
	PersonID      int64
	Title         string
	Research      bool
	Scope         award.Scope
	RecognisedOn  time.Time
	UsedAsGrounds bool
	Note          string
}

// AddInitiative records an initiative.
func (s *Store) AddInitiative(ctx context.Context, a Actor, e InitiativeEntry) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "initiative", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO initiatives (person_id, title, research, scope, recognised_on, used_as_grounds, note)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
				e.PersonID, e.Title, e.Research, e.Scope, e.RecognisedOn, e.UsedAsGrounds, e.Note).Scan(&id)
			if err != nil {
				return 0, mapErr(err, nil)
			}
			return id, insertEvent(ctx, tx, a, "initiative.create", "initiative", id, nil, e, "")
		})
		return err
	})
	return id, err
}

// MarkInitiativesUsed marks initiatives as the grounds of an award (R15),
// inside the caller's transaction (the dossier workflow, on decision).
func MarkInitiativesUsed(ctx context.Context, tx pgx.Tx, a Actor, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE initiatives SET used_as_grounds = true, version = version + 1, updated_at = now()
		WHERE id = ANY($1) AND NOT used_as_grounds`, ids); err != nil {
		return fmt.Errorf("mark initiatives: %w", err)
	}
	for _, id := range ids {
		if err := insertEvent(ctx, tx, a, "initiative.used", "initiative", id, nil, map[string]bool{"used_as_grounds": true}, ""); err != nil {
			return err
		}
	}
	return nil
}

// SetInitiativeUsed marks or unmarks an initiative as already used as
// grounds; when it already has that state (a stale page) it is ErrConflict.
func (s *Store) SetInitiativeUsed(ctx context.Context, a Actor, personID, id int64, used bool) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var cur bool
		err := tx.QueryRow(ctx, `SELECT used_as_grounds FROM initiatives WHERE id = $1 AND person_id = $2 FOR UPDATE`, id, personID).Scan(&cur)
		if err != nil {
			return mapErr(err, nil)
		}
		if cur == used {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, `UPDATE initiatives SET used_as_grounds = $2, version = version + 1, updated_at = now() WHERE id = $1`, id, used); err != nil {
			return fmt.Errorf("initiative: %w", err)
		}
		return insertEvent(ctx, tx, a, "initiative.update", "initiative", id, map[string]bool{"used_as_grounds": cur}, map[string]bool{"used_as_grounds": used}, "")
	})
}

// CaseEntry is a discipline case, investigation, inspection or complaint.
type CaseEntry struct {
	PersonID int64
	UnitID   int64
	Kind     award.CaseKind
	OpenedOn time.Time
	ClosedOn time.Time
	Level    award.Level
	EndsOn   time.Time
	Note     string
}

// OpenCase records a case (open when ClosedOn is zero: R18 hold).
func (s *Store) OpenCase(ctx context.Context, a Actor, e CaseEntry) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "discipline_case", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO discipline_cases (person_id, unit_id, kind, opened_on, closed_on, level, ends_on, note)
				VALUES (NULLIF($1, 0), NULLIF($2, 0), $3, $4, $5, NULLIF($6, ''), $7, $8) RETURNING id`,
				e.PersonID, e.UnitID, e.Kind, e.OpenedOn, date(e.ClosedOn), e.Level, date(e.EndsOn), e.Note).Scan(&id)
			if err != nil {
				return 0, mapErr(err, nil)
			}
			return id, insertEvent(ctx, tx, a, "discipline_case.create", "discipline_case", id, nil, e, "")
		})
		return err
	})
	return id, err
}

// CloseCase closes a person's open case, with the discipline imposed (empty:
// closed clean) and the end of its period.
func (s *Store) CloseCase(ctx context.Context, a Actor, personID, id int64, closedOn time.Time, level award.Level, endsOn time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var opened time.Time
		var closed *time.Time
		err := tx.QueryRow(ctx, `SELECT opened_on, closed_on FROM discipline_cases WHERE id = $1 AND person_id = $2 FOR UPDATE`,
			id, personID).Scan(&opened, &closed)
		if err != nil {
			return mapErr(err, nil)
		}
		if closed != nil {
			return ErrConflict
		}
		if closedOn.Before(opened) {
			return &RuleError{Message: "Ngày kết thúc không được trước ngày bắt đầu xem xét."}
		}
		if _, err := tx.Exec(ctx, `UPDATE discipline_cases SET closed_on = $2, level = NULLIF($3, ''), ends_on = $4,
			version = version + 1, updated_at = now() WHERE id = $1`, id, closedOn, level, date(endsOn)); err != nil {
			return mapErr(err, nil)
		}
		return insertEvent(ctx, tx, a, "discipline_case.close", "discipline_case", id, nil,
			map[string]any{"closed_on": closedOn, "level": level, "ends_on": date(endsOn)}, "")
	})
}

// ImportSubmitted reports whether the award history import of the
// submission id has already been recorded (a replayed form).
func (s *Store) ImportSubmitted(ctx context.Context, a Actor) (bool, error) {
	if a.SubmissionID == "" {
		return false, nil
	}
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM submissions WHERE id = $1 AND user_id = $2 AND object_type = 'award_history_import')`,
		a.SubmissionID, a.UserID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("import submitted: %w", err)
	}
	return ok, nil
}
