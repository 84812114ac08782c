package store

import (
	"context"
	"fmt"
	"time"

	"tdkt/internal/auth"
)

// LoginLockedUntil returns when sign-in for login is allowed again, or the
// zero time when it is allowed now.
func (s *Store) LoginLockedUntil(ctx context.Context, login string, now time.Time) (time.Time, error) {
	var until *time.Time
	err := s.pool.QueryRow(ctx, `SELECT locked_until FROM login_throttle WHERE login = $1 AND locked_until > $2`,
		login, now).Scan(&until)
	if err != nil {
		if mapErr(err, nil) == ErrNotFound {
			return time.Time{}, nil
		}
		return time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	return orZero(until), nil
}

// RecordLoginFailure counts a failed sign-in for login and returns the
// number of consecutive failures and until when it is now locked.
func (s *Store) RecordLoginFailure(ctx context.Context, login string, now time.Time) (int, time.Time, error) {
	var n int
	err := s.pool.QueryRow(ctx, `
		INSERT INTO login_throttle AS t (login, failures, last_failure_at) VALUES ($1, 1, $2)
		ON CONFLICT (login) DO UPDATE SET
			failures = CASE WHEN t.last_failure_at < $2 - $3::interval THEN 1 ELSE t.failures + 1 END,
			last_failure_at = $2
		RETURNING failures`, login, now, auth.FailureWindow).Scan(&n)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("login failure: %w", err)
	}
	var until time.Time
	if d := auth.LockAfter(n); d > 0 {
		until = now.Add(d)
		if _, err := s.pool.Exec(ctx, `UPDATE login_throttle SET locked_until = $2 WHERE login = $1`, login, until); err != nil {
			return 0, time.Time{}, fmt.Errorf("login failure: %w", err)
		}
	}
	return n, until, nil
}

// ClearLoginFailures forgets the failures of login after a successful sign-in.
func (s *Store) ClearLoginFailures(ctx context.Context, login string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM login_throttle WHERE login = $1`, login); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}
