package web

import "testing"

func TestSafeNextSameOriginOnly(t *testing.T) {
	for next, want := range map[string]string{
		"":                           "/",
		"/":                          "/",
		"/people?q=a":                "/people?q=a",
		"/rounds/3#dossiers":         "/rounds/3#dossiers",
		"/t%C3%ACm?q=Nguy%E1%BB%85n": "/t%C3%ACm?q=Nguy%E1%BB%85n",
		"/\t/evil.example":           "/",
		"/%09/evil.example":          "/%09/evil.example", // encoded: stays a path
		"/\n/evil.example":           "/",
		"/\r/evil.example":           "/",
		"/ /evil.example":            "/",
		"//evil.example":             "/",
		"///evil.example":            "/",
		"/\\evil.example":            "/",
		"/a\\b":                      "/",
		"https://evil.example/":      "/",
		"javascript:alert(1)":        "/",
		"evil.example":               "/",
		" /people":                   "/",
		"/\u2028/evil.example":       "/",
		"/\u200e/evil.example":       "/",
		"/\x00":                      "/",
		"/\xff":                      "/",
		"/%2F/evil.example":          "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q; want %q", next, got, want)
		}
	}
}
