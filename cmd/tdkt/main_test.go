package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// testKey is the audit key of every run in this binary: the store's key is
// process-wide, so runs in parallel must agree on it.
var testKey = hex.EncodeToString(pgtest.TestAuditKey)

// dbEnv is the environment of a run against the existing database url,
// with its own data directory (key file, checkpoints).
func dbEnv(t *testing.T, url string, more map[string]string) map[string]string {
	env := map[string]string{"DATABASE_URL": url, "TDKT_DATA_DIR": t.TempDir(), "TDKT_AUDIT_KEY": testKey}
	for k, v := range more {
		env[k] = v
	}
	return env
}

// lockedBuffer collects the log of a running server.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serve runs tdkt until it answers /healthz, checks the sign-in page, stops
// it and returns how long it took to become healthy.
func serve(t *testing.T, env map[string]string) time.Duration {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &lockedBuffer{}
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- run(ctx, nil, envOf(env), nil, io.Discard, logs) }()
	base := "http://" + env["TDKT_ADDR"]
	var took time.Duration
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				took = time.Since(start)
				break
			}
		}
		select {
		case err := <-done:
			t.Fatalf("tdkt stopped before it was healthy: %v\n%s", err, logs)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Since(start) > 60*time.Second {
			t.Fatalf("tdkt not healthy after 60 s\n%s", logs)
		}
	}
	for _, path := range []string{"/readyz", "/login"} {
		res, err := http.Get(base + path)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("GET %s = %v, %v; want 200", path, res, err)
		}
		res.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after shutdown", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("tdkt did not stop within 60 s")
	}
	return took
}

// TestRunEmbedded is `make run` on a fresh machine: no DATABASE_URL, so tdkt
// creates and starts its own PostgreSQL, seeds the demo data, serves, and
// stops PostgreSQL on exit; a second start reuses the data.
func TestRunEmbedded(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Skip("TEST_DATABASE_URL set: the embedded PostgreSQL is not exercised")
	}
	dir := t.TempDir()
	env := map[string]string{"TDKT_DATA_DIR": dir, "TDKT_ADDR": freeAddr(t)}
	cold := serve(t, env)
	if _, err := os.Stat(filepath.Join(dir, "pg", "data", "PG_VERSION")); err != nil {
		t.Fatalf("no cluster under TDKT_DATA_DIR/pg: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pg", "data", "postmaster.pid")); err == nil {
		t.Error("postmaster.pid left behind: PostgreSQL was not stopped")
	}
	env["TDKT_ADDR"] = freeAddr(t)
	warm := serve(t, env)
	t.Logf("METRIC cold_start=%v warm_start=%v", cold.Round(time.Millisecond), warm.Round(time.Millisecond))

	// The key file is 0600; a backup carries it, and a restore into
	// another embedded installation verifies the trail with it.
	if fi, err := os.Stat(filepath.Join(dir, "audit.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("audit.key: %v; want mode 0600", err)
	}
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "sao-luu.tar")
	if err := run(ctx, []string{"backup", file}, envOf(env), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("embedded backup: %v", err)
	}
	other := map[string]string{"TDKT_DATA_DIR": t.TempDir(), "TDKT_ADDR": freeAddr(t)}
	var out bytes.Buffer
	if err := run(ctx, []string{"restore", file}, envOf(other), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "audit trail intact") {
		t.Fatalf("embedded restore = %v, %q", err, out.String())
	}
	if err := run(ctx, []string{"restore", file}, envOf(other), nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("embedded restore over data = %v; want a refusal", err)
	}
	postmasterKilled(t, other)
}

// postmasterKilled serves the embedded installation of env, kills its
// PostgreSQL server, and checks that /readyz says why meanwhile and that
// tdkt serves again once the supervisor has restarted it.
func postmasterKilled(t *testing.T, env map[string]string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &lockedBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, envOf(env), nil, io.Discard, logs) }()
	defer func() {
		cancel()
		<-done
	}()
	base := "http://" + env["TDKT_ADDR"]
	get := func(path string) (int, string) {
		res, err := http.Get(base + path)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	wait := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(90 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 90 s\n%s", what, logs)
			}
		}
	}
	wait("ready", func() bool { st, _ := get("/readyz"); return st == 200 })
	b, err := os.ReadFile(filepath.Join(env["TDKT_DATA_DIR"], "pg", "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	start := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wait("/readyz says why", func() bool {
		st, body := get("/readyz")
		return st == 503 && strings.Contains(body, "PostgreSQL server stopped")
	})
	wait("ready again", func() bool { st, _ := get("/readyz"); return st == 200 })
	if st, _ := get("/login"); st != 200 {
		t.Errorf("GET /login after the restart = %d", st)
	}
	if !strings.Contains(logs.String(), "embedded PostgreSQL died") || !strings.Contains(logs.String(), "embedded PostgreSQL restarted") {
		t.Errorf("the death and the restart are not logged:\n%s", logs)
	}
	t.Logf("METRIC embedded_postmaster_kill_to_ready=%v", time.Since(start).Round(time.Millisecond))
}

func TestRunProductionRefusesDemoPassword(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	ctx := context.Background()
	if err := run(ctx, []string{"seed"}, envOf(dbEnv(t, url, nil)), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	err := run(ctx, nil, envOf(dbEnv(t, url, map[string]string{"TDKT_ENV": "production", "TDKT_ADDR": freeAddr(t)})), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "demo password") {
		t.Errorf("production start with demo accounts = %v; want a refusal", err)
	}
}

func TestRunConfigErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"TDKT_ENV": "production"}, "needs DATABASE_URL"},
		{nil, map[string]string{"TDKT_ENV": "staging"}, "TDKT_ENV"},
		{[]string{"explode"}, nil, "unknown command"},
	} {
		err := run(ctx, tc.args, envOf(tc.env), nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%v, %v) = %v; want an error containing %q", tc.args, tc.env, err, tc.want)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"help"}, envOf(nil), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "usage") {
		t.Errorf("help = %v, %q", err, out.String())
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	env := envOf(dbEnv(t, pgtest.URL(t), nil))
	for i := 0; i < 2; i++ {
		if err := run(context.Background(), []string{"migrate"}, env, nil, io.Discard, io.Discard); err != nil {
			t.Fatalf("migrate run %d: %v", i+1, err)
		}
	}
}

// TestUserCommand: the first admin of a production installation is made
// from the command line; production then starts.
func TestUserCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.URL(t)
	prod := dbEnv(t, url, map[string]string{"TDKT_ENV": "production"})
	var out bytes.Buffer
	err := run(ctx, []string{"user", "create", "quantri", "-roles", "admin,office"}, envOf(prod), strings.NewReader("Mat-khau-that-dai-2026\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "created account quantri") {
		t.Fatalf("user create = %v, %q", err, out.String())
	}
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"user", "create", "quantri", "-roles", "admin"}, "Mat-khau-khac-2026\n", "duplicate"},
		{[]string{"user", "create", "ai-do", "-roles", "root"}, "Mat-khau-khac-2026\n", "unknown role"},
		{[]string{"user", "create", "ai-do", "-roles", "admin"}, "ngan\n", "password refused"},
		{[]string{"user", "create", "ai-do", "-roles", "admin"}, "", "no password"},
		{[]string{"user", "reset", "khong-co"}, "Mat-khau-khac-2026\n", "not found"},
		{[]string{"user", "delete", "quantri"}, "Mat-khau-khac-2026\n", "unknown user command"},
	} {
		err := run(ctx, tc.args, envOf(prod), strings.NewReader(tc.stdin), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%v) = %v; want an error containing %q", tc.args, err, tc.want)
		}
	}
	reset := dbEnv(t, url, map[string]string{"TDKT_ENV": "production", "TDKT_PASSWORD": "Mat-khau-moi-hon-2027"})
	reset["TDKT_DATA_DIR"] = prod["TDKT_DATA_DIR"]
	if err := run(ctx, []string{"user", "reset", "quantri"}, envOf(reset), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("user reset: %v", err)
	}
	prod["TDKT_ADDR"] = freeAddr(t)
	serve(t, prod)
	out.Reset()
	if err := run(ctx, []string{"verify-audit"}, envOf(prod), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "intact: 2 events checked (2 sealed") {
		t.Errorf("verify-audit = %v, %q; want intact with 2 events (create, reset)", err, out.String())
	}
}

// TestVerifyAuditCatchesTruncation: verify-audit checkpoints the head of
// the trail outside the database, so deleting the newest events (with the
// triggers off, as a superuser can) is reported with the first missing id.
func TestVerifyAuditCatchesTruncation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.URL(t)
	env := dbEnv(t, url, nil)
	if err := run(ctx, []string{"seed"}, envOf(env), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"verify-audit"}, envOf(env), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "intact") {
		t.Fatalf("verify-audit on the seeded trail = %v, %q", err, out.String())
	}
	if b, err := os.ReadFile(filepath.Join(env["TDKT_DATA_DIR"], "audit.checkpoints")); err != nil || len(b) == 0 {
		t.Fatalf("no checkpoint written: %v", err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var last int64
	conn.QueryRow(ctx, `SELECT max(id) FROM events`).Scan(&last)
	if _, err := conn.Exec(ctx, `BEGIN; SET LOCAL session_replication_role = replica;
		DELETE FROM events WHERE id > (SELECT max(id) - 5 FROM events); COMMIT`); err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"verify-audit"}, envOf(env), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("first bad event %d", last)) || !strings.Contains(err.Error(), "deleted") {
		t.Errorf("verify-audit after deleting the newest events = %v; want the deletion reported at %d", err, last)
	}
	// A trail verified with another key is not intact either.
	other := dbEnv(t, url, map[string]string{"TDKT_AUDIT_KEY": strings.Repeat("0f", 32)})
	if err := run(ctx, []string{"verify-audit"}, envOf(other), nil, io.Discard, io.Discard); err == nil {
		t.Error("verify-audit with another key passed")
	}
}

// TestRunAsRestrictedRole: migrations run as the owner, the application as
// a role that owns nothing; it seeds, serves and verifies, and cannot
// rewrite the audit trail.
func TestRunAsRestrictedRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ownerURL := pgtest.URL(t)
	name, pw := pgtest.AppRole(t)
	appURL := pgtest.AsRole(ownerURL, name, pw)
	env := dbEnv(t, appURL, map[string]string{"TDKT_OWNER_DATABASE_URL": ownerURL})
	if err := run(ctx, []string{"seed"}, envOf(env), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("seed as the app role: %v", err)
	}
	env["TDKT_ADDR"] = freeAddr(t)
	serve(t, env)
	var out bytes.Buffer
	if err := run(ctx, []string{"verify-audit"}, envOf(env), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "intact") {
		t.Fatalf("verify-audit = %v, %q", err, out.String())
	}
	conn, err := pgx.Connect(ctx, appURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{`UPDATE events SET reason = 'x'`, `DELETE FROM events`, `TRUNCATE events`,
		`ALTER TABLE events DISABLE TRIGGER ALL`} {
		if _, err := conn.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "42501") {
			t.Errorf("as the app role, %s = %v; want permission denied", q, err)
		}
	}
	// Without an owner URL, the app role cannot migrate a fresh database.
	if err := run(ctx, []string{"migrate"}, envOf(dbEnv(t, pgtest.AsRole(pgtest.URL(t), name, pw), nil)), nil, io.Discard, io.Discard); err == nil {
		t.Error("the app role migrated a database it does not own")
	}
}
