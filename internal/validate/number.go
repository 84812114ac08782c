package validate

import (
	"math"
	"strconv"
	"strings"
)

// maxNumberLen bounds the text ParseNumber and ParseMoney look at.
const maxNumberLen = 40

// ParseMoney parses an amount of VND in whole đồng as Vietnamese write it:
// "1.234.567" (a dot between groups of three digits) or "1234567", with an
// optional "đ" or "đồng" after it. It is strict: "1.23", "1,5", a negative
// amount or one that overflows int64 is refused. Empty text gives 0 and true.
func ParseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, unit := range []string{"đồng", "đ", "VNĐ", "VND"} {
		if rest, ok := strings.CutSuffix(s, unit); ok {
			if rest == "" {
				return 0, false
			}
			s = strings.TrimSpace(rest)
			break
		}
	}
	if s == "" {
		return 0, true
	}
	digits, ok := groupedDigits(s)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// ParseNumber parses a number as Vietnamese write it: a dot between groups
// of three digits and a comma before the decimals ("1.234,5", "8,5", "-3").
// It is strict: "8.5" (a dot that is not a thousands separator), "1,2,3",
// "1e5", "∞", more than 15 digits before the comma or more than 10 after it
// are refused. Empty text gives 0 and true.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	}
	whole, frac, hasFrac := strings.Cut(s, ",")
	digits, ok := groupedDigits(whole)
	if !ok || len(digits) > 15 {
		return 0, false
	}
	if hasFrac {
		if frac == "" || len(frac) > 10 || !allDigits(frac) {
			return 0, false
		}
		digits += "." + frac
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

// groupedDigits checks the whole part of a number: digits only, or groups
// of three digits after a first group of one to three that does not start
// with 0, joined by dots. It
// returns the digits without the dots.
func groupedDigits(s string) (string, bool) {
	if s == "" || len(s) > maxNumberLen {
		return "", false
	}
	if !strings.Contains(s, ".") {
		return s, allDigits(s)
	}
	groups := strings.Split(s, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) || groups[0][0] == '0' {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" || len(s) > maxNumberLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
