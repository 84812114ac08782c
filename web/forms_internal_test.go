package web

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"15/08/1985", time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC), true},
		{"1/7/2010", time.Date(2010, 7, 1, 0, 0, 0, 0, time.UTC), true},
		{"29/02/2024", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"29/02/2025", time.Time{}, false},
		{"31/04/2025", time.Time{}, false},
		{"2025-01-01", time.Time{}, false},
		{"01/13/2025", time.Time{}, false},
		{"01/01/25", time.Time{}, false},
		{"aa/bb/cccc", time.Time{}, false},
	} {
		got, ok := parseDate(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

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
