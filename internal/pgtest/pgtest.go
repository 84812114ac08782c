// Package pgtest gives each test its own PostgreSQL database, cloned from a
// template migrated once per test binary. The server is TEST_DATABASE_URL
// when set, otherwise a private cluster started with localpg.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and in a test: pool := pgtest.NewPool(t).
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/localpg"
	"tdkt/internal/store"
)

const templateDB = "tdkt_template"

var (
	serverURL string // URL of the "postgres" database of the server
	setupErr  error
	counter   atomic.Int64
	createMu  sync.Mutex
)

// Main starts PostgreSQL, migrates the template database, runs the tests
// and stops the server.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx := context.Background()
	var cluster *localpg.Cluster
	var dir string
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		serverURL = u
	} else {
		var err error
		dir, err = os.MkdirTemp("", "tdkt-pgtest-")
		if err == nil {
			cluster, err = localpg.Start(ctx, localpg.Options{Dir: dir, Fast: true})
		}
		if err != nil {
			setupErr = err
		} else {
			serverURL = cluster.URL("postgres")
		}
	}
	if setupErr == nil {
		setupErr = migrateTemplate(ctx)
	}
	if setupErr != nil && os.Getenv("CI") == "true" {
		fmt.Fprintf(os.Stderr, "pgtest: PostgreSQL is required under CI: %v\n", setupErr)
		return 1
	}
	code := m.Run()
	if cluster != nil {
		if err := cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.RemoveAll(dir)
	}
	return code
}

func dbURL(name string) string {
	u, _ := url.Parse(serverURL)
	u.Path = "/" + name
	return u.String()
}

func migrateTemplate(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return fmt.Errorf("pgtest: connect: %w", err)
	}
	defer conn.Close(ctx)
	name := pgx.Identifier{templateDB}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	pool, err := pgxpool.New(ctx, dbURL(templateDB))
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer pool.Close()
	return store.Migrate(pool)
}

// URL creates a fresh migrated database for t, dropped when t passes
// (kept and logged when it fails), and returns its URL.
func URL(t testing.TB) string {
	t.Helper()
	if setupErr != nil {
		t.Skipf("PostgreSQL not available: %v", setupErr)
	}
	if serverURL == "" {
		t.Fatal("pgtest: call pgtest.Main from TestMain")
	}
	ctx := context.Background()
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), counter.Add(1))
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	createMu.Lock()
	_, err = conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+templateDB)
	createMu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("pgtest: database kept for inspection: %s", dbURL(name))
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, serverURL)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return dbURL(name)
}

// NewPool returns a pool on a fresh migrated database, closed after t.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), URL(t))
	if err != nil {
		t.Fatalf("pgtest: pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// NewStore returns a store on a fresh migrated database.
func NewStore(t testing.TB) *store.Store {
	t.Helper()
	return store.New(NewPool(t))
}
