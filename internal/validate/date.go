package validate

import (
	"fmt"
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

// DateProblem says why s is not a date ParseDate accepts, in words that
// follow a field's label, or "" when it is one (or empty): "ngày
// 31/02/2025 không tồn tại (tháng 2 năm 2025 có 28 ngày)", "ghi năm đủ 4
// chữ số", else "phải có dạng ngày/tháng/năm, ví dụ " + example.
func DateProblem(s, example string) string {
	if _, ok := ParseDate(s); ok {
		return ""
	}
	s = strings.TrimSpace(s)
	shape := "phải có dạng ngày/tháng/năm, ví dụ " + example
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || strings.ContainsAny(s, " \t") {
		return shape
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || d < 0 || m < 0 || y < 0 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return shape
	}
	if len(parts[2]) != 4 {
		return "ghi năm đủ 4 chữ số, ví dụ " + example
	}
	written := fmt.Sprintf("ngày %02d/%02d/%04d không tồn tại", d, m, y)
	switch {
	case m < 1 || m > 12:
		return written + " (tháng phải từ 1 đến 12)"
	case d < 1 || d > 31:
		return written + " (ngày phải từ 1 đến 31)"
	case y < 1900 || y > 2200:
		return fmt.Sprintf("năm %d nằm ngoài khoảng 1900–2200", y)
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return fmt.Sprintf("%s (tháng %d năm %d có %d ngày)", written, m, y, days)
}

// Date parses the field's text like ParseDate; when it is not a date it
// records a message naming the field (label) and saying what is wrong, and
// returns false. Empty text gives the zero time and true.
func Date(p Problems, field, label, s, example string) (time.Time, bool) {
	t, ok := ParseDate(s)
	if ok {
		return t, true
	}
	why := DateProblem(s, example)
	if strings.HasPrefix(why, "phải") {
		p.Add(field, label+" "+why+".")
	} else {
		p.Add(field, label+": "+why+".")
	}
	return time.Time{}, false
}
