package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// hostileValues are what a fuzzer or a broken client sends in place of
// every query parameter and form field.
var hostileValues = []string{
	"\xff\xfe\xfd",         // invalid UTF-8
	"a\x00b",               // NUL
	"9223372036854775807",  // int64 max
	"99999999999999999999", // beyond int64
	"-2147483649",          // below int32
	"1.2147483648",         // a cursor whose id overflows int32
	"9223372036854775807.9223372036854775807",
	"31/02/2025",                   // no such day
	"01/01/99999",                  // year 99999
	"1e308",                        //
	"0x10",                         //
	strings.Repeat("Nguyễn ", 700), // long text
	"'; DROP TABLE events; --",     //
}

// hostilePathValues replace the path parameters.
var hostilePathValues = []string{"0", "-1", "9223372036854775807", "99999999999999999999", "2147483648", "0x10", "99999"}

// fieldNames finds every query parameter and form field name the handlers
// read, from their source, so that a new field is fuzzed without anyone
// listing it.
func fieldNames(t *testing.T) (query, form []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	qre := regexp.MustCompile(`(?:Query\(\)\.Get|\bq\.Get)\("([a-z_]+)"\)`)
	fre := regexp.MustCompile(`(?:PostFormValue|PostForm\[|FormValue|text\(r, |readUpload\(w, r, )\(?"([a-z_]+)"`)
	qs, fs := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range qre.FindAllStringSubmatch(string(b), -1) {
			qs[m[1]] = true
		}
		for _, m := range fre.FindAllStringSubmatch(string(b), -1) {
			fs[m[1]] = true
		}
	}
	for k := range qs {
		query = append(query, k)
	}
	for k := range fs {
		form = append(form, k)
	}
	sort.Strings(query)
	sort.Strings(form)
	return query, form
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// fillPath puts v in every path parameter, or a plausible value when v is "".
func fillPath(pattern, v string) string {
	p := strings.Replace(pattern, "/*", "/app.css", 1)
	return pathParam.ReplaceAllStringFunc(p, func(param string) string {
		switch {
		case v != "":
			return url.PathEscape(v)
		case param == "{year}":
			return "2025"
		case param == "{day}":
			return "2025-01-01"
		}
		return "1"
	})
}

// TestFuzzEveryRoute sends hostile values in every query parameter of
// every GET route, in every form field of every POST route and in every
// path parameter, as the first role the route lets in, and fails on any
// server error.
func TestFuzzEveryRoute(t *testing.T) {
	if testing.Short() {
		t.Skip("fuzzes every route")
	}
	t.Parallel()
	e := newEnv(t)
	start := time.Now()
	queryNames, formNames := fieldNames(t)
	if len(queryNames) < 10 || len(formNames) < 30 {
		t.Fatalf("found %d query and %d form field names; the source scan is broken", len(queryNames), len(formNames))
	}
	clients := []*client{e.login("admin"), e.login("vanphong"), e.login("tp.ngansach")}
	requests, serverErrors := 0, 0
	fail := func(what string, res response) {
		t.Helper()
		requests++
		if res.status >= 500 {
			serverErrors++
			t.Errorf("%s = %d; want no server error", what, res.status)
		}
	}
	// pick returns the first client a route lets in.
	pick := func(method, path string) *client {
		for _, c := range clients {
			var res response
			if method == http.MethodGet {
				res = c.get(path)
			} else {
				res = c.post(path, url.Values{})
			}
			fail(method+" "+path, res)
			if res.status != http.StatusForbidden {
				return c
			}
		}
		return clients[0]
	}
	for _, r := range walk(t, e) {
		if r.pattern == "/logout" || r.pattern == "/account/sessions/end" || strings.HasPrefix(r.pattern, "/static/") {
			continue
		}
		path := fillPath(r.pattern, "")
		c := pick(r.method, path)
		if pathParam.MatchString(r.pattern) {
			for _, v := range hostilePathValues {
				p := fillPath(r.pattern, v)
				if r.method == http.MethodGet {
					fail("GET "+p, c.get(p))
				} else {
					fail("POST "+p, c.post(p, url.Values{}))
				}
			}
		}
		for _, v := range hostileValues {
			vs := url.Values{}
			switch r.method {
			case http.MethodGet:
				for _, k := range queryNames {
					vs.Set(k, v)
				}
				fail(fmt.Sprintf("GET %s?…=%.20q", path, v), c.get(path+"?"+vs.Encode()))
				// One parameter at a time as well: a bad one must not hide behind another.
				for _, k := range []string{"before", "after", "year", "unit", "id", "q", "sort"} {
					fail(fmt.Sprintf("GET %s?%s=%.20q", path, k, v), c.get(path+"?"+url.Values{k: {v}}.Encode()))
				}
			case http.MethodPost:
				for _, k := range formNames {
					vs.Set(k, v)
				}
				fail(fmt.Sprintf("POST %s …=%.20q", path, v), c.post(path, vs))
			}
		}
	}
	t.Logf("METRIC fuzz_every_route requests=%d server_errors=%d took=%v", requests, serverErrors, time.Since(start).Round(time.Millisecond))
}
