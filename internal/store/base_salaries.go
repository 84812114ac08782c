package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
)

// vietnamDay is today's date in Vietnam (UTC+7), at midnight UTC.
func (s *Store) vietnamDay() time.Time {
	y, m, d := s.now().In(time.FixedZone("ICT", 7*3600)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

const baseSalaryToday = `SELECT COALESCE((SELECT amount FROM base_salaries WHERE effective_from <= $1
	ORDER BY effective_from DESC LIMIT 1), 0)`

// queueBaseSalary queues the lương cơ sở in force today; it sets *dst when
// one is known (else the default stays).
func (s *Store) queueBaseSalary(b *pgx.Batch, dst *int64) {
	b.Queue(baseSalaryToday, s.vietnamDay()).QueryRow(func(row pgx.Row) error {
		var v int64
		if err := row.Scan(&v); err != nil {
			return err
		}
		if v > 0 {
			*dst = v
		}
		return nil
	})
}

// BaseSalaries lists the lương cơ sở table, newest first.
func (s *Store) BaseSalaries(ctx context.Context) (award.BaseSalaries, error) {
	rows, err := s.pool.Query(ctx, `SELECT effective_from, amount, source, version FROM base_salaries ORDER BY effective_from DESC`)
	if err != nil {
		return nil, fmt.Errorf("base salaries: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (award.BaseSalary, error) {
		var b award.BaseSalary
		err := row.Scan(&b.From, &b.Amount, &b.Source, &b.Version)
		return b, err
	})
	if err != nil {
		return nil, fmt.Errorf("base salaries: %w", err)
	}
	return list, nil
}

// SaveBaseSalary adds a lương cơ sở from a new date (version 0) or changes
// the amount from an existing one (version as read; a stale one is
// ErrConflict, and so is adding a date that exists), with its audit event.
func (s *Store) SaveBaseSalary(ctx context.Context, a Actor, b award.BaseSalary) error {
	if p := award.CheckBaseSalary(b); !p.OK() {
		return &RuleError{Message: p.First("from", "amount", "source")}
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		after := map[string]any{"effective_from": isoDate(b.From), "amount": b.Amount, "source": b.Source}
		if b.Version == 0 {
			t, err := tx.Exec(ctx, `INSERT INTO base_salaries (effective_from, amount, source) VALUES ($1, $2, $3)
				ON CONFLICT (effective_from) DO NOTHING`, b.From, b.Amount, b.Source)
			if err != nil {
				return err
			}
			if t.RowsAffected() == 0 {
				return ErrConflict
			}
			return insertEvent(ctx, tx, a, "base_salary.create", "base_salary", 0, nil, after, "")
		}
		var amount int64
		var source string
		err := tx.QueryRow(ctx, `SELECT amount, source FROM base_salaries WHERE effective_from = $1 AND version = $2 FOR UPDATE`,
			b.From, b.Version).Scan(&amount, &source)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrConflict
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE base_salaries SET amount = $2, source = $3, version = version + 1, updated_at = now()
			WHERE effective_from = $1`, b.From, b.Amount, b.Source); err != nil {
			return err
		}
		before := map[string]any{"effective_from": isoDate(b.From), "amount": amount, "source": source}
		return insertEvent(ctx, tx, a, "base_salary.update", "base_salary", 0, before, after, "")
	})
	if err != nil {
		return fmt.Errorf("save base salary: %w", err)
	}
	return nil
}
