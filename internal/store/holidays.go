package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
	"tdkt/internal/calendar"
)

// Holidays lists the stored public holidays and make-up working days.
func (s *Store) Holidays(ctx context.Context) ([]calendar.Day, error) {
	rows, err := s.pool.Query(ctx, `SELECT day, name, working FROM holidays ORDER BY day`)
	if err != nil {
		return nil, fmt.Errorf("holidays: %w", err)
	}
	days, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (calendar.Day, error) {
		var d calendar.Day
		err := row.Scan(&d.Date, &d.Name, &d.Working)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("holidays: %w", err)
	}
	return days, nil
}

// SettingsAndCalendar loads the rule settings and the working-day calendar
// (with the proposals for unconfirmed years) in one round trip, for pages
// that count terms in working days.
func (s *Store) SettingsAndCalendar(ctx context.Context) (award.Settings, *calendar.Calendar, error) {
	kv := map[string]string{}
	b := &pgx.Batch{}
	queueSettings(b, kv)
	var base int64
	s.queueBaseSalary(b, &base)
	cal := queueCalendar(b)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return award.Settings{}, nil, fmt.Errorf("settings and calendar: %w", err)
	}
	st := award.ParseSettings(kv)
	if base > 0 {
		st.BaseSalary = base
	}
	return st, cal(), nil
}

// Calendar is the working-day calendar from the stored holidays; a year
// the office has not confirmed also counts the computed proposal
// (calendar.WithProposals). One round trip.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	b := &pgx.Batch{}
	cal := queueCalendar(b)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return cal(), nil
}

// queueCalendar queues the calendar's two queries (stored days, confirmed
// years) on b; the returned function builds the calendar once the batch
// has run.
func queueCalendar(b *pgx.Batch) func() *calendar.Calendar {
	var days []calendar.Day
	var years []int
	b.Queue(`SELECT day, name, working FROM holidays ORDER BY day`).Query(func(rows pgx.Rows) error {
		var d calendar.Day
		_, err := pgx.ForEachRow(rows, []any{&d.Date, &d.Name, &d.Working}, func() error { days = append(days, d); return nil })
		return err
	})
	b.Queue(`SELECT year FROM holiday_years ORDER BY year`).Query(func(rows pgx.Rows) error {
		var err error
		years, err = pgx.CollectRows(rows, pgx.RowTo[int])
		return err
	})
	return func() *calendar.Calendar { return calendar.WithProposals(days, years) }
}

// HolidayYearConfirmed says whether a year's days off are confirmed, and
// when a user confirmed them (zero for the years seeded from the
// Government's notices).
func (s *Store) HolidayYearConfirmed(ctx context.Context, year int) (bool, time.Time, error) {
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT CASE WHEN confirmed_by IS NOT NULL THEN confirmed_at END
		FROM holiday_years WHERE year = $1`, year).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, time.Time{}, nil
	}
	if err != nil {
		return false, time.Time{}, fmt.Errorf("holiday year: %w", err)
	}
	return true, orZero(at), nil
}

// ConfirmHolidayYear records that a year's days off are the ones the
// Government announced: the computed proposal's days not yet stored are
// stored (a day the office already entered wins), and the year no longer
// counts on proposals. Confirming twice is a no-op.
func (s *Store) ConfirmHolidayYear(ctx context.Context, a Actor, year int) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO holiday_years (year, confirmed_by) VALUES ($1, NULLIF($2, 0)) ON CONFLICT DO NOTHING`, year, a.UserID)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		var added []string
		for _, d := range calendar.Proposed(year) {
			tag, err := tx.Exec(ctx, `INSERT INTO holidays (day, name, working) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, d.Date, d.Name, d.Working)
			if err != nil {
				return err
			}
			if tag.RowsAffected() > 0 {
				added = append(added, isoDate(d.Date))
			}
		}
		return insertEvent(ctx, tx, a, "holiday_year.confirm", "holiday", int64(year), nil,
			map[string]any{"year": year, "added": added}, "")
	})
	if err != nil {
		return fmt.Errorf("confirm holiday year: %w", err)
	}
	return nil
}

// SaveHoliday adds a public holiday or a make-up working day, or renames
// the one on that date.
func (s *Store) SaveHoliday(ctx context.Context, a Actor, d calendar.Day) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO holidays (day, name, working) VALUES ($1, $2, $3)
			ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name, working = EXCLUDED.working, updated_at = now()`,
			d.Date, d.Name, d.Working)
		if err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "holiday.save", "holiday", 0, nil,
			map[string]any{"day": isoDate(d.Date), "name": d.Name, "working": d.Working}, "")
	})
	if err != nil {
		return fmt.Errorf("save holiday: %w", err)
	}
	return nil
}

// RemoveHoliday deletes the holiday on a date.
func (s *Store) RemoveHoliday(ctx context.Context, a Actor, day time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var name string
		var working bool
		err := tx.QueryRow(ctx, `DELETE FROM holidays WHERE day = $1 RETURNING name, working`, day).Scan(&name, &working)
		if err != nil {
			return mapErr(err, nil)
		}
		return insertEvent(ctx, tx, a, "holiday.remove", "holiday", 0,
			map[string]any{"day": isoDate(day), "name": name, "working": working}, nil, "")
	})
	if err != nil {
		return fmt.Errorf("remove holiday: %w", err)
	}
	return nil
}
