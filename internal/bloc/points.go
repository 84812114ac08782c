package bloc

import (
	"strconv"
	"strings"
)

// Points is a score in hundredths of a point: 850 is "8,5".
type Points int64

// MaxPoints caps any one criterion (1.000 points).
const MaxPoints Points = 100000

// Problem is a score the user must correct; Message is in Vietnamese.
type Problem struct{ Message string }

func (p *Problem) Error() string { return p.Message }

// ErrPoints explains a score that cannot be read.
var ErrPoints = &Problem{"Điểm phải là số, dùng dấu phẩy cho phần thập phân (tối đa 2 chữ số), ví dụ 8,5."}

// ErrNegative is a score below zero; Criterion.ParsePoints words it with
// the criterion's range.
var ErrNegative = &Problem{"Điểm không được là số âm."}

// ParsePoints reads a score typed the Vietnamese way: "8", "8,5", "8,25".
// A dot, a sign, spaces inside, more than two decimals or anything not a
// digit is refused (a dot is a thousands separator in Vietnamese, so "8.5"
// would be ambiguous), with a message saying what to write instead.
func ParsePoints(s string) (Points, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrPoints
	}
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		if _, err := ParsePoints(rest); err == nil || strings.Contains(rest, ".") {
			return 0, ErrNegative
		}
		return 0, ErrPoints
	}
	if w, f, ok := strings.Cut(s, "."); ok && !strings.ContainsAny(f, ".,") {
		if _, err := ParsePoints(w + "," + f); err == nil {
			return 0, &Problem{"Điểm dùng dấu phẩy cho phần thập phân: viết " + w + "," + f + " thay cho " + s + "."}
		}
	}
	whole, frac, hasFrac := strings.Cut(s, ",")
	if hasFrac && len(frac) > 2 && allDigits(whole) && allDigits(frac) {
		return 0, &Problem{"Điểm ghi tối đa 2 chữ số sau dấu phẩy, ví dụ 8,25."}
	}
	if whole == "" || len(whole) > 6 || (hasFrac && (frac == "" || len(frac) > 2)) {
		return 0, ErrPoints
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, ErrPoints
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, ErrPoints
	}
	var f int64
	if hasFrac {
		if len(frac) == 1 {
			frac += "0"
		}
		f, _ = strconv.ParseInt(frac, 10, 64)
	}
	return Points(w*100 + f), nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// String formats p the Vietnamese way without trailing zeros: "8,5", "10", "-2,25".
func (p Points) String() string {
	neg := p < 0
	if neg {
		p = -p
	}
	s := strconv.FormatInt(int64(p/100), 10)
	if f := int64(p % 100); f != 0 {
		fs := strconv.FormatInt(f, 10)
		if f < 10 {
			fs = "0" + fs
		}
		s += "," + strings.TrimSuffix(fs, "0")
	}
	if neg {
		return "-" + s
	}
	return s
}

// Float is p as a number of points (for spreadsheets).
func (p Points) Float() float64 { return float64(p) / 100 }
