package store

import (
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"tdkt/migrations"
)

// Migrate applies every pending migration.
func Migrate(pool *pgxpool.Pool) (err error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// A database/sql handle of its own, not one on pool: when the driver
	// fails half-way (a role that may not create tables), the connection
	// it holds would keep pool.Close waiting forever.
	db := stdlib.OpenDB(*pool.Config().ConnConfig.Copy())
	drv, err := migratepgx.WithInstance(db, &migratepgx.Config{})
	if err != nil {
		db.Close()
		return fmt.Errorf("migrate: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx5", drv)
	if err != nil {
		db.Close()
		return fmt.Errorf("migrate: %w", err)
	}
	// Close also closes db.
	defer func() {
		if se, de := m.Close(); err == nil && (se != nil || de != nil) {
			err = fmt.Errorf("migrate: close: %w", errors.Join(se, de))
		}
	}()
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
