package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Event is one entry of the audit trail.
type Event struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorName  string
	Action     string
	ObjectType string
	ObjectID   int64
	Before     string // JSON, "" when none
	After      string
	Reason     string
	RequestID  string
}

// EventFilter selects events; zero fields select everything.
type EventFilter struct {
	ObjectType string
	ObjectID   int64
	ActorID    int64     // events of this account; -1: the system's (no account)
	From, To   time.Time // events at or after From, before To; zero: unbounded
	BeforeID   int64     // keyset paging: events older than this id
	Limit      int
}

// ListEvents returns events newest first.
func (s *Store) ListEvents(ctx context.Context, f EventFilter) ([]Event, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	rows, err := s.pool.Query(ctx, `
		SELECT e.id, e.at, COALESCE(e.actor_id, 0), COALESCE(p.full_name, u.display_name, u.username, ''),
			e.action, e.object_type, COALESCE(e.object_id, 0), COALESCE(e.before::text, ''),
			COALESCE(e.after::text, ''), e.reason, e.request_id
		FROM events e
		LEFT JOIN users u ON u.id = e.actor_id
		LEFT JOIN people p ON p.id = u.person_id
		WHERE ($1 = '' OR e.object_type = $1) AND ($2::bigint = 0 OR e.object_id = $2) AND ($3::bigint = 0 OR e.id < $3)
			AND ($5::bigint = 0 OR ($5 = -1 AND e.actor_id IS NULL) OR e.actor_id = $5)
			AND ($6::timestamptz IS NULL OR e.at >= $6) AND ($7::timestamptz IS NULL OR e.at < $7)
		ORDER BY e.id DESC LIMIT $4`, f.ObjectType, f.ObjectID, f.BeforeID, f.Limit, f.ActorID, nullTime(f.From), nullTime(f.To))
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	events, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Event, error) {
		var e Event
		err := row.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.Before, &e.After, &e.Reason, &e.RequestID)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return events, nil
}

// ObjectNames are the display names of audited objects by object type
// ("unit", "person", "user") and id.
type ObjectNames map[string]map[int64]string

// Name returns the name of an object, or "" when unknown.
func (n ObjectNames) Name(objectType string, id int64) string { return n[objectType][id] }

// NamesOf looks up the current names of the objects the audit trail
// mentions (units, people, accounts by username, campaigns, pledges, blocs,
// bloc-years, rounds, dossiers), in one round trip; ids are keyed by object
// type and unknown types or ids are left out.
func (s *Store) NamesOf(ctx context.Context, ids map[string][]int64) (ObjectNames, error) {
	queries := map[string]string{
		"unit":     `SELECT id, name FROM units WHERE id = ANY($1)`,
		"person":   `SELECT id, full_name FROM people WHERE id = ANY($1)`,
		"user":     `SELECT id, username FROM users WHERE id = ANY($1)`,
		"campaign": `SELECT id, name FROM campaigns WHERE id = ANY($1)`,
		"pledge": `SELECT p.id, u.name || ' – ' || c.name FROM pledges p JOIN units u ON u.id = p.unit_id
			JOIN campaigns c ON c.id = p.campaign_id WHERE p.id = ANY($1)`,
		"bloc":            `SELECT id, name FROM blocs WHERE id = ANY($1)`,
		"bloc_year":       `SELECT y.id, b.name || ' năm ' || y.year FROM bloc_years y JOIN blocs b ON b.id = y.bloc_id WHERE y.id = ANY($1)`,
		"round":           `SELECT id, title FROM rounds WHERE id = ANY($1)`,
		"council_session": `SELECT id, title FROM council_sessions WHERE id = ANY($1)`,
		"dossier": `SELECT d.id, u.name || ' – ' || r.title FROM dossiers d JOIN units u ON u.id = d.unit_id
			JOIN rounds r ON r.id = d.round_id WHERE d.id = ANY($1)`,
	}
	out := ObjectNames{}
	b := &pgx.Batch{}
	for typ, list := range ids {
		q, ok := queries[typ]
		if !ok || len(list) == 0 {
			continue
		}
		names := map[int64]string{}
		out[typ] = names
		b.Queue(q, list).Query(func(rows pgx.Rows) error {
			var id int64
			var name string
			_, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
				names[id] = name
				return nil
			})
			return err
		})
	}
	if b.Len() == 0 {
		return out, nil
	}
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("names: %w", err)
	}
	return out, nil
}

// nullTime is nil for the zero time, for "no bound" in SQL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// EventActor is an account the audit filter offers.
type EventActor struct {
	ID   int64
	Name string
}

// EventActors lists the accounts the audit filter offers, by name.
func (s *Store) EventActors(ctx context.Context) ([]EventActor, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM (
			SELECT u.id, COALESCE(p.full_name, u.display_name, u.username) || ' (' || u.username || ')' AS name
			FROM users u LEFT JOIN people p ON p.id = u.person_id) a
		ORDER BY name COLLATE "vi-VN-x-icu", id`)
	if err != nil {
		return nil, fmt.Errorf("event actors: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[EventActor])
	if err != nil {
		return nil, fmt.Errorf("event actors: %w", err)
	}
	return out, nil
}
