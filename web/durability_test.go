package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/demo"
	"tdkt/internal/localpg"
	"tdkt/internal/store"
	"tdkt/web"
)

// TestDatabaseCrash (reliability S33): PostgreSQL stops without a clean
// shutdown. tdkt keeps running, answers with the generic error page and 503
// on /readyz, recovers by itself when the database is back, and every
// acknowledged change is still there.
func TestDatabaseCrash(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Skip("needs its own PostgreSQL cluster")
	}
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	// Durable settings (fsync, synchronous commit), as in production: the
	// fast test settings may lose the last commits in a crash by design.
	cluster, err := localpg.Start(ctx, localpg.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cluster.Stop() })
	if err := cluster.EnsureDB(ctx, "tdkt"); err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.New(ctx, cluster.URL("tdkt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := store.Migrate(pool); err != nil {
		t.Fatal(err)
	}
	st := store.New(pool)
	if _, err := demo.Seed(ctx, st, time.Now()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(web.NewServer(web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, pool))
	t.Cleanup(ts.Close)
	e := &env{t: t, URL: ts.URL}
	c := e.login("admin")
	if res := c.post("/units", url.Values{"name": {"Phòng Trước Sự Cố"}, "kind": {"department"}, "version": {"0"}}); res.status != http.StatusSeeOther {
		t.Fatalf("create unit = %d", res.status)
	}

	if err := cluster.Crash(); err != nil {
		t.Fatal(err)
	}
	if res := c.get("/readyz"); res.status != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down = %d; want 503", res.status)
	}
	if res := c.get("/healthz"); res.status != http.StatusOK {
		t.Errorf("healthz with the database down = %d; want 200", res.status)
	}
	res := c.get("/units")
	if res.status != http.StatusInternalServerError || !res.has("Đã có lỗi xảy ra") {
		t.Errorf("page with the database down = %d; want the generic 500 page", res.status)
	}
	for _, leak := range []string{"connect", "127.0.0.1", "SQLSTATE", "dial"} {
		if strings.Contains(res.body, leak) {
			t.Errorf("error page leaks %q", leak)
		}
	}

	// The same data directory and port: the cleanup's Stop stops it again.
	if _, err := localpg.Start(ctx, localpg.Options{Dir: dir, Port: cluster.Port()}); err != nil {
		t.Fatal(err)
	}
	up := time.Now()
	for c.get("/readyz").status != http.StatusOK {
		if time.Since(up) > 20*time.Second {
			t.Fatal("tdkt did not recover within 20 s of the database restart")
		}
		time.Sleep(50 * time.Millisecond)
	}
	recovered := time.Since(up)
	res = c.get("/units")
	if res.status != http.StatusOK || !res.has("Phòng Trước Sự Cố") {
		t.Errorf("after recovery GET /units = %d; want 200 with the unit created before the crash", res.status)
	}
	t.Logf("METRIC S33 acknowledged_lost=0 recovery=%v", recovered.Round(time.Millisecond))
}
