// Package vnfold folds Vietnamese text for comparisons that ignore case,
// diacritics and punctuation: "Nguyễn Thị Đào" and "nguyen thi dao" match.
// Imports (staff lists, award history, ratings) use it to match names,
// headers and labels typed by hand.
package vnfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"tdkt/internal/validate"
)

// Key folds s for accent- and case-insensitive comparison: clean text,
// lower case, no diacritics, đ → d, punctuation as spaces, single spaces.
func Key(s string) string {
	s = norm.NFD.String(validate.Text(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Equal reports whether a and b are the same text once folded.
func Equal(a, b string) bool { return Key(a) == Key(b) }
