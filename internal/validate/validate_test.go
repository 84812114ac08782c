package validate

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
		{"01-07-2010", time.Date(2010, 7, 1, 0, 0, 0, 0, time.UTC), true},
		{"01.07.2010", time.Date(2010, 7, 1, 0, 0, 0, 0, time.UTC), true},
		{"29/02/2024", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"29/02/2025", time.Time{}, false},
		{"31/04/2025", time.Time{}, false},
		{"2025-01-01", time.Time{}, false},
		{"01/13/2025", time.Time{}, false},
		{"01/01/25", time.Time{}, false},
		{"01/ 01/2025", time.Time{}, false},
		{"aa/bb/cccc", time.Time{}, false},
	} {
		got, ok := ParseDate(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"  Nguye\u0302\u0303n \t Văn\x00An ": "Nguyễn Văn An",
		"a\xffb":                             "ab",
		"hồ sơ\u202efdp.exe":                 "hồ sơ fdp.exe",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q; want %q", in, got, want)
		}
	}
}
