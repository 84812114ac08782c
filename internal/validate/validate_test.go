package validate

import (
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// FuzzText: cleaned text is valid UTF-8 in NFC, without control characters,
// and cleaning it again changes nothing.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Nguyễn Văn An", "Nguye\u0302\u0303n", "a\x00b\xff\tc\u202e", "  \n "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("Text(%q) = %q: not valid NFC", s, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) {
				t.Fatalf("Text(%q) = %q keeps control %U", s, got, r)
			}
		}
		if again := Text(got); again != got {
			t.Fatalf("Text not idempotent: %q then %q", got, again)
		}
	})
}

// FuzzParseDate: never panics, and an accepted date prints back to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15/08/1985", "29/02/2024", "31/04/2025", "1-7-2010", "01.07.2010", "//", "99/99/9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok || d.IsZero() {
			return
		}
		again, ok2 := ParseDate(d.Format("02/01/2006"))
		if !ok2 || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, but its dd/mm/yyyy form parses to %v, %v", s, d, again, ok2)
		}
	})
}

func TestBlock(t *testing.T) {
	for in, want := range map[string]string{
		"  Giao ước\r\nĐiều 1.\x00 \t\n\nĐiều 2 \n ": "Giao ước\nĐiều 1.\n\nĐiều 2",
		"a\xffb\u202ec":      "abc",
		"Nguye\u0302\u0303n": "Nguyễn",
	} {
		if got := Block(in); got != want {
			t.Errorf("Block(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestAcceptable(t *testing.T) {
	for s, want := range map[string]bool{"Nguyễn": true, "": true, "a\x00b": false, "a\xffb": false, "\xc3": false} {
		if got := Acceptable(s); got != want {
			t.Errorf("Acceptable(%q) = %v", s, got)
		}
	}
}

// FuzzBlock: cleaned text is valid NFC, keeps no control character but
// "\n", and cleaning it again changes nothing.
func FuzzBlock(f *testing.F) {
	for _, s := range []string{"", "Điều 1\r\nĐiều 2", "a\x00b\xff\tc\u202e", " \n \n "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Block(s)
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("Block(%q) = %q: not valid NFC", s, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) && r != '\n' {
				t.Fatalf("Block(%q) = %q keeps control %U", s, got, r)
			}
		}
		if again := Block(got); again != got {
			t.Fatalf("Block not idempotent: %q then %q", got, again)
		}
	})
}
