// Package store holds every SQL statement of tdkt. Each exported method that
// changes data runs in one transaction together with its audit event.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Errors the web layer maps to pages.
var (
	// ErrNotFound: no such row, or not in the caller's scope.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: the row changed since the caller read it (stale version)
	// or its state no longer allows the change.
	ErrConflict = errors.New("store: conflict")
)

// DuplicateError reports a unique constraint violation on a form field.
type DuplicateError struct{ Field string }

func (e *DuplicateError) Error() string { return "store: duplicate " + e.Field }

// RuleError is a business rule refusing a change; Message is for the user.
type RuleError struct{ Message string }

func (e *RuleError) Error() string { return "store: " + e.Message }

// Actor is who makes a change, for the audit trail.
type Actor struct {
	UserID    int64 // 0 for the system (seed, migrations)
	RequestID string
	ClientIP  string
	// SubmissionID identifies the form submission that asks for a create;
	// a create with an id already handled returns what it created before.
	SubmissionID string
}

// createOnce runs create inside tx unless a's form submission was already
// handled, in which case it returns the id of what that submission created.
// Two concurrent replays wait on the submission's key: exactly one creates.
func createOnce(ctx context.Context, tx pgx.Tx, a Actor, objectType string, create func() (int64, error)) (int64, error) {
	if a.SubmissionID == "" {
		return create()
	}
	tag, err := tx.Exec(ctx, `INSERT INTO submissions (id, user_id, object_type) VALUES ($1, NULLIF($2, 0), $3)
		ON CONFLICT (id) DO NOTHING`, a.SubmissionID, a.UserID, objectType)
	if err != nil {
		return 0, fmt.Errorf("submission: %w", err)
	}
	if tag.RowsAffected() == 0 {
		var id *int64
		var userID int64
		var typ string
		err := tx.QueryRow(ctx, `SELECT object_id, COALESCE(user_id, 0), object_type FROM submissions WHERE id = $1`,
			a.SubmissionID).Scan(&id, &userID, &typ)
		if err != nil {
			return 0, fmt.Errorf("submission: %w", err)
		}
		if id == nil || userID != a.UserID || typ != objectType {
			return 0, ErrConflict
		}
		return *id, nil
	}
	id, err := create()
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `UPDATE submissions SET object_id = $2 WHERE id = $1`, a.SubmissionID, id); err != nil {
		return 0, fmt.Errorf("submission: %w", err)
	}
	return id, nil
}

// Store is tdkt's access to PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// New returns a store on pool.
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// inTx runs fn in a transaction. A deadlock or serialization failure with
// a concurrent change is reported as ErrConflict: the user retries.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	err := pgx.BeginFunc(ctx, s.pool, fn)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") {
		return fmt.Errorf("%w: %w", ErrConflict, err)
	}
	return err
}

// querier is what pool and transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// eventChainLock serialises event inserts so that each event chains onto
// the one committed before it. It is held until the transaction ends.
const eventChainLock = 7310001

// insertEvent appends one audit event; before and after are marshalled to JSON.
func insertEvent(ctx context.Context, q querier, a Actor, action, objectType string, objectID int64, before, after any, reason string) error {
	var b, af []byte
	var err error
	if before != nil {
		if b, err = json.Marshal(before); err != nil {
			return fmt.Errorf("event %s: %w", action, err)
		}
	}
	if after != nil {
		if af, err = json.Marshal(after); err != nil {
			return fmt.Errorf("event %s: %w", action, err)
		}
	}
	if _, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, eventChainLock); err != nil {
		return fmt.Errorf("event %s: %w", action, err)
	}
	// Under the lock, a fresh snapshot: the newest event is the one to
	// chain onto. jsonb's canonical text is what the content hashes.
	var prev []byte
	var at time.Time
	var bt, at2 *string
	err = q.QueryRow(ctx, `SELECT COALESCE((SELECT hash FROM events ORDER BY id DESC LIMIT 1), ''::bytea), now(),
			$1::jsonb::text, $2::jsonb::text`, b, af).Scan(&prev, &at, &bt, &at2)
	if err != nil {
		return fmt.Errorf("event %s: %w", action, err)
	}
	var actorID *int64
	if a.UserID != 0 {
		actorID = &a.UserID
	}
	hash := chainHash(currentKey(), prev, eventContent(at, actorID, action, objectType, &objectID, bt, at2, reason, a.RequestID, a.ClientIP))
	_, err = q.Exec(ctx, `
		INSERT INTO events (at, actor_id, action, object_type, object_id, before, after, reason, request_id, client_ip, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12)`,
		at, actorID, action, objectType, objectID, b, af, reason, a.RequestID, a.ClientIP, prev, hash)
	if err != nil {
		return fmt.Errorf("event %s: %w", action, err)
	}
	return nil
}

// mapErr turns pgx errors into the store's errors.
func mapErr(err error, fields map[string]string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			if f, ok := fields[pe.ConstraintName]; ok {
				return &DuplicateError{Field: f}
			}
		case "23503":
			return ErrNotFound
		}
	}
	return err
}

// date converts a zero time to NULL.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// orZero dereferences a nullable time.
func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
