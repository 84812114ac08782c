package store

import (
	"context"
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
// in one round trip, for pages that count terms in working days.
func (s *Store) SettingsAndCalendar(ctx context.Context) (award.Settings, *calendar.Calendar, error) {
	kv := map[string]string{}
	var days []calendar.Day
	b := &pgx.Batch{}
	b.Queue(`SELECT key, value FROM settings`).Query(func(rows pgx.Rows) error {
		var k, v string
		_, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error { kv[k] = v; return nil })
		return err
	})
	b.Queue(`SELECT day, name, working FROM holidays ORDER BY day`).Query(func(rows pgx.Rows) error {
		var d calendar.Day
		_, err := pgx.ForEachRow(rows, []any{&d.Date, &d.Name, &d.Working}, func() error { days = append(days, d); return nil })
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return award.Settings{}, nil, fmt.Errorf("settings and calendar: %w", err)
	}
	return award.ParseSettings(kv), calendar.New(days), nil
}

// Calendar is the working-day calendar from the stored holidays.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	days, err := s.Holidays(ctx)
	if err != nil {
		return nil, err
	}
	return calendar.New(days), nil
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
