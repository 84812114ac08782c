package localpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestNoBinaries(t *testing.T) {
	_, err := Start(context.Background(), Options{Dir: t.TempDir(), BinDir: filepath.Join(t.TempDir(), "nothing")})
	if !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("Start with no binaries = %v; want ErrNoBinaries", err)
	}
	for _, hint := range []string{"apt-get install postgresql", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("message %q does not say %q", err, hint)
		}
	}
}

func TestFindBinaries(t *testing.T) {
	dir, err := FindBinaries("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("FindBinaries: %v", err)
		}
		t.Skip(err)
	}
	for _, name := range []string{"initdb", "pg_ctl"} {
		if !isExec(filepath.Join(dir, name)) {
			t.Errorf("FindBinaries() = %s without %s", dir, name)
		}
	}
}

// TestPasswordsRequired: the cluster lets no one in without a password,
// keeps the passwords in 0600 files, creates login roles, and turns a
// cluster created with "trust" into one that needs passwords.
func TestPasswordsRequired(t *testing.T) {
	if _, err := FindBinaries(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	c, err := Start(ctx, Options{Dir: dir, Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	noPassword := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.Port())
	if conn, err := pgx.Connect(ctx, noPassword); err == nil {
		conn.Close(ctx)
		t.Error("connected as postgres without a password")
	}
	if conn, err := pgx.Connect(ctx, fmt.Sprintf("host=%s port=%d user=postgres dbname=postgres sslmode=disable", c.data, c.Port())); err == nil {
		conn.Close(ctx)
		t.Error("connected on the Unix socket without a password")
	}
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatalf("superuser with its password: %v", err)
	}
	conn.Close(ctx)
	url, err := c.Role(ctx, "tdkt_app", "postgres")
	if err != nil {
		t.Fatal(err)
	}
	if conn, err := pgx.Connect(ctx, url); err != nil {
		t.Errorf("app role: %v", err)
	} else {
		var super bool
		conn.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super)
		if super {
			t.Error("the app role is a superuser")
		}
		conn.Close(ctx)
	}
	if again, err := c.Role(ctx, "tdkt_app", "postgres"); err != nil || again != url {
		t.Errorf("Role again = %q, %v; want the same URL", again, err)
	}
	for _, f := range []string{superuserFile, "tdkt_app.password"} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", f, err, fi.Mode().Perm())
		}
	}

	// A cluster from before passwords: trust in pg_hba.conf, no password file.
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	trust := "local all all trust\nhost all all 127.0.0.1/32 trust\n"
	if err := os.WriteFile(filepath.Join(c.data, "pg_hba.conf"), []byte(trust), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, superuserFile))
	c2, err := Start(ctx, Options{Dir: dir, Fast: true, Port: c.Port()})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Stop()
	if conn, err := pgx.Connect(ctx, noPassword); err == nil {
		conn.Close(ctx)
		t.Error("old trust cluster: still connects without a password")
	}
	if conn, err := pgx.Connect(ctx, c2.URL("postgres")); err != nil {
		t.Errorf("old trust cluster, new password: %v", err)
	} else {
		conn.Close(ctx)
	}
}

// TestSuperviseRestartsPostmaster: when the postmaster is killed, the
// supervisor says why the database is down, restarts it with backoff, and
// connections work again.
func TestSuperviseRestartsPostmaster(t *testing.T) {
	if _, err := FindBinaries(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := Start(ctx, Options{Dir: t.TempDir(), Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	var mu sync.Mutex
	var reports []string
	s := c.Supervise(ctx, func(msg string, args ...any) {
		mu.Lock()
		reports = append(reports, fmt.Sprint(append([]any{msg}, args...)...))
		mu.Unlock()
	})
	pid := c.PostmasterPID()
	if pid == 0 || s.Down() != "" {
		t.Fatalf("pid %d, down %q before the kill", pid, s.Down())
	}
	start := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	sawDown := false
	for {
		if s.Down() != "" {
			sawDown = true
		}
		if sawDown && s.Down() == "" {
			break
		}
		if time.Since(start) > 90*time.Second {
			mu.Lock()
			t.Fatalf("not restarted after 90 s; down %q; reports %q", s.Down(), reports)
		}
		time.Sleep(100 * time.Millisecond)
	}
	took := time.Since(start)
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatalf("after the restart: %v", err)
	}
	conn.Close(ctx)
	if c.PostmasterPID() == pid {
		t.Error("the same postmaster pid after a restart")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reports) < 2 || !strings.Contains(reports[0], "died") || !strings.Contains(reports[len(reports)-1], "restarted") {
		t.Errorf("reports %q; want a death then a restart", reports)
	}
	t.Logf("METRIC postmaster_kill_to_restart=%v reports=%d", took.Round(time.Millisecond), len(reports))
}
