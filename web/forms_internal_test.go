package web

import "testing"

func TestParseID(t *testing.T) {
	for _, s := range []string{"", "0", "-1", "01", "1e3", "0x10", "99999999999999999999", "1 ", "%00"} {
		if _, err := parseID(s); err == nil {
			t.Errorf("parseID(%q) ok; want an error", s)
		}
	}
	if id, err := parseID("42"); err != nil || id != 42 {
		t.Errorf("parseID(42) = %d, %v", id, err)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/people?q=a": "/people?q=a", "": "/", "//evil": "/", "https://evil": "/", "/\\evil": "/", "/a\r\nSet-Cookie: x": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q; want %q", in, got, want)
		}
	}
}
