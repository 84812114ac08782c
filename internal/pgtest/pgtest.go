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
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
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

var (
	serverURL string // URL of the "postgres" database of the server
	setupErr  error
	counter   atomic.Int64
	createMu  sync.Mutex
	// templateDB is migrated once per test binary; the pid keeps test
	// binaries that share one server (TEST_DATABASE_URL) apart.
	templateDB = fmt.Sprintf("tdkt_template_%d", os.Getpid())
	seeded     sync.Map // name → *seededTemplate
)

// Main starts PostgreSQL, migrates the template database, runs the tests
// and stops the server.
func Main(m *testing.M) {
	os.Exit(run(m))
}

// TestAuditKey seals the audit trail in every test binary, as the key file
// does in production.
var TestAuditKey = bytes.Repeat([]byte{0x5a}, 32)

func run(m *testing.M) int {
	ctx := context.Background()
	store.SetAuditKey(TestAuditKey)
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
	if cluster == nil && serverURL != "" {
		dropTemplates(ctx)
		dropAppRole(ctx)
	}
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
	return clone(t, templateDB)
}

// clone creates a database for t from template tmpl and returns its URL.
func clone(t testing.TB, tmpl string) string {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), counter.Add(1))
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	createMu.Lock()
	_, err = conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pgx.Identifier{tmpl}.Sanitize())
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

// seededTemplate is a template database with data loaded once.
type seededTemplate struct {
	once sync.Once
	name string
	err  error
}

// NewSeededPool is NewPool with data: the first call for a name loads it
// with seed into a template database of its own; every call then gets a
// fresh clone of that template, so that each test pays for a copy, not for
// the seeding.
func NewSeededPool(t testing.TB, name string, seed func(context.Context, *pgxpool.Pool) error) *pgxpool.Pool {
	t.Helper()
	if setupErr != nil {
		t.Skipf("PostgreSQL not available: %v", setupErr)
	}
	v, _ := seeded.LoadOrStore(name, &seededTemplate{name: fmt.Sprintf("%s_%s", templateDB, name)})
	st := v.(*seededTemplate)
	st.once.Do(func() { st.err = seedTemplate(st.name, seed) })
	if st.err != nil {
		t.Fatalf("pgtest: seed template %s: %v", name, st.err)
	}
	pool, err := pgxpool.New(context.Background(), clone(t, st.name))
	if err != nil {
		t.Fatalf("pgtest: pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func seedTemplate(name string, seed func(context.Context, *pgxpool.Pool) error) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	createMu.Lock()
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+templateDB)
	createMu.Unlock()
	if err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, dbURL(name))
	if err != nil {
		return err
	}
	// A template must have no connections left when it is copied.
	defer pool.Close()
	return seed(ctx, pool)
}

// dropTemplates removes this binary's templates from a shared server.
func dropTemplates(ctx context.Context) {
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	seeded.Range(func(_, v any) bool {
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{v.(*seededTemplate).name}.Sanitize()+" WITH (FORCE)")
		return true
	})
	conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{templateDB}.Sanitize()+" WITH (FORCE)")
}

// appRole is the restricted role of this test binary (see AppPool).
var appRole struct {
	once     sync.Once
	name, pw string
	err      error
}

// AppPool returns a pool on owner's database connected as a restricted
// application role, granted as tdkt grants its application role
// (store.GrantApp): it cannot UPDATE, DELETE or TRUNCATE the audit trail,
// nor ALTER it or disable its trigger. Closed after t.
func AppPool(t testing.TB, owner *pgxpool.Pool) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	name, pw := AppRole(t)
	if err := store.GrantApp(ctx, owner, name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	cfg := owner.Config().Copy()
	cfg.ConnConfig.User, cfg.ConnConfig.Password = name, pw
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pgtest: app pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// AppRole returns the name and password of this test binary's restricted
// role (created on first use, with no privileges until store.GrantApp).
func AppRole(t testing.TB) (name, password string) {
	t.Helper()
	if setupErr != nil {
		t.Skipf("PostgreSQL not available: %v", setupErr)
	}
	appRole.once.Do(func() {
		ctx := context.Background()
		b := make([]byte, 16)
		rand.Read(b)
		appRole.name, appRole.pw = fmt.Sprintf("tdkt_app_%d", os.Getpid()), hex.EncodeToString(b)
		conn, err := pgx.Connect(ctx, serverURL)
		if err != nil {
			appRole.err = err
			return
		}
		defer conn.Close(ctx)
		_, appRole.err = conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{appRole.name}.Sanitize()+" LOGIN PASSWORD '"+appRole.pw+"'")
	})
	if appRole.err != nil {
		t.Fatalf("pgtest: app role: %v", appRole.err)
	}
	return appRole.name, appRole.pw
}

// AsRole returns dbURL with its user and password replaced.
func AsRole(dbURL, user, password string) string {
	u, _ := url.Parse(dbURL)
	u.User = url.UserPassword(user, password)
	return u.String()
}

// dropAppRole removes this binary's app role from a shared server.
func dropAppRole(ctx context.Context) {
	if appRole.name == "" {
		return
	}
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	conn.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{appRole.name}.Sanitize())
}
