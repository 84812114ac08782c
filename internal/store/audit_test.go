package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/audit"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// trail writes n events (one unit each) and returns their ids.
func trail(t *testing.T, s *store.Store, pool *pgxpool.Pool, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		if _, err := s.CreateUnit(ctx, actor, org.Unit{Name: fmt.Sprintf("Phòng %02d", i), Kind: org.Department}); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	rows, _ := pool.Query(ctx, `SELECT id FROM events ORDER BY id`)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != n {
		t.Fatalf("%d events; want %d", len(ids), n)
	}
	return ids
}

// asSuperuser runs sqls in one transaction as the test superuser, with the
// triggers off (session_replication_role = replica), as an attacker who
// controls PostgreSQL would.
func asSuperuser(t *testing.T, pool *pgxpool.Pool, sqls ...string) {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, q := range append([]string{`SET LOCAL session_replication_role = replica`}, sqls...) {
		if _, err := tx.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// rechainFrom recomputes the chain from event id on without the key, as
// the old SQL verifier did: what an attacker can do in the database alone.
func rechainFrom(id int64) string {
	return fmt.Sprintf(`DO $$
DECLARE r record; p bytea;
BEGIN
	SELECT hash INTO p FROM events WHERE id < %[1]d ORDER BY id DESC LIMIT 1;
	FOR r IN SELECT * FROM events WHERE id >= %[1]d ORDER BY id LOOP
		UPDATE events SET prev_hash = COALESCE(p, ''::bytea),
			hash = sha256(COALESCE(p, ''::bytea) || event_content(r.at, r.actor_id, r.action, r.object_type, r.object_id,
				r.before, r.after, r.reason, r.request_id, r.client_ip))
		WHERE id = r.id RETURNING hash INTO p;
	END LOOP;
END $$`, id)
}

// TestAuditTampering: each way of rewriting the audit trail from inside
// PostgreSQL is caught by VerifyAudit (with the checkpoints kept outside
// the database), and the first bad event is named.
func TestAuditTampering(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		tamper  func(ids []int64) []string
		wantBad func(ids []int64) int64
	}{
		{"edit a middle event", func(ids []int64) []string {
			return []string{fmt.Sprintf(`UPDATE events SET reason = 'sửa lén' WHERE id = %d`, ids[3])}
		}, func(ids []int64) int64 { return ids[3] }},
		{"delete a middle event", func(ids []int64) []string {
			return []string{fmt.Sprintf(`DELETE FROM events WHERE id = %d`, ids[3])}
		}, func(ids []int64) int64 { return ids[4] }},
		{"delete the newest events", func(ids []int64) []string {
			return []string{fmt.Sprintf(`DELETE FROM events WHERE id > %d`, ids[len(ids)-3])}
		}, func(ids []int64) int64 { return ids[len(ids)-1] }},
		{"edit and re-chain without the key", func(ids []int64) []string {
			return []string{fmt.Sprintf(`UPDATE events SET after = '{"name": "Phòng giả"}' WHERE id = %d`, ids[3]), rechainFrom(ids[3])}
		}, func(ids []int64) int64 { return ids[3] }},
		{"re-chain the whole trail without the key", func(ids []int64) []string {
			return []string{fmt.Sprintf(`UPDATE events SET reason = 'sửa lén' WHERE id = %d`, ids[1]), rechainFrom(ids[0])}
		}, func(ids []int64) int64 { return ids[len(ids)-1] }},
		{"trigger disabled by the owner", func(ids []int64) []string {
			return []string{`RESET session_replication_role`, `ALTER TABLE events DISABLE TRIGGER events_no_update`,
				fmt.Sprintf(`UPDATE events SET client_ip = '10.9.9.9' WHERE id = %d`, ids[2]), `ALTER TABLE events ENABLE TRIGGER events_no_update`}
		}, func(ids []int64) int64 { return ids[2] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pool := pgtest.NewPool(t)
			s := store.New(pool)
			ids := trail(t, s, pool, 8)
			head, err := s.ChainHead(ctx)
			if err != nil || head.ID != ids[len(ids)-1] {
				t.Fatalf("ChainHead = %+v, %v", head, err)
			}
			cps := []audit.Checkpoint{head}
			if r, err := s.VerifyAudit(ctx, cps); err != nil || !r.OK() || r.Checked != 8 || r.Keyed != 8 {
				t.Fatalf("clean trail: %+v, %v; want 8 sealed events, intact", r, err)
			}
			asSuperuser(t, pool, tc.tamper(ids)...)
			r, err := s.VerifyAudit(ctx, cps)
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.wantBad(ids); r.FirstBad != want {
				t.Errorf("after %s: first bad = %d (%s); want %d", tc.name, r.FirstBad, r.Reason, want)
			}
			t.Logf("METRIC audit_tamper %q detected=%v first_bad=%d reason=%q", tc.name, !r.OK(), r.FirstBad, r.Reason)
		})
	}
}

// TestAuditLegacyPrefix: events chained before a key existed (plain
// SHA-256) verify when they come first; an unsealed event after sealed
// ones does not.
func TestAuditLegacyPrefix(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	ids := trail(t, s, pool, 6)
	// The first three become legacy events, as the old SQL chained them.
	asSuperuser(t, pool, rechainFrom(ids[0]))
	sealed := store.New(pool)
	// Re-seal from the 4th on is impossible without rewriting: instead,
	// new events after the legacy ones are sealed.
	asSuperuser(t, pool, fmt.Sprintf(`DELETE FROM events WHERE id > %d`, ids[2]))
	for i := range 3 {
		if _, err := sealed.CreateUnit(ctx, actor, org.Unit{Name: fmt.Sprintf("Phòng mới %d", i), Kind: org.Department}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.VerifyAudit(ctx, nil)
	if err != nil || !r.OK() || r.Checked != 6 || r.Keyed != 3 {
		t.Errorf("legacy prefix then sealed = %+v, %v; want intact, 3 sealed of 6", r, err)
	}
	var last int64
	pool.QueryRow(ctx, `SELECT max(id) FROM events`).Scan(&last)
	asSuperuser(t, pool, rechainFrom(last))
	if r, _ := s.VerifyAudit(ctx, nil); r.FirstBad != last {
		t.Errorf("unsealed event after sealed ones: first bad = %d; want %d", r.FirstBad, last)
	}
}

// TestAppRoleCannotRewriteAudit: the role the application connects as
// writes events through the store, but cannot UPDATE, DELETE or TRUNCATE
// them, disable the trigger, or switch triggers off for its session.
func TestAppRoleCannotRewriteAudit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	owner := pgtest.NewPool(t)
	app := pgtest.AppPool(t, owner)
	s := store.New(app)
	ids := trail(t, s, app, 3)
	if _, _, err := s.Purge(ctx, time.Now()); err != nil {
		t.Errorf("purge as the app role: %v", err)
	}
	for _, q := range []string{
		fmt.Sprintf(`UPDATE events SET reason = 'x' WHERE id = %d`, ids[1]),
		fmt.Sprintf(`DELETE FROM events WHERE id = %d`, ids[2]),
		`TRUNCATE events`,
		`ALTER TABLE events DISABLE TRIGGER events_no_update`,
		`ALTER TABLE events DISABLE TRIGGER ALL`,
		`DROP TRIGGER events_no_update ON events`,
		`SET session_replication_role = replica`,
		`CREATE TABLE x (id int)`,
	} {
		_, err := app.Exec(ctx, q)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || (pe.Code != "42501" && pe.Code != "42P01") {
			t.Errorf("as the app role, %s = %v; want permission denied", q, err)
		}
	}
	if r, err := s.VerifyAudit(ctx, nil); err != nil || !r.OK() || r.Checked != 3 {
		t.Errorf("after the attempts: %+v, %v; want 3 intact events", r, err)
	}
	if err := store.GrantApp(ctx, owner, "postgres"); err == nil {
		t.Error("GrantApp accepted a superuser as the application role")
	}
}
