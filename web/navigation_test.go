package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var navLink = regexp.MustCompile(`<a href="(/[^"]*)"[^>]*>`)

// TestNavigation opens every entry of the main menu as every demo account:
// each answers 200, and no entry appears twice.
func TestNavigation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, user := range []string{"admin", "vanphong", "giamdoc", "lanhdao", "tp.ngansach", "tp.dautu"} {
		c := e.login(user)
		home := c.get("/")
		start := strings.Index(home.body, `class="main-nav"`)
		end := strings.Index(home.body[max(start, 0):], "</nav>")
		if start < 0 || end < 0 {
			t.Fatalf("%s: no main navigation on the home page", user)
		}
		seen := map[string]bool{}
		for _, m := range navLink.FindAllStringSubmatch(home.body[start:start+end], -1) {
			href := m[1]
			if seen[href] {
				t.Errorf("%s: %s twice in the menu", user, href)
			}
			seen[href] = true
			res := c.get(href)
			if loc := res.header.Get("Location"); res.status == http.StatusSeeOther && strings.HasPrefix(loc, href) {
				res = c.get(loc) // e.g. /ratings → /ratings/2025
			}
			if res.status != http.StatusOK {
				t.Errorf("%s: menu entry %s = %d; want 200", user, href, res.status)
			}
		}
		if len(seen) < 2 {
			t.Errorf("%s: menu has %d entries", user, len(seen))
		}
	}
}
