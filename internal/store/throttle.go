package store

import (
	"context"
	"fmt"
	"time"

	"tdkt/internal/auth"
)

// countAttempt is one statement: it counts an attempt of (login, client)
// and returns the new count and when the pair may try next when it may try
// now; otherwise it counts nothing and returns no count but the time the
// pair may try again. The
// upsert locks the row, so concurrent attempts are counted one by one and
// each sees the delay the previous one set. $4 lists the delay in seconds
// after attempt 1, 2, …; the last holds for every later attempt.
const countAttempt = `
	WITH up AS (
		INSERT INTO login_throttle AS t (login, client, attempts, last_at, next_at)
		VALUES ($1, $2, 1, $3::timestamptz, $3::timestamptz + ($4::float8[])[1] * interval '1 second')
		ON CONFLICT (login, client) DO UPDATE SET
			attempts = CASE WHEN t.last_at < $3 - $5::interval THEN 1 ELSE t.attempts + 1 END,
			last_at = $3,
			next_at = $3 + ($4::float8[])[least(CASE WHEN t.last_at < $3 - $5::interval THEN 1 ELSE t.attempts + 1 END,
				cardinality($4::float8[]))] * interval '1 second'
		WHERE t.last_at < $3 - $5::interval OR t.next_at <= $3
		RETURNING attempts, next_at)
	SELECT (SELECT attempts FROM up),
		COALESCE((SELECT next_at FROM up), (SELECT next_at FROM login_throttle WHERE login = $1 AND client = $2))`

func seconds(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = d.Seconds()
	}
	return out
}

var (
	pairDelays  = seconds(auth.Schedule(auth.LockAfter, auth.MaxFailures))
	loginDelays = seconds(auth.Schedule(auth.SpaceAfter, auth.FreeAttempts))
)

// LoginAttempt counts a sign-in attempt of login from client before its
// password is checked. When the attempt may go ahead, it returns the
// number of attempts from client (this one included) and the time the next
// attempt from client may be made; when it must not, it returns n = 0 and
// when it may be tried again. Concurrent attempts are counted one by one,
// so parallel guesses get no more password checks than sequential ones.
func (s *Store) LoginAttempt(ctx context.Context, login, client string, now time.Time) (n int, next time.Time, err error) {
	var pn *int
	var pnext *time.Time
	if err := s.pool.QueryRow(ctx, countAttempt, login, client, now, pairDelays, auth.FailureWindow).Scan(&pn, &pnext); err != nil {
		return 0, time.Time{}, fmt.Errorf("login attempt: %w", err)
	}
	if pn == nil {
		return 0, orZero(pnext), nil
	}
	var ln *int
	var lnext *time.Time
	if err := s.pool.QueryRow(ctx, countAttempt, login, "", now, loginDelays, auth.FailureWindow).Scan(&ln, &lnext); err != nil {
		return 0, time.Time{}, fmt.Errorf("login attempt: %w", err)
	}
	if ln == nil {
		return 0, orZero(lnext), nil
	}
	return *pn, orZero(pnext), nil
}

// LoginSucceeded forgets the attempts of login from client after a
// successful sign-in, and takes this attempt off the count from anywhere.
func (s *Store) LoginSucceeded(ctx context.Context, login, client string) error {
	_, err := s.pool.Exec(ctx, `
		WITH d AS (DELETE FROM login_throttle WHERE login = $1 AND client = $2 AND $2 <> '')
		UPDATE login_throttle SET attempts = greatest(attempts - 1, 0) WHERE login = $1 AND client = ''`, login, client)
	if err != nil {
		return fmt.Errorf("login succeeded: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets every attempt at login (an admin's reset).
func (s *Store) ClearLoginFailures(ctx context.Context, login string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM login_throttle WHERE login = $1`, login); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}
