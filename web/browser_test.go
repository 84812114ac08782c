package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Browser tests drive a real headless Chromium against a tdkt started by
// newEnv. One browser serves the whole test binary; each test gets its own
// browser context (like an incognito window), so cookies do not leak between
// tests, and its own tab.
//
// The browser is not stopped explicitly: TestMain belongs to pgtest.Main.
// chromedp starts Chromium with Pdeathsig=SIGKILL, so the kernel kills it
// when the test binary exits, and its helper processes follow. The profile
// directory cannot be removed then, so each run removes the directories
// left by earlier test binaries that are no longer running.

const (
	// browserTimeout bounds a tab's whole journey; the longest journeys
	// take over a minute when the 2-core machine runs other test binaries.
	browserTimeout = 3 * time.Minute
	demoPassword   = "demo-tdkt-2025"
	profilePrefix  = "tdkt-chromium-"
)

var shared struct {
	once sync.Once
	path string          // the Chromium executable; "" when none was found
	ctx  context.Context // chromedp context that owns the browser
	err  error
}

// findChromium returns the path of a Chromium-compatible browser, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts the shared browser. The browser lives until the test
// binary exits.
func startBrowser() {
	shared.path = findChromium()
	if shared.path == "" {
		return
	}
	removeStaleProfiles()
	profile, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", profilePrefix, os.Getpid()))
	if err != nil {
		shared.err = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(shared.path),
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(profile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Run starts the browser and binds its life to ctx, so it must
	// not run under a timeout; firstRun bounds the wait instead.
	if err := firstRun(ctx); err != nil {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
		shared.err = fmt.Errorf("start %s: %w", shared.path, err)
		return
	}
	shared.ctx = ctx
}

// firstRun makes the first chromedp.Run on ctx, which starts the browser or
// opens the tab and binds its life to ctx. That Run must not get a context
// with a timeout, so the wait is bounded here instead.
func firstRun(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(browserTimeout):
		return fmt.Errorf("no answer from the browser after %v", browserTimeout)
	}
}

// removeStaleProfiles removes the profile directories of test binaries that
// have exited.
func removeStaleProfiles() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), profilePrefix+"*"))
	for _, d := range dirs {
		rest := strings.TrimPrefix(filepath.Base(d), profilePrefix)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			continue // still running
		}
		// Chromium keeps its singleton socket in a directory of its own
		// (/tmp/org.chromium.Chromium.*), linked from the profile.
		if sock, err := os.Readlink(filepath.Join(d, "SingletonSocket")); err == nil {
			if dir := filepath.Dir(sock); strings.HasPrefix(filepath.Base(dir), "org.chromium.Chromium.") {
				os.RemoveAll(dir)
			}
		}
		os.RemoveAll(d)
	}
}

// newTab opens a tab in a fresh browser context of the shared browser. The
// returned context times out after browserTimeout; the tab and its browser
// context are closed when t ends. It skips t when no browser is installed,
// except under CI, where that is a failure.
func newTab(t *testing.T) context.Context {
	t.Helper()
	shared.once.Do(startBrowser)
	if shared.path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is required under CI: apt-get install chromium")
		}
		t.Skip("no Chromium found (chromium, chromium-browser, google-chrome): browser tests skipped")
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	ctx, cancel := chromedp.NewContext(shared.ctx, chromedp.WithNewBrowserContext())
	if err := firstRun(ctx); err != nil {
		cancel()
		t.Fatalf("open a tab: %v", err)
	}
	t.Cleanup(cancel)
	tctx, tcancel := context.WithTimeout(ctx, browserTimeout)
	t.Cleanup(tcancel)
	return tctx
}

// do runs browser steps and fails t on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// follow runs steps that start a navigation (a click on a link or a submit
// button) and waits until the new page has loaded.
func follow(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if res != nil && res.Status >= 400 {
		t.Fatalf("%s: HTTP %d for %s", what, res.Status, res.URL)
	}
}

// run runs one action that returns a value and fails t on error.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// location returns the current URL's path and query.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return run(t, ctx, "read location", chromedp.Evaluate[string](`location.pathname + location.search`))
}

// browserLogin signs in through the real login form.
func browserLogin(t *testing.T, ctx context.Context, e *env, username string) {
	t.Helper()
	follow(t, ctx, "open /login", chromedp.Navigate(e.URL+"/login"))
	do(t, ctx, "fill the login form",
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword),
	)
	follow(t, ctx, "submit the login form", chromedp.Click(chromedp.CSS(`[data-testid=login]`)))
	do(t, ctx, "wait for the signed-in page", chromedp.WaitVisible(chromedp.CSS(`[data-testid=user-name]`)))
}

// screenshot saves a full-page PNG in the temporary directory when the tests
// run with -v.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if !testing.Verbose() {
		return
	}
	png := run(t, ctx, "screenshot", chromedp.FullScreenshot(100))
	path := filepath.Join(os.TempDir(), "tdkt-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestBrowserOfficeJourney: the office signs in through the form, adds a
// unit, finds people by an unaccented name and signs out.
func TestBrowserOfficeJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := newTab(t)
	start := time.Now()
	do(t, ctx, "set the viewport", chromedp.EmulateViewport(1280, 900))

	browserLogin(t, ctx, e, "vanphong")
	if got := location(t, ctx); got != "/" {
		t.Errorf("after sign-in the browser is at %q; want /", got)
	}
	name := run(t, ctx, "read the user name", chromedp.Text(chromedp.CSS(`[data-testid=user-name]`)))
	if strings.TrimSpace(name) == "" {
		t.Error("the header shows no user name")
	}

	// Add a unit.
	const unit = "Phòng Thử nghiệm Trình duyệt"
	follow(t, ctx, "open /units", chromedp.Navigate(e.URL+"/units"))
	follow(t, ctx, "click Thêm đơn vị", chromedp.Click(chromedp.CSS(`[data-testid=new-unit]`)))
	checked := run(t, ctx, "read the kind radio", chromedp.Evaluate[string](
		`(document.querySelector('input[name=kind]:checked') || {}).value || ""`))
	if checked != "department" {
		t.Errorf("preselected unit kind = %q; want department", checked)
	}
	do(t, ctx, "fill the unit form",
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), unit),
	)
	follow(t, ctx, "save the unit", chromedp.Click(chromedp.CSS(`[data-testid=save]`)))
	do(t, ctx, "wait for the flash", chromedp.WaitVisible(chromedp.CSS(`[data-testid=flash]`)))
	flash := run(t, ctx, "read the flash", chromedp.Text(chromedp.CSS(`[data-testid=flash]`)))
	if !strings.Contains(flash, "Đã thêm đơn vị") || !strings.Contains(flash, unit) {
		t.Errorf("flash = %q; want it to say %q was added", flash, unit)
	}
	if h1 := run(t, ctx, "read the heading", chromedp.Text(chromedp.CSS(`h1`))); strings.TrimSpace(h1) != unit {
		t.Errorf("unit page heading = %q; want %q", h1, unit)
	}
	if got := location(t, ctx); !strings.HasPrefix(got, "/units/") {
		t.Errorf("after saving the browser is at %q; want the unit's page", got)
	}
	screenshot(t, ctx, "office-unit")

	// Search people without diacritics.
	follow(t, ctx, "open /people", chromedp.Navigate(e.URL+"/people"))
	do(t, ctx, "type the query",
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "nguyen"),
	)
	follow(t, ctx, "search", chromedp.Click(chromedp.CSS(`[data-testid=search]`)))
	if got := location(t, ctx); !strings.Contains(got, "q=nguyen") {
		t.Errorf("after searching the browser is at %q; want q=nguyen in the URL", got)
	}
	people := run(t, ctx, "read the results", chromedp.Text(chromedp.CSS(`[data-testid=people]`)))
	if !strings.Contains(people, "Nguyễn") {
		t.Errorf("results for %q lack a name with “Nguyễn”:\n%s", "nguyen", people)
	}
	screenshot(t, ctx, "office-people-search")

	// Sign out.
	follow(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`[data-testid=logout]`)))
	if got := location(t, ctx); got != "/login" {
		t.Errorf("after signing out the browser is at %q; want /login", got)
	}
	follow(t, ctx, "open / signed out", chromedp.Navigate(e.URL+"/"))
	if got := location(t, ctx); got != "/login" {
		t.Errorf("GET / after signing out ends at %q; want /login", got)
	}
	t.Logf("journey took %v", time.Since(start).Round(time.Millisecond))
}

// TestBrowserSmallScreen: the people list fits a 360 px phone screen and the
// skip link is the first thing the keyboard reaches.
func TestBrowserSmallScreen(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := newTab(t)
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(360, 740))
	browserLogin(t, ctx, e, "admin")
	follow(t, ctx, "open /people", chromedp.Navigate(e.URL+"/people"))
	do(t, ctx, "wait for the list", chromedp.WaitVisible(chromedp.CSS(`[data-testid=people]`)))

	width := run(t, ctx, "read the page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if width > 360 {
		wide := run(t, ctx, "find wide elements", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *'))
			.filter(el => el.getBoundingClientRect().right > 360.5)
			.slice(0, 8)
			.map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).trim().replace(/\s+/g, '.') : '') + ' right=' + Math.round(el.getBoundingClientRect().right))`))
		t.Errorf("people list at 360 px: scrollWidth = %d; want <= 360 (no horizontal scroll); wide elements: %v", width, wide)
	}

	do(t, ctx, "press Tab", chromedp.KeyEvent("\t"))
	class := run(t, ctx, "read the focused element", chromedp.Evaluate[string](`document.activeElement ? String(document.activeElement.className) : ""`))
	if !strings.Contains(" "+class+" ", " skip-link ") {
		t.Errorf("first Tab focuses an element of class %q; want the skip link", class)
	}
	screenshot(t, ctx, "small-screen-people")
}

// axe-core checks pages for WCAG 2.x A and AA problems. It is a test-only
// npm package pinned in testdata/axe (make axe installs it; make test and CI
// require it). Its source is injected into the page through the DevTools
// protocol, which the page's CSP does not restrict.
const axePath = "testdata/axe/node_modules/axe-core/axe.min.js"

var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(axePath)
	return string(b), err
})

// axeRequired reports whether a missing axe-core is a failure: under CI and
// in make test (TDKT_AXE=required).
func axeRequired() bool { return os.Getenv("CI") == "true" || os.Getenv("TDKT_AXE") == "required" }

// needAxe returns axe-core's source, or skips t when it is not installed
// outside CI and make test.
func needAxe(t *testing.T) string {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		if axeRequired() {
			t.Fatalf("axe-core is required here: run make axe (npm ci in web/testdata/axe): %v", err)
		}
		t.Skipf("axe-core not installed (%v): accessibility checks skipped; run make axe", err)
	}
	return src
}

// axeViolation is one failed axe rule with the elements it failed on.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeRun runs axe-core on the page the tab shows and returns the
// violations of the WCAG 2.x A/AA rules.
func axeRun(t *testing.T, ctx context.Context, src, name string) []axeViolation {
	t.Helper()
	do(t, ctx, "inject axe-core into "+name, chromedp.Evaluate[chromedp.Void](`if (!window.axe) {`+src+`
}`))
	tags, _ := json.Marshal(axeTags)
	return run(t, ctx, "run axe on "+name, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {runOnly: {type: 'tag', values: `+string(tags)+`}, resultTypes: ['violations']}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
}

// checkAxe fails t with every violation axe-core finds on the page: rule
// id, impact and targets.
func checkAxe(t *testing.T, ctx context.Context, src, name string) {
	t.Helper()
	for _, v := range axeRun(t, ctx, src, name) {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...)+" ("+strings.ReplaceAll(n.Summary, "\n", " ")+")")
		}
		t.Errorf("%s: axe %s [%s] %s: %s", name, v.ID, v.Impact, v.Help, strings.Join(targets, "; "))
	}
}

// TestBrowserAxeFindsViolations: the harness reports what axe-core finds
// (an image without text, an input without label, low contrast).
func TestBrowserAxeFindsViolations(t *testing.T) {
	t.Parallel()
	src := needAxe(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="/a.png">`+
			`<input type="text"><p style="color:#aaa;background:#fff">mờ</p></main></body></html>`)
	}))
	defer ts.Close()
	ctx := newTab(t)
	do(t, ctx, "open the bad page", chromedp.Navigate(ts.URL))
	found := map[string]bool{}
	for _, v := range axeRun(t, ctx, src, "bad page") {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "label", "color-contrast", "html-has-lang"} {
		if !found[id] {
			t.Errorf("axe did not report %s on a page that breaks it; found %v", id, found)
		}
	}
}

// visit opens path and waits for the page, whatever its status (error
// pages are checked too).
func visit(t *testing.T, ctx context.Context, e *env, path string) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(e.URL+path)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	do(t, ctx, "wait for "+path, chromedp.WaitReady(chromedp.CSS(`body`)))
}

// noHorizontalScroll fails t when the page is wider than a 360 px screen,
// naming the widest elements.
func noHorizontalScroll(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	width := run(t, ctx, "read the page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if width <= 360 {
		return
	}
	wide := run(t, ctx, "find wide elements", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *'))
		.filter(el => el.getBoundingClientRect().right > 360.5 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0)
		.slice(-8)
		.map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).trim().replace(/\s+/g, '.') : '') + ' right=' + Math.round(el.getBoundingClientRect().right) + ' scroll=' + el.scrollWidth + ' text=' + (el.textContent || '').slice(0, 60))`))
	t.Errorf("%s at 360 px: scrollWidth = %d; want <= 360 (no horizontal scroll); wide elements: %v", name, width, wide)
}

// firstLink returns the path of the first link matching css on the page.
func firstLink(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	href := run(t, ctx, "find "+css, chromedp.Evaluate[string](`(document.querySelector(`+strconv.Quote(css)+`) || {}).pathname || ""`))
	if href == "" {
		t.Fatalf("no link %s on %s", css, location(t, ctx))
	}
	return href
}

// TestBrowserAccessibility runs axe-core on the components page and on the
// foundation's pages, signed out and as each role: 0 violations of WCAG 2.x
// A/AA rules.
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	src := needAxe(t)
	e := newEnv(t)
	checked := 0
	check := func(ctx context.Context, name string) {
		t.Helper()
		checkAxe(t, ctx, src, name)
		checked++
	}

	// Signed out: the sign-in page, its error, a 404.
	ctx := newTab(t)
	visit(t, ctx, e, "/login")
	check(ctx, "login")
	screenshot(t, ctx, "axe-login")
	do(t, ctx, "fill a wrong password",
		chromedp.SendKeys(chromedp.ID("username"), "admin"),
		chromedp.SendKeys(chromedp.ID("password"), "wrong-password"),
	)
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`[data-testid=login]`))); err != nil {
		t.Fatal(err)
	}
	check(ctx, "login with an error")
	visit(t, ctx, e, "/no-such-page")
	check(ctx, "404 signed out")

	// The admin: every foundation page.
	browserLogin(t, ctx, e, "admin")
	check(ctx, "home (admin)")
	screenshot(t, ctx, "axe-home")
	for _, p := range []string{"/components", "/components/confirm", "/units", "/units/new", "/people", "/people/new",
		"/people/import", "/accounts", "/accounts/new", "/audit", "/account/password", "/no-such-page", "/units/999999"} {
		visit(t, ctx, e, p)
		check(ctx, p)
		if p == "/components" || p == "/units" || p == "/audit" || p == "/people" || p == "/accounts/new" {
			screenshot(t, ctx, "axe"+strings.ReplaceAll(p, "/", "-"))
		}
	}
	visit(t, ctx, e, "/units")
	unit := firstLink(t, ctx, `[data-testid=units] tbody a`)
	for _, p := range []string{unit, unit + "/edit", unit + "/merge", unit + "/deactivate"} {
		visit(t, ctx, e, p)
		check(ctx, p)
	}
	visit(t, ctx, e, "/people")
	person := firstLink(t, ctx, `[data-testid=people] tbody a`)
	for _, p := range []string{person, person + "/edit"} {
		visit(t, ctx, e, p)
		check(ctx, p)
	}
	visit(t, ctx, e, "/accounts")
	account := firstLink(t, ctx, `[data-testid=accounts] tbody a`)
	for _, p := range []string{account, account + "/password", account + "/disable"} {
		visit(t, ctx, e, p)
		check(ctx, p)
	}
	visit(t, ctx, e, "/audit?type=unit")
	check(ctx, "/audit filtered")

	// Forms with errors: an empty unit, an empty person, the confirmation
	// page without its reason.
	for _, f := range []struct{ path, submit string }{
		{"/units/new", `[data-testid=save]`},
		{"/people/new", `[data-testid=save]`},
		{"/components/confirm", `[data-testid=confirm]`},
	} {
		visit(t, ctx, e, f.path)
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(f.submit))); err != nil {
			t.Fatalf("submit %s: %v", f.path, err)
		}
		do(t, ctx, "wait for the error summary of "+f.path, chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-summary]`)))
		check(ctx, f.path+" with errors")
		// Focus moves to the error summary; its first link leads to a field.
		focused := run(t, ctx, "read the focus", chromedp.Evaluate[string](`document.activeElement ? (document.activeElement.dataset.testid || document.activeElement.tagName) : ""`))
		if focused != "error-summary" {
			t.Errorf("%s with errors: focus is on %q; want the error summary", f.path, focused)
		}
		do(t, ctx, "follow the first error link", chromedp.Click(chromedp.CSS(`[data-testid=error-summary] a`)))
		field := run(t, ctx, "read the focused field", chromedp.Evaluate[string](`(() => {
			const a = document.querySelector('[data-testid=error-summary] a'), el = document.activeElement;
			return el && a && '#' + el.id === a.getAttribute('href') ? el.tagName.toLowerCase() : 'not the linked field: ' + (el ? el.tagName + '#' + el.id : '');
		})()`))
		if field != "input" && field != "textarea" && field != "select" {
			t.Errorf("%s: the error summary's first link focuses %s; want its field", f.path, field)
		}
	}

	// On a phone: axe on the components page, and no horizontal scroll on
	// the lists (tables turn into stacked rows).
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(360, 740))
	visit(t, ctx, e, "/components")
	check(ctx, "/components at 360 px")
	for _, p := range []string{"/components", "/units", "/accounts", "/audit", unit, person, account, "/account/password"} {
		visit(t, ctx, e, p)
		noHorizontalScroll(t, ctx, p)
	}
	screenshot(t, ctx, "axe-components-360")

	// The home page of every other role.
	for _, user := range []string{"vanphong", "giamdoc", "lanhdao", "tp.ngansach"} {
		ctx := newTab(t)
		browserLogin(t, ctx, e, user)
		check(ctx, "home ("+user+")")
		screenshot(t, ctx, "axe-home-"+user)
	}
	t.Logf("axe-core: %d pages checked", checked)
}

// TestBrowserPrint: printed, a page is a document: A4 with the margins of
// NĐ 30/2020, Times New Roman (Liberation Serif), no navigation.
func TestBrowserPrint(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := newTab(t)
	browserLogin(t, ctx, e, "admin")
	visit(t, ctx, e, "/components")
	do(t, ctx, "emulate print", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	hidden := run(t, ctx, "read the printed chrome", chromedp.Evaluate[[]string](`['.site-header', '.main-nav', '.site-footer', '.breadcrumbs', '.actions', '.pagination', '.skip-link']
		.filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')`))
	if len(hidden) > 0 {
		t.Errorf("printed page shows %v; want no navigation, actions or footer", hidden)
	}
	font := run(t, ctx, "read the print font", chromedp.Evaluate[string](`getComputedStyle(document.body).fontFamily`))
	if !strings.HasPrefix(font, `"Times New Roman", "Liberation Serif"`) {
		t.Errorf("print font = %s; want Times New Roman, then Liberation Serif", font)
	}
	pdf := run(t, ctx, "print to PDF", chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		prefer := true
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
		return res.Data, err
	}))
	// A4 is 210 × 297 mm, about 595 × 842 points.
	if !regexp.MustCompile(`/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]`).Match(pdf) {
		t.Errorf("printed page is not A4: %s", regexp.MustCompile(`/MediaBox \[[^\]]*\]`).Find(pdf))
	}
	if testing.Verbose() {
		path := filepath.Join(os.TempDir(), "tdkt-print.pdf")
		os.WriteFile(path, pdf, 0o644)
		t.Logf("printed: %s", path)
	}
}

// TestBrowserDatePicker: the vendored script (allowed by the CSP) adds a
// calendar button to date fields; a picked day is written as dd/mm/yyyy,
// and a typed one is handed to the calendar. Without the script the field
// is a plain text box (the other tests).
func TestBrowserDatePicker(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := newTab(t)
	browserLogin(t, ctx, e, "vanphong")
	visit(t, ctx, e, "/units/new")
	do(t, ctx, "wait for the calendar button", chromedp.WaitVisible(chromedp.CSS(`.date-wrap #active_from + .date-button`)))
	got := run(t, ctx, "pick a day", chromedp.Evaluate[string](`(() => {
		const p = document.querySelector('.date-picker');
		p.value = '2025-07-01';
		p.dispatchEvent(new Event('change'));
		return document.getElementById('active_from').value;
	})()`))
	if got != "01/07/2025" {
		t.Errorf("picked 2025-07-01; the field says %q, want 01/07/2025", got)
	}
	label := run(t, ctx, "read the button's name", chromedp.Evaluate[string](`document.querySelector('.date-button').getAttribute('aria-label')`))
	if !strings.Contains(label, "Hoạt động từ ngày") {
		t.Errorf("calendar button's name %q does not say which field", label)
	}
	screenshot(t, ctx, "date-picker")
	if src, err := axeSource(); err == nil {
		checkAxe(t, ctx, src, "/units/new with the calendar button")
	}
}
