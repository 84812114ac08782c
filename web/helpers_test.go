package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/demo"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
	"tdkt/web"
)

func TestMain(m *testing.M) { pgtest.MainThen(m, checkHTML) }

// env is a running tdkt on its own database with the demo data.
type env struct {
	t     *testing.T
	URL   string
	Store *store.Store
	Pool  *pgxpool.Pool
	Srv   *web.Server
	clock atomic.Int64 // unix nanoseconds
	logs  logBuffer    // everything the server logged
}

// logBuffer collects the server's log.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// advance moves the server's clock forward.
func (e *env) advance(d time.Duration) { e.clock.Add(int64(d)) }

// newEnv starts tdkt on a fresh seeded database.
func newEnv(t *testing.T) *env {
	t.Helper()
	pool := pgtest.NewSeededPool(t, "demo", seedDemo)
	st := store.New(pool)
	e := &env{t: t, Store: st, Pool: pool}
	e.clock.Store(time.Now().UnixNano())
	var out io.Writer = &e.logs
	if testing.Verbose() {
		out = io.MultiWriter(&e.logs, testWriter{t})
	}
	log := slog.New(slog.NewTextHandler(out, nil))
	srv := web.NewServer(web.Config{Demo: true, Logger: log, Now: func() time.Time { return time.Unix(0, e.clock.Load()) }}, st, pool)
	e.Srv = srv
	ts := httptest.NewServer(recordHTML(srv))
	t.Cleanup(ts.Close)
	e.URL = ts.URL
	return e
}

// seedDemo loads the demo data; pgtest does it once per test binary.
func seedDemo(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := demo.Seed(ctx, store.New(pool), time.Now())
	return err
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// client is one browser: its own cookie jar, redirects not followed.
type client struct {
	e *env
	c *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs in as username with the demo password.
func (e *env) login(username string) *client {
	e.t.Helper()
	c := e.client()
	res := c.post("/login", url.Values{"username": {username}, "password": {"demo-tdkt-2025"}})
	if res.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d; want 303\n%s", username, res.status, res.body)
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

func (c *client) get(path string) response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.URL+path, nil)
	return c.do(req)
}

// post sends a same-origin form, as a browser would.
func (c *client) post(path string, form url.Values) response {
	c.e.t.Helper()
	return c.postWith(path, form, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": c.e.URL})
}

func (c *client) postWith(path string, form url.Values, headers map[string]string) response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return c.do(req)
}

// sessionCookie returns the value of the session cookie, or "".
func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.e.URL)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == "tdkt_session" {
			return ck.Value
		}
	}
	return ""
}

func (r response) has(s string) bool { return strings.Contains(r.body, s) }

// unitOf returns the unit of a demo account.
func unitOf(t *testing.T, e *env, username string) int64 {
	t.Helper()
	u, _, err := e.Store.UserForLogin(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.UnitID
}

// noticeTarget is the stored target of a notification about the page at
// path ("/dossiers/5" → "dossier:5"), for tests that count notices.
func noticeTarget(path string) string {
	for _, m := range []struct {
		re   *regexp.Regexp
		kind string
	}{
		{regexp.MustCompile(`^/dossiers/(\d+)$`), "dossier"},
		{regexp.MustCompile(`^/rounds/(\d+)$`), "round"},
		{regexp.MustCompile(`^/campaigns/(\d+)$`), "campaign"},
		{regexp.MustCompile(`^/campaigns/(\d+)/pledge$`), "pledge"},
		{regexp.MustCompile(`^/campaigns/(\d+)/pledges/(\d+)$`), "pledge_review"},
		{regexp.MustCompile(`^/blocs/(\d+)/(\d+)$`), "bloc_year"},
	} {
		if g := m.re.FindStringSubmatch(path); g != nil {
			return strings.Join(append([]string{m.kind}, g[1:]...), ":")
		}
	}
	panic("noticeTarget: no target for " + path)
}
