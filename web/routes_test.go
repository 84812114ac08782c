package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// access says who may use a route.
type access int

const (
	public  access = iota // anyone, signed in or not
	anyUser               // every signed-in account
	office                // admin and office
	admin                 // admin only
)

// routeAccess is the authorization matrix: every route must be listed
// (deny by default: a new route without an entry fails the test).
var routeAccess = map[string]access{
	"GET /healthz":               public,
	"GET /readyz":                public,
	"GET /static/*":              public,
	"GET /robots.txt":            public,
	"GET /favicon.ico":           public,
	"GET /login":                 public,
	"POST /login":                public,
	"POST /logout":               public,
	"GET /":                      anyUser,
	"GET /account/password":      anyUser,
	"POST /account/password":     anyUser,
	"POST /account/sessions/end": anyUser,

	"GET /units":                  office,
	"GET /units/new":              office,
	"POST /units":                 office,
	"GET /units/{id}":             office,
	"GET /units/{id}/edit":        office,
	"POST /units/{id}":            office,
	"GET /units/{id}/deactivate":  office,
	"POST /units/{id}/deactivate": office,
	"POST /units/{id}/reactivate": office,
	"GET /units/{id}/merge":       office,
	"POST /units/{id}/merge":      office,
	"GET /people":                 office,
	"GET /people/{id}":            office,
	"GET /people/export.xlsx":     office,

	"GET /people/new":                  admin,
	"POST /people":                     admin,
	"GET /people/{id}/edit":            admin,
	"POST /people/{id}":                admin,
	"GET /people/import":               admin,
	"GET /people/import/template.xlsx": admin,
	"POST /people/import":              admin,
	"GET /people/import/{id}":          admin,
	"POST /people/import/{id}/apply":   admin,
	"POST /people/import/{id}/cancel":  admin,
	"GET /accounts":                    admin,
	"GET /accounts/new":                admin,
	"POST /accounts":                   admin,
	"GET /accounts/{id}":               admin,
	"POST /accounts/{id}/roles":        admin,
	"GET /accounts/{id}/password":      admin,
	"POST /accounts/{id}/password":     admin,
	"GET /accounts/{id}/disable":       admin,
	"POST /accounts/{id}/disable":      admin,
	"POST /accounts/{id}/enable":       admin,
	"GET /audit":                       admin,
}

type route struct{ method, pattern string }

func walk(t *testing.T, e *env) []route {
	t.Helper()
	var routes []route
	err := chi.Walk(e.Srv.Routes(), func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, route{method, pattern})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return routes
}

// tableState is a fingerprint of the data, to show that GETs change nothing.
func tableState(t *testing.T, e *env) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"units", "people", "users", "events", "imports", "login_throttle"} {
		var n int
		var max string
		col := "updated_at"
		switch table {
		case "events":
			col = "at"
		case "login_throttle":
			col = "last_failure_at"
		}
		q := fmt.Sprintf("SELECT count(*), COALESCE(max(%s)::text, '') FROM %s", col, table)
		if err := e.Pool.QueryRow(context.Background(), q).Scan(&n, &max); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d@%s ", table, n, max)
	}
	return b.String()
}

// TestRouteAccessMatrix calls every route as every role and checks the
// answer against routeAccess, the security headers on every response, and
// that no GET changes any data.
func TestRouteAccessMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	routes := walk(t, e)
	for _, r := range routes {
		if _, ok := routeAccess[r.method+" "+r.pattern]; !ok {
			t.Errorf("route %s %s has no entry in routeAccess", r.method, r.pattern)
		}
	}
	u, _, err := e.Store.UserForLogin(ctx, "tp.dautu")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"/units/": fmt.Sprint(u.UnitID), "/people/": fmt.Sprint(u.PersonID), "/accounts/": fmt.Sprint(u.ID)}
	path := func(pattern string) string {
		p := strings.Replace(pattern, "/*", "/app.css", 1)
		for prefix, id := range ids {
			if strings.HasPrefix(p, prefix) {
				p = strings.Replace(p, "{id}", id, 1)
			}
		}
		return strings.Replace(p, "{id}", "1", 1)
	}
	clients := map[string]*client{
		"anonymous": e.client(), "dept_head": e.login("tp.ngansach"), "office": e.login("vanphong"), "admin": e.login("admin"),
	}
	allowed := func(role string, a access) bool {
		switch a {
		case public:
			return true
		case anyUser:
			return role != "anonymous"
		case office:
			return role == "office" || role == "admin"
		}
		return role == "admin"
	}
	check := func(role string, r route, res response) {
		t.Helper()
		a := routeAccess[r.method+" "+r.pattern]
		name := fmt.Sprintf("%s %s as %s", r.method, path(r.pattern), role)
		if res.header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(res.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: security headers missing", name)
		}
		switch {
		case res.status >= 500:
			t.Errorf("%s = %d; want no server error", name, res.status)
		case !allowed(role, a) && role == "anonymous":
			if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login") {
				t.Errorf("%s = %d %q; want 303 to /login", name, res.status, res.header.Get("Location"))
			}
		case !allowed(role, a):
			if res.status != http.StatusForbidden {
				t.Errorf("%s = %d; want 403", name, res.status)
			}
		case res.status == http.StatusForbidden:
			t.Errorf("%s = 403; want access", name)
		}
	}
	before := tableState(t, e)
	for _, r := range routes {
		if r.method != http.MethodGet {
			continue
		}
		for role, c := range clients {
			check(role, r, c.get(path(r.pattern)))
		}
	}
	if after := tableState(t, e); after != before {
		t.Errorf("GET requests changed data:\nbefore %s\nafter  %s", before, after)
	}
	for _, r := range routes {
		if r.method != http.MethodPost || r.pattern == "/logout" || r.pattern == "/login" {
			continue
		}
		for role, c := range clients {
			check(role, r, c.post(path(r.pattern), url.Values{}))
		}
	}
}
