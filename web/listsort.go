package web

import (
	"cmp"
	"slices"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"tdkt/web/view"
)

// Lists that are not paged (units, accounts) sort in memory on an
// allowlisted key (view.ParseSort); text compares in Vietnamese order.

// sortKey compares two rows on one key.
type sortKey[T any] func(c *collate.Collator, a, b T) int

// sortRows sorts rows by s using keys[s.Key]; an unknown or empty key
// leaves the store's order. The sort is stable, so equal rows keep it.
func sortRows[T any](rows []T, s view.Sort, keys map[string]sortKey[T]) {
	less, ok := keys[s.Key]
	if !ok {
		return
	}
	c := collate.New(language.Vietnamese, collate.IgnoreCase) // not safe for concurrent use: one per call
	slices.SortStableFunc(rows, func(a, b T) int {
		if s.Desc {
			return less(c, b, a)
		}
		return less(c, a, b)
	})
}

// byText compares text in Vietnamese alphabetical order.
func byText[T any](f func(T) string) sortKey[T] {
	return func(c *collate.Collator, a, b T) int { return c.CompareString(f(a), f(b)) }
}

// byNumber compares figures.
func byNumber[T any](f func(T) int) sortKey[T] {
	return func(_ *collate.Collator, a, b T) int { return cmp.Compare(f(a), f(b)) }
}

// byTime compares times, the zero time first.
func byTime[T any](f func(T) time.Time) sortKey[T] {
	return func(_ *collate.Collator, a, b T) int { return f(a).Compare(f(b)) }
}
