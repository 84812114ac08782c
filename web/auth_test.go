package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"tdkt/internal/pgtest"
	"tdkt/internal/store"
	"tdkt/web"
)

func TestLoginLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	if res := c.get("/"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/login" {
		t.Fatalf("GET / signed out = %d %q; want 303 to /login", res.status, res.header.Get("Location"))
	}
	res := c.get("/login")
	if res.status != 200 || !res.has("Đăng nhập") || !res.has("tp.ngansach") {
		t.Fatalf("login page = %d; want 200 with the demo accounts", res.status)
	}
	before := c.sessionCookie()
	res = c.post("/login", url.Values{"username": {"VanPhong"}, "password": {"demo-tdkt-2025"}, "next": {"/people?q=a"}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/people?q=a" {
		t.Fatalf("login = %d %q; want 303 to next", res.status, res.header.Get("Location"))
	}
	after := c.sessionCookie()
	if after == "" || after == before {
		t.Errorf("session cookie before login %q, after %q; want a new token (no fixation)", before, after)
	}
	// The cookie: HttpOnly, SameSite=Lax, gone when the browser closes.
	cookie := res.header.Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Max-Age") || strings.Contains(cookie, "Expires") {
		t.Errorf("session cookie %q outlives the browser; want a session cookie", cookie)
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("demo session cookie %q is Secure; want plain http to work", cookie)
	}
	res = c.get("/")
	if res.status != 200 || !res.has("Xin chào") {
		t.Fatalf("home = %d; want 200 greeting", res.status)
	}
	if res.header.Get("Content-Security-Policy") == "" || res.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers missing: %v", res.header)
	}
	res = c.post("/logout", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("logout = %d; want 303", res.status)
	}
	if res := c.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("GET / after logout = %d; want 303 to login", res.status)
	}
}

func TestLoginOpenRedirect(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, next := range []string{"https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"} {
		c := e.client()
		res := c.post("/login", url.Values{"username": {"admin"}, "password": {"demo-tdkt-2025"}, "next": {next}})
		if loc := res.header.Get("Location"); loc != "/" {
			t.Errorf("login with next=%q redirects to %q; want /", next, loc)
		}
	}
}

func TestWrongPasswordAndLockout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	wrong := c.post("/login", url.Values{"username": {"tp.dautu"}, "password": {"sai-mat-khau"}})
	unknown := c.post("/login", url.Values{"username": {"khong-ton-tai"}, "password": {"sai-mat-khau"}})
	for _, res := range []response{wrong, unknown} {
		if res.status != http.StatusUnprocessableEntity || !res.has("Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Errorf("bad login = %d; want 422 with the one message", res.status)
		}
	}
	// Failures 2..5: the account is slowed, then locked for 15 minutes.
	c.post("/login", url.Values{"username": {"tp.dautu"}, "password": {"sai-mat-khau"}})
	c.post("/login", url.Values{"username": {"tp.dautu"}, "password": {"sai-mat-khau"}})
	slowed := c.post("/login", url.Values{"username": {"tp.dautu"}, "password": {"demo-tdkt-2025"}})
	if slowed.status != http.StatusTooManyRequests || !slowed.has("chờ ít giây") {
		t.Errorf("attempt right after 3 failures = %d; want 429 asking to wait", slowed.status)
	}
	e.advance(6 * time.Second)
	c.post("/login", url.Values{"username": {"tp.dautu"}, "password": {"sai-mat-khau"}})
	e.advance(31 * time.Second)
	last := c.post("/login", url.Values{"username": {"tp.dautu"}, "password": {"sai-mat-khau"}})
	if last.status != http.StatusTooManyRequests || !last.has("tạm khóa") {
		t.Fatalf("5th failure = %d; want 429 and a lock message", last.status)
	}
	// Even the right password is refused while locked.
	res := c.post("/login", url.Values{"username": {"tp.dautu"}, "password": {"demo-tdkt-2025"}})
	if res.status != http.StatusTooManyRequests || !res.has("15 phút") {
		t.Errorf("right password while locked = %d; want 429 with the 15-minute message", res.status)
	}
	// Another account is not affected, and the lock ends after 15 minutes.
	e.login("tp.ngansach")
	e.advance(16 * time.Minute)
	e.login("tp.dautu")
}

func TestCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	form := url.Values{"username": {"admin"}, "password": {"demo-tdkt-2025"}}
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
		{"Sec-Fetch-Site": "same-site"},
	} {
		res := c.postWith("/login", form, h)
		if res.status != http.StatusForbidden || !res.has("Không có quyền truy cập") {
			t.Errorf("cross-origin login %v = %d; want 403 Vietnamese page", h, res.status)
		}
		if c.sessionCookie() != "" {
			t.Errorf("cross-origin login %v created a session", h)
		}
	}
	admin := e.login("admin")
	res := admin.postWith("/units", url.Values{"name": {"Phòng giả mạo"}, "kind": {"department"}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if res.status != http.StatusForbidden {
		t.Errorf("cross-site create unit = %d; want 403", res.status)
	}
	units, _ := e.Store.ListUnits(context.Background(), store.UnitFilter{IncludeInactive: true})
	for _, u := range units {
		if u.Name == "Phòng giả mạo" {
			t.Error("cross-site POST created a unit")
		}
	}
}

func TestForbiddenForDeptHead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("tp.ngansach")
	for _, path := range []string{"/units", "/units/new", "/people", "/accounts", "/audit"} {
		if res := c.get(path); res.status != http.StatusForbidden || !res.has("Không có quyền truy cập") {
			t.Errorf("dept_head GET %s = %d; want 403", path, res.status)
		}
	}
	if res := c.post("/units", url.Values{"name": {"X"}, "kind": {"department"}}); res.status != http.StatusForbidden {
		t.Errorf("dept_head POST /units = %d; want 403", res.status)
	}
	// Office reads people and units but does not edit them.
	o := e.login("vanphong")
	if res := o.get("/people"); res.status != 200 {
		t.Errorf("office GET /people = %d; want 200", res.status)
	}
	for _, path := range []string{"/people/new", "/accounts", "/audit"} {
		if res := o.get(path); res.status != http.StatusForbidden {
			t.Errorf("office GET %s = %d; want 403", path, res.status)
		}
	}
	if res := o.get("/units/new"); res.status != 200 {
		t.Errorf("office GET /units/new = %d; want 200 (the office keeps the units)", res.status)
	}
}

func TestDisabledAccountSessionEnds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("tp.dautu")
	if res := c.get("/"); res.status != 200 {
		t.Fatalf("home = %d", res.status)
	}
	u, _, err := e.Store.UserForLogin(ctx, "tp.dautu")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.SetUserDisabled(ctx, store.Actor{}, u.ID, u.Version, true, "nghỉ việc"); err != nil {
		t.Fatal(err)
	}
	if res := c.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("live session of a disabled account: GET / = %d; want 303 to login", res.status)
	}
	res := e.client().post("/login", url.Values{"username": {"tp.dautu"}, "password": {"demo-tdkt-2025"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Errorf("login of a disabled account = %d; want 422", res.status)
	}
}

func TestChangeOwnPassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c1 := e.login("tp.ngansach")
	c2 := e.login("tp.ngansach")
	bad := c1.post("/account/password", url.Values{"current": {"sai"}, "password": {"ngắn"}, "confirm": {"khác"}})
	if bad.status != http.StatusUnprocessableEntity || !bad.has(`href="#current"`) || !bad.has(`href="#password"`) || !bad.has(`href="#confirm"`) {
		t.Fatalf("bad password change = %d; want 422 with an error summary linking each field", bad.status)
	}
	res := c1.post("/account/password", url.Values{"current": {"demo-tdkt-2025"}, "password": {"Mat-khau-moi-2026"}, "confirm": {"Mat-khau-moi-2026"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("password change = %d; want 303", res.status)
	}
	if res := c1.get("/"); res.status != 200 || !res.has("Đã đổi mật khẩu") {
		t.Errorf("own session after change = %d; want 200 with flash", res.status)
	}
	if res := c2.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("other session after change = %d; want it ended (303)", res.status)
	}
}

func TestMalformedAndOversizedInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	for _, path := range []string{"/units/abc", "/units/-1", "/units/0", "/units/99999999999999999999", "/people/1e3", "/units/999999"} {
		if res := c.get(path); res.status != http.StatusNotFound || !res.has("Không tìm thấy") {
			t.Errorf("GET %s = %d; want 404 page", path, res.status)
		}
	}
	huge := strings.Repeat("a", 2<<20)
	if res := c.post("/units", url.Values{"name": {huge}, "kind": {"department"}}); res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB form = %d; want 413", res.status)
	}
	res := c.post("/units", url.Values{"name": {strings.Repeat("Phòng ", 50)}, "kind": {"bogus"}, "active_from": {"31/02/2025"}, "sort_order": {"x"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid unit = %d; want 422", res.status)
	}
	for _, want := range []string{"Tên đơn vị không quá 200 ký tự.", "Chọn loại đơn vị.", "ngày/tháng/năm", "Thứ tự hiển thị phải là số nguyên."} {
		if !res.has(want) {
			t.Errorf("invalid unit page lacks %q", want)
		}
	}
	if res := c.postWith("/units", url.Values{"version": {"x"}}, map[string]string{"Sec-Fetch-Site": "same-origin", "Content-Type": "text/plain"}); res.status >= 500 {
		t.Errorf("wrong content type = %d; want 4xx", res.status)
	}
}

func TestHealthAndReady(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for _, p := range []string{"/healthz", "/readyz"} {
		if res := c.get(p); res.status != 200 {
			t.Errorf("GET %s = %d; want 200", p, res.status)
		}
	}
	head, _ := http.NewRequest(http.MethodHead, e.URL+"/healthz", nil)
	if res := c.do(head); res.status != http.StatusOK {
		t.Errorf("HEAD /healthz = %d; want 200", res.status)
	}
	if res := c.get("/robots.txt"); res.status != 200 || !res.has("Disallow: /") {
		t.Errorf("robots.txt = %d %q; want everything disallowed", res.status, res.body)
	}
	if res := c.get("/favicon.ico"); res.status != http.StatusMovedPermanently || !strings.HasPrefix(res.header.Get("Location"), "/static/favicon.svg") {
		t.Errorf("favicon.ico = %d %q; want a redirect to the SVG icon", res.status, res.header.Get("Location"))
	}
	if res := c.get("/static/favicon.svg"); res.status != 200 || !strings.Contains(res.header.Get("Content-Type"), "svg") {
		t.Errorf("favicon.svg = %d %q", res.status, res.header.Get("Content-Type"))
	}
	if res := c.get("/khong-co-trang-nay"); res.status != 404 || !res.has("Không tìm thấy trang") {
		t.Errorf("unknown path = %d; want the 404 page", res.status)
	}
}

// TestInternalErrorPage: a database failure gives the generic Vietnamese 500
// page with a request id and no internal detail.
func TestInternalErrorPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	e.Pool.Close()
	res := c.get("/units")
	if res.status != http.StatusInternalServerError || !res.has("Đã có lỗi xảy ra") || !res.has("Mã tra cứu lỗi") {
		t.Fatalf("GET /units with the database gone = %d; want the 500 page\n%s", res.status, res.body)
	}
	for _, leak := range []string{"pool", "closed", "pgx", "sql", "panic"} {
		if strings.Contains(strings.ToLower(res.body), leak) {
			t.Errorf("500 page leaks %q", leak)
		}
	}
	if res := c.get("/readyz"); res.status != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database gone = %d; want 503", res.status)
	}
	if res := c.get("/healthz"); res.status != http.StatusOK {
		t.Errorf("healthz with the database gone = %d; want 200", res.status)
	}
}

// TestLogsHoldNoSecrets (reliability S12): after a journey with good and bad
// passwords, no password, session token or searched name is in the log, and
// log lines cannot be split by what users type.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bad := e.client()
	bad.post("/login", url.Values{"username": {"tp.dautu\nlevel=ERROR msg=forged"}, "password": {"sai-mat-khau-bi-mat"}})
	c := e.login("admin")
	tokens := []string{c.sessionCookie()}
	c.get("/people?q=Nguy%E1%BB%85n+Thanh+Phong")
	c.post("/account/password", url.Values{"current": {"demo-tdkt-2025"}, "password": {"Mat-khau-moi-2026"}, "confirm": {"Mat-khau-moi-2026"}})
	tokens = append(tokens, c.sessionCookie())
	c.post("/logout", nil)
	logs := e.logs.String()
	for _, secret := range append(tokens, "demo-tdkt-2025", "sai-mat-khau-bi-mat", "Mat-khau-moi-2026", "Nguyễn Thanh Phong", "q=") {
		if secret != "" && strings.Contains(logs, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
	for _, want := range []string{"login_failed", "msg=login ", "msg=logout"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	if strings.Contains(logs, "\nlevel=ERROR msg=forged") {
		t.Error("a login name split a log line")
	}
	t.Logf("METRIC S12 secrets_in_logs=0 lines=%d", strings.Count(logs, "\n"))
}

// TestProductionCookies: with SecureCookies the session cookie is
// __Host-tdkt_session, Secure, and responses carry HSTS.
func TestProductionCookies(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewSeededPool(t, "demo", seedDemo)
	st := store.New(pool)
	srv := web.NewServer(web.Config{SecureCookies: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, pool)
	form := url.Values{"username": {"admin"}, "password": {"demo-tdkt-2025"}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	cookie := rec.Header().Get("Set-Cookie")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(cookie, "__Host-tdkt_session=") || !strings.Contains(cookie, "Secure") {
		t.Errorf("production login = %d, cookie %q; want 303 and a Secure __Host- cookie", rec.Code, cookie)
	}
	if rec.Header().Get("Strict-Transport-Security") == "" {
		t.Error("production response without HSTS")
	}
	if strings.Contains(rec.Body.String()+rec.Header().Get("Location"), "demo-tdkt-2025") {
		t.Error("demo password echoed")
	}
}

// TestSessionTimeouts (ASVS L2): a session ends after 30 minutes without a
// request, and 12 hours after sign-in however active it is.
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	idle := e.login("tp.ngansach")
	busy := e.login("tp.dautu")
	for _, step := range []time.Duration{29 * time.Minute, 29 * time.Minute} {
		e.advance(step)
		if res := idle.get("/"); res.status != http.StatusOK {
			t.Fatalf("request %v after the last one = %d; want the session alive", step, res.status)
		}
	}
	e.advance(31 * time.Minute)
	if res := idle.get("/people"); res.status != http.StatusSeeOther {
		t.Errorf("request 31 minutes after the last one = %d; want the session ended (303)", res.status)
	}
	if res := idle.get("/login"); !res.has("Phiên làm việc đã kết thúc") {
		t.Error("the sign-in page does not say why the session ended")
	}
	// busy has been idle for 89 minutes too: it was ended as well.
	if res := busy.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("idle session = %d; want ended", res.status)
	}
	busy = e.login("tp.dautu")
	for elapsed := time.Duration(0); elapsed < 12*time.Hour-25*time.Minute; elapsed += 25 * time.Minute {
		e.advance(25 * time.Minute)
		if res := busy.get("/"); res.status != http.StatusOK {
			t.Fatalf("active session after %v = %d; want alive", elapsed+25*time.Minute, res.status)
		}
	}
	e.advance(25 * time.Minute)
	if res := busy.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("session used every 25 minutes, 12 h 0x min after sign-in = %d; want ended", res.status)
	}
}

// TestEndOtherSessions: from one browser, the user signs out every other one.
func TestEndOtherSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	here, there := e.login("tp.ngansach"), e.login("tp.ngansach")
	page := here.get("/account/password")
	if !page.has(`data-testid="end-sessions"`) {
		t.Fatal("the account page offers no way to end the other sessions")
	}
	if res := here.post("/account/sessions/end", nil); res.status != http.StatusSeeOther {
		t.Fatalf("end other sessions = %d; want 303", res.status)
	}
	if res := here.get("/account/password"); res.status != http.StatusOK || !res.has("Đã đăng xuất tài khoản của bạn ở mọi máy khác.") {
		t.Errorf("this session after ending the others = %d; want it alive with a flash", res.status)
	}
	if res := there.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("the other session = %d; want it ended", res.status)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE action = 'user.sessions_end'`); n != 1 {
		t.Errorf("user.sessions_end events = %d; want 1", n)
	}
}
