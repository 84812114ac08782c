package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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

// Calendar is the working-day calendar from the stored holidays.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	days, err := s.Holidays(ctx)
	if err != nil {
		return nil, err
	}
	return calendar.New(days), nil
}
