package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// GrantApp gives role, the role the application connects as, what it needs
// and no more: it reads and writes the tables, but may only INSERT and
// SELECT the audit trail (no UPDATE, DELETE or TRUNCATE; and, owning
// nothing, it can neither ALTER the table nor disable its trigger). Run it
// as the owner of the tables after migrating; it refuses a role that owns
// the events table or is a superuser, since such a role could rewrite the
// trail.
func GrantApp(ctx context.Context, owner *pgxpool.Pool, role string) error {
	var owns, super bool
	err := owner.QueryRow(ctx, `SELECT pg_get_userbyid(c.relowner) = $1, COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = $1), false)
		FROM pg_class c WHERE c.oid = 'events'::regclass`, role).Scan(&owns, &super)
	if err != nil {
		return fmt.Errorf("grant app role: %w", err)
	}
	if owns || super {
		return fmt.Errorf("grant app role: %s owns the tables or is a superuser: it could rewrite the audit trail; connect the application as another role", role)
	}
	var db string
	if err := owner.QueryRow(ctx, `SELECT current_database()`).Scan(&db); err != nil {
		return fmt.Errorf("grant app role: %w", err)
	}
	r := pgx.Identifier{role}.Sanitize()
	for _, stmt := range []string{
		`GRANT CONNECT, TEMPORARY ON DATABASE ` + pgx.Identifier{db}.Sanitize() + ` TO ` + r,
		`GRANT USAGE ON SCHEMA public TO ` + r,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + r,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + r,
		`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON events FROM ` + r,
		`REVOKE ALL ON schema_migrations FROM ` + r,
	} {
		if _, err := owner.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("grant app role: %s: %w", stmt, err)
		}
	}
	return nil
}
