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

func TestFirst(t *testing.T) {
	p := Problems{"b": "B", "a": "A", "c": "C"}
	if got := p.First("c", "a"); got != "C" {
		t.Errorf("First(c, a) = %q", got)
	}
	if got := p.First("x"); got != "A" {
		t.Errorf("First(x) = %q; want the first by field name", got)
	}
	if got := (Problems{}).First(); got != "" {
		t.Errorf("empty First = %q", got)
	}
}

func TestDateProblem(t *testing.T) {
	for in, want := range map[string]string{
		"31/02/2025": "ngày 31/02/2025 không tồn tại (tháng 2 năm 2025 có 28 ngày)",
		"29/2/2024":  "",
		"29/02/2025": "ngày 29/02/2025 không tồn tại (tháng 2 năm 2025 có 28 ngày)",
		"31/4/2026":  "ngày 31/04/2026 không tồn tại (tháng 4 năm 2026 có 30 ngày)",
		"15/13/2025": "ngày 15/13/2025 không tồn tại (tháng phải từ 1 đến 12)",
		"32/01/2025": "ngày 32/01/2025 không tồn tại (ngày phải từ 1 đến 31)",
		"15/12/25":   "ghi năm đủ 4 chữ số, ví dụ 15/12/2025",
		"hôm qua":    "phải có dạng ngày/tháng/năm, ví dụ 15/12/2025",
		"2025-12-15": "phải có dạng ngày/tháng/năm, ví dụ 15/12/2025",
		"":           "",
	} {
		if got := DateProblem(in, "15/12/2025"); got != want {
			t.Errorf("DateProblem(%q) = %q; want %q", in, got, want)
		}
	}
	p := Problems{}
	if _, ok := Date(p, "due", "Hạn bổ sung", "31/02/2025", "15/12/2025"); ok || p["due"] != "Hạn bổ sung: ngày 31/02/2025 không tồn tại (tháng 2 năm 2025 có 28 ngày)." {
		t.Errorf("Date: %v", p)
	}
	p = Problems{}
	if _, ok := Date(p, "due", "Hạn bổ sung", "x", "15/12/2025"); ok || p["due"] != "Hạn bổ sung phải có dạng ngày/tháng/năm, ví dụ 15/12/2025." {
		t.Errorf("Date: %v", p)
	}
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
