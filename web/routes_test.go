package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
)

// access says which of the test clients may use a route: a set of roles,
// combined with |.
type access uint8

const (
	anonRole     access = 1 << iota // not signed in
	deptHeadRole                    // tp.ngansach (dept_head)
	officeRole                      // vanphong (office)
	adminRole                       // admin

	public  = anonRole | deptHeadRole | officeRole | adminRole // anyone
	anyUser = deptHeadRole | officeRole | adminRole            // every signed-in account
	office  = officeRole | adminRole                           // admin and office
	admin   = adminRole                                        // admin only
)

// clientRoles maps the test clients to their access bits; the office's
// client (vanphong, Chánh Văn phòng) also heads her unit, Văn phòng Sở.
var clientRoles = map[string]access{"anonymous": anonRole, "dept_head": deptHeadRole, "office": officeRole | deptHeadRole, "admin": adminRole}

// routeAccess is the authorization matrix: every route must be listed
// (deny by default: a new route without an entry fails the test). Each area
// keeps its own table in its own test file.
var routeAccess = mergeAccess(foundationAccess, campaignAccess, dossierAccess, componentAccess, awardAccess, councilAccess, reportAccess, decisionAccess)

func mergeAccess(tables ...map[string]access) map[string]access {
	all := map[string]access{}
	for _, t := range tables {
		for k, v := range t {
			all[k] = v
		}
	}
	return all
}

var foundationAccess = map[string]access{
	"GET /healthz":                  public,
	"GET /readyz":                   public,
	"GET /static/*":                 public,
	"GET /robots.txt":               public,
	"GET /favicon.ico":              public,
	"GET /login":                    public,
	"POST /login":                   public,
	"POST /logout":                  public,
	"GET /":                         anyUser,
	"GET /account/password":         anyUser,
	"POST /account/password":        anyUser,
	"POST /account/sessions/end":    anyUser,
	"GET /notifications":            anyUser,
	"POST /notifications/read":      anyUser,
	"POST /notifications/{id}/open": anyUser,

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
	"GET /people/{id}":            office | deptHeadRole, // own unit's people only (others: 404)
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

// tableState is a fingerprint of the data, to show that GETs change nothing:
// every table's rows (sessions excepted: reading a page may touch one).
func tableState(t *testing.T, e *env) string {
	t.Helper()
	ctx := context.Background()
	rows, err := e.Pool.Query(ctx, `SELECT tablename FROM pg_tables
		WHERE schemaname = 'public' AND tablename NOT IN ('sessions', 'schema_migrations') ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, table := range tables {
		var sum string
		q := fmt.Sprintf("SELECT count(*) || ':' || md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) FROM %s x", table)
		if err := e.Pool.QueryRow(ctx, q).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%s ", table, sum)
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
	allowed := func(role string, a access) bool { return a&clientRoles[role] != 0 }
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
