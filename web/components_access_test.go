package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
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

// TestListSorting: the units and accounts lists sort on allowlisted keys
// only, in both directions, and say so with aria-sort.
func TestListSorting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	order := func(body, testid string) []string {
		i := strings.Index(body, `data-testid="`+testid+`"`)
		if i < 0 {
			t.Fatalf("no table %s", testid)
		}
		var out []string
		for _, m := range regexp.MustCompile(`<td data-label="[^"]+"><a href="[^"]+">(?:<code>)?([^<]+)`).FindAllStringSubmatch(body[i:], -1) {
			out = append(out, m[1])
		}
		return out
	}
	asc := c.get("/units?sort=name")
	desc := c.get("/units?sort=-name")
	a, d := order(asc.body, "units"), order(desc.body, "units")
	if len(a) < 3 || !slices.Equal(a, reversed(d)) {
		t.Errorf("units by name ascending %v, descending %v: want one the reverse of the other", a, d)
	}
	if !asc.has(`aria-sort="ascending"`) || !desc.has(`aria-sort="descending"`) || !asc.has(`href="/units?sort=-name"`) {
		t.Error("units list: sorted column lacks aria-sort or the link to the other direction")
	}
	for _, bad := range []string{"password", "name;drop table units", "-", "--name"} {
		res := c.get("/units?sort=" + url.QueryEscape(bad))
		if res.status != http.StatusOK || res.has("aria-sort") {
			t.Errorf("units?sort=%q = %d; want the default order, no aria-sort", bad, res.status)
		}
	}
	people := c.get("/units?sort=-people")
	if !people.has(`aria-sort="descending"`) {
		t.Error("units by people: no aria-sort")
	}

	accAsc, accDesc := c.get("/accounts?sort=username"), c.get("/accounts?sort=-username")
	a, d = order(accAsc.body, "accounts"), order(accDesc.body, "accounts")
	if len(a) < 3 || !slices.Equal(a, reversed(d)) || !slices.IsSorted(a) {
		t.Errorf("accounts by user name ascending %v, descending %v", a, d)
	}
	if res := c.get("/accounts?sort=password_hash"); res.status != http.StatusOK || res.has("aria-sort") {
		t.Errorf("accounts?sort=password_hash = %d; want the default order", res.status)
	}
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}
