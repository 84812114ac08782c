package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"tdkt/web"
)

// componentAccess lists the routes of this area for TestRouteAccessMatrix.
// The components page exists in demo mode only (the tests run in demo
// mode); TestComponentsPageDemoOnly checks the 404 outside it.
var componentAccess = map[string]access{
	"GET /components":          anyUser,
	"GET /components/confirm":  anyUser,
	"POST /components/confirm": anyUser,
}

// TestComponentsPageDemoOnly: the components page shows every component in
// demo mode and does not exist otherwise.
func TestComponentsPageDemoOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("tp.ngansach")
	res := c.get("/components")
	if res.status != http.StatusOK {
		t.Fatalf("GET /components in demo mode = %d; want 200", res.status)
	}
	for _, want := range []string{
		"tag-grey", "tag-blue", "tag-green", "tag-yellow", "tag-red", "tag-purple",
		"Chưa bắt đầu", "Đang làm", "Đã xong", "Cần bổ sung", "Chưa thể bắt đầu",
		`data-testid="error-summary"`, `data-testid="task-list"`, `data-testid="summary-list"`,
		`data-testid="timeline"`, `data-testid="empty"`, `data-testid="confirmation"`, `aria-sort="ascending"`,
		`aria-sort="descending"`, "button-warning", "button-secondary", `class="banner banner-success"`,
		`class="banner banner-info"`, `class="document"`, "Thay đổi",
	} {
		if !res.has(want) {
			t.Errorf("components page lacks %q", want)
		}
	}
	// Every field type is shown with its error, tied by aria-describedby.
	for _, f := range []string{"e_name", "e_reason", "e_unit", "e_title", "e_kinds", "e_date", "e_score", "e_amount", "e_file"} {
		if !res.has(`id="`+f+`-error"`) || !res.has(`href="#`+f+`"`) {
			t.Errorf("components page: field %s lacks its error or its link in the summary", f)
		}
	}
	if res := c.post("/components/confirm", url.Values{}); res.status != http.StatusUnprocessableEntity || !res.has(`data-testid="error-summary"`) {
		t.Errorf("POST /components/confirm = %d; want 422 with the error summary", res.status)
	}

	// Outside demo mode the routes do not exist.
	srv := web.NewServer(web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, e.Store, e.Pool)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, path := range []string{"/components", "/components/confirm"} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		r, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		// Signed out, an unknown path is a 404 as well (no redirect to /login).
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s outside demo mode = %d; want 404", path, r.StatusCode)
		}
	}
}
