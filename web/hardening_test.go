package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"tdkt/internal/pgtest"
	"tdkt/internal/store"
	"tdkt/web"
)

// clientFrom is a browser connecting from the loopback address ip
// (127.x.y.z), so that the server sees another client address.
func (e *env) clientFrom(ip string) *client {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	return &client{e: e, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		Transport:     &http.Transport{DialContext: d.DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func signIn(c *client, username, password string) response {
	return c.post("/login", url.Values{"username": {username}, "password": {password}})
}

// TestLoginParallelGuesses: 20 guesses sent at once get no more password
// checks than 20 sent one by one (the attempt is counted before the
// password is checked); once the limit is reached, 20 parallel attempts
// with the right password among them do not sign in.
func TestLoginParallelGuesses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for round, right := range []int{-1, 13} {
		var wg sync.WaitGroup
		results := make([]response, 20)
		for i := range results {
			wg.Go(func() {
				pw := "sai-mat-khau"
				if i == right {
					pw = "demo-tdkt-2025"
				}
				results[i] = signIn(c, "tp.dautu", pw)
			})
		}
		wg.Wait()
		checked := 0
		for i, res := range results {
			switch {
			case res.status == http.StatusSeeOther:
				t.Errorf("round %d: guess %d signed in", round, i)
			case res.status == http.StatusUnprocessableEntity || res.has("Tên đăng nhập hoặc mật khẩu không đúng"):
				checked++
			case res.status != http.StatusTooManyRequests || !res.has("thử lại"):
				t.Errorf("round %d: guess %d = %d; want 422 or 429 asking to wait", round, i, res.status)
			}
		}
		t.Logf("METRIC login_parallel_guesses round=%d password_checks=%d of 20", round, checked)
		if want := []int{3, 0}[round]; checked != want {
			t.Errorf("round %d: %d password checks for 20 parallel guesses; want %d", round, checked, want)
		}
	}
	if res := signIn(c, "tp.dautu", "demo-tdkt-2025"); res.status != http.StatusTooManyRequests {
		t.Errorf("right password after the parallel guesses = %d; want 429", res.status)
	}
	e.advance(6 * time.Second)
	if res := signIn(c, "tp.dautu", "demo-tdkt-2025"); res.status != http.StatusSeeOther {
		t.Errorf("right password after the wait = %d; want signed in", res.status)
	}
}

// TestLoginThrottleByAddress: guesses from one address slow and then stop
// that address, not the account's owner elsewhere; guesses from many
// addresses only space the attempts out.
func TestLoginThrottleByAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	stranger := e.clientFrom("127.0.0.2")
	for i := 1; i <= 5; i++ {
		signIn(stranger, "admin", "doan-mo")
		e.advance(31 * time.Second)
	}
	if res := signIn(stranger, "admin", "demo-tdkt-2025"); res.status != http.StatusTooManyRequests || !res.has("15 phút") {
		t.Errorf("right password from the guessing address = %d; want 429 for 15 minutes", res.status)
	}
	owner := e.clientFrom("127.0.0.3")
	if res := signIn(owner, "admin", "demo-tdkt-2025"); res.status != http.StatusSeeOther {
		t.Fatalf("owner from another address = %d; want signed in\n%s", res.status, res.body)
	}
	// A botnet: one guess from each of many addresses. After the free
	// attempts, the account's attempts are spaced, not locked.
	for i := range 12 {
		signIn(e.clientFrom(fmt.Sprintf("127.0.1.%d", i+1)), "vanphong", "doan-mo")
	}
	office := e.clientFrom("127.0.0.4")
	if res := signIn(office, "vanphong", "demo-tdkt-2025"); res.status != http.StatusTooManyRequests || !res.has("chờ ít giây") {
		t.Errorf("owner right after a distributed guess = %d; want 429 asking to wait a few seconds", res.status)
	}
	e.advance(3 * time.Second)
	if res := signIn(office, "vanphong", "demo-tdkt-2025"); res.status != http.StatusSeeOther {
		t.Errorf("owner 3 s later = %d; want signed in", res.status)
	}
}

// TestTextInputCleaned: invalid UTF-8 and NUL in any field or query
// parameter are dropped before anything reads them (PostgreSQL would
// refuse them), and multi-line text is cleaned as such.
func TestTextInputCleaned(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	res := office.post("/blocs", url.Values{"name": {"Khối\x00 có\xff\xfe mô tả"}, "kind": {"internal"},
		"description": {"  Dòng 1\u202e\x00\r\nDo\u0300ng \xff2\t \r\n\r\n"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("bloc with NUL and invalid UTF-8 = %d\n%s", res.status, res.body)
	}
	var desc string
	if err := e.Pool.QueryRow(context.Background(), `SELECT description FROM blocs WHERE name = 'Khối có mô tả'`).Scan(&desc); err != nil {
		t.Fatal(err)
	}
	if desc != "Dòng 1\nDòng 2" {
		t.Errorf("stored description %q; want %q", desc, "Dòng 1\nDòng 2")
	}
	for _, q := range []string{"/people?q=%00", "/people?q=%ff%fe", "/people?%ff=1", "/audit?type=%00unit"} {
		if res := office.get(q); res.status >= 500 || res.status == http.StatusBadRequest {
			t.Errorf("GET %s = %d; want the page, cleaned", q, res.status)
		}
	}
}

// TestAppRoleServes: the web application works when connected as the
// restricted role (store.GrantApp), which cannot rewrite the audit trail.
func TestAppRoleServes(t *testing.T) {
	t.Parallel()
	owner := pgtest.NewSeededPool(t, "demo", seedDemo)
	app := pgtest.AppPool(t, owner)
	st := store.New(app)
	srv := web.NewServer(web.Config{Demo: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, app)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &env{t: t, URL: ts.URL, Store: st, Pool: app, Srv: srv}
	c := e.login("vanphong")
	if res := c.post("/units", url.Values{"name": {"Phòng Thử vai trò"}, "kind": {"department"}}); res.status != http.StatusSeeOther {
		t.Fatalf("create a unit as the app role = %d\n%s", res.status, res.body)
	}
	for _, path := range []string{"/", "/units", "/rounds", "/notifications"} {
		if res := c.get(path); res.status != http.StatusOK {
			t.Errorf("GET %s as the app role = %d", path, res.status)
		}
	}
	if r, err := st.VerifyAudit(context.Background(), nil); err != nil || !r.OK() {
		t.Errorf("audit after serving as the app role: %+v, %v", r, err)
	}
	if _, err := app.Exec(context.Background(), `UPDATE events SET reason = 'x'`); err == nil {
		t.Error("the app role updated the audit trail")
	}
}

// TestPagingCursorsOutOfRange: cursors beyond PostgreSQL's integer types
// are ignored or refused, never a server error.
func TestPagingCursorsOutOfRange(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin, office := e.login("admin"), e.login("vanphong")
	var round int64
	e.Pool.QueryRow(context.Background(), `SELECT min(id) FROM rounds`).Scan(&round)
	for _, q := range []string{"before=9223372036854775807", "before=2147483648", "before=-1", "before=1e9",
		"after=1.2147483648", "after=9223372036854775807.9223372036854775807", "after=-9223372036854775808.1", "after=.", "after=1.2.3"} {
		for _, tc := range []struct {
			c    *client
			path string
		}{{office, "/notifications"}, {admin, "/audit"}, {admin, "/audit?type=unit&id=2147483648&"}, {office, "/appraisal"}, {office, fmt.Sprintf("/rounds/%d", round)}} {
			sep := "?"
			if strings.Contains(tc.path, "?") {
				sep = ""
			}
			if res := tc.c.get(tc.path + sep + q); res.status >= 500 {
				t.Errorf("GET %s%s%s = %d; want no server error", tc.path, sep, q, res.status)
			}
		}
	}
}
