package validate

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"", 0, true},
		{"  ", 0, true},
		{"0", 0, true},
		{"1.234.567", 1234567, true},
		{"1234567", 1234567, true},
		{" 1.500.000 ", 1500000, true},
		{"1.500.000 đ", 1500000, true},
		{"1.500.000đ", 1500000, true},
		{"2.000 đồng", 2000, true},
		{"45.000 VNĐ", 45000, true},
		{"999", 999, true},
		{"1.000", 1000, true},
		{"9.223.372.036.854.775.807", math.MaxInt64, true},
		{"9.223.372.036.854.775.808", 0, false}, // overflows int64
		{"đ", 0, false},
		{"0.000", 0, false},
		{"01.000", 0, false},
		{"1.23", 0, false},
		{"1.2345", 0, false},
		{"1234.567", 0, false},
		{".123", 0, false},
		{"123.", 0, false},
		{"1..234", 0, false},
		{"1,5", 0, false},
		{"1.234,00", 0, false},
		{"-1.000", 0, false},
		{"+1000", 0, false},
		{"1 234 567", 0, false},
		{"1e6", 0, false},
		{"１２３", 0, false}, // full-width digits
		{"abc", 0, false},
		{strings.Repeat("9", 50), 0, false},
	} {
		got, ok := ParseMoney(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"", 0, true},
		{"8", 8, true},
		{"8,5", 8.5, true},
		{"0,25", 0.25, true},
		{"1.234", 1234, true},
		{"1.234,5", 1234.5, true},
		{"1234,56", 1234.56, true},
		{"-3", -3, true},
		{"-1.000,5", -1000.5, true},
		{" 9,75 ", 9.75, true},
		{"8.5", 0, false}, // a dot is a thousands separator, not a decimal point
		{"8,", 0, false},
		{",5", 0, false},
		{"1,2,3", 0, false},
		{"1.23,4", 0, false},
		{"--1", 0, false},
		{"-", 0, false},
		{"+1", 0, false},
		{"1e5", 0, false},
		{"Inf", 0, false},
		{"NaN", 0, false},
		{"0x10", 0, false},
		{"8 , 5", 0, false},
		{"8,5a", 0, false},
		{"1.000.000.000.000.000", 0, false}, // 16 digits
		{"1,12345678901", 0, false},         // 11 decimals
	} {
		got, ok := ParseNumber(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// vnGroup writes n with dots between groups of three digits.
func vnGroup(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// FuzzParseMoney: never panics; an accepted amount is never negative and
// prints back (with or without separators) to itself; every non-negative
// int64 written the Vietnamese way is accepted.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1.234.567", "1234567", "1.500.000 đ", "1.23", "-5", "9.223.372.036.854.775.808", "đ", "1,5"} {
		f.Add(s, uint64(1234567))
	}
	f.Fuzz(func(t *testing.T, s string, n uint64) {
		n &= math.MaxInt64
		if got, ok := ParseMoney(vnGroup(n)); !ok || got != int64(n) {
			t.Fatalf("ParseMoney(%q) = %d, %v; want %d", vnGroup(n), got, ok, n)
		}
		v, ok := ParseMoney(s)
		if !ok {
			return
		}
		if v < 0 {
			t.Fatalf("ParseMoney(%q) = %d: negative", s, v)
		}
		for _, again := range []string{vnGroup(uint64(v)), strconv.FormatInt(v, 10)} {
			if w, ok := ParseMoney(again); !ok || w != v {
				t.Fatalf("ParseMoney(%q) = %d, but %q parses to %d, %v", s, v, again, w, ok)
			}
		}
		if d := strings.ReplaceAll(s, ".", ""); len(d) <= 15 && allDigits(d) {
			if w, ok := ParseNumber(s); !ok || w != float64(v) {
				t.Fatalf("ParseMoney(%q) = %d but ParseNumber = %v, %v", s, v, w, ok)
			}
		}
	})
}

// FuzzParseNumber: never panics; an accepted number is finite and its
// Vietnamese form parses back to the same value.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"8,5", "1.234,5", "-3", "8.5", "1,2,3", "Inf", "NaN", "1e5", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseNumber(s)
		if !ok {
			return
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		vn := strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
		if w, ok := ParseNumber(vn); !ok || w != v {
			t.Fatalf("ParseNumber(%q) = %v, but %q parses to %v, %v", s, v, vn, w, ok)
		}
	})
}
