package validate

import (
	"strconv"
	"strings"
	"time"
)

// ParseDate parses a Vietnamese date, day first: dd/mm/yyyy, also d/m/yyyy
// and with - or . between the parts. It is strict: 31/02/2025 or a two-digit
// year are refused. Empty text gives the zero time and true.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || len(parts[2]) != 4 || strings.ContainsAny(s, " \t") {
		return time.Time{}, false
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/04 and the like
		return time.Time{}, false
	}
	return t, true
}
