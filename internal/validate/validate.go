// Package validate holds the shape of validation results shared by the
// domain packages: problems keyed by form field, in Vietnamese.
package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Problems maps a field name to a message for the user. Empty means valid.
type Problems map[string]string

// Add records msg for field unless the field already has a problem.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Check records msg for field when ok is false.
func (p Problems) Check(ok bool, field, msg string) {
	if !ok {
		p.Add(field, msg)
	}
}

// OK reports whether there are no problems.
func (p Problems) OK() bool { return len(p) == 0 }

// Text cleans user text: valid UTF-8, NFC, no control characters, single
// spaces, trimmed.
func Text(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = norm.NFC.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u202e' || r == '\u202d' || r == '\u200e' || r == '\u200f' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Len reports the length of s in characters.
func Len(s string) int { return utf8.RuneCountInString(s) }

// Block cleans multi-line user text (descriptions, covenants): valid UTF-8,
// NFC, line breaks kept as "\n", tabs as spaces, no other control or
// direction-override characters, trailing spaces of each line and blank
// lines at both ends removed.
func Block(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r) || r == '\u202e' || r == '\u202d' || r == '\u200e' || r == '\u200f':
			return -1
		}
		return r
	}, s)
	lines := strings.Split(norm.NFC.String(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Acceptable reports whether s may enter the system at all: valid UTF-8
// with no NUL byte. Anything else is refused before it is read further.
func Acceptable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
