// Package view holds the templ components and pages of tdkt. Components take
// view models shaped like the screen; they never call the store.
package view

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Page is what the layout needs on every page.
type Page struct {
	Title   string // "<page>"; the layout appends " – tdkt"
	User    *User  // nil when signed out
	Nav     []NavItem
	Flash   Flash
	Crumbs  []Crumb
	Version string // asset version for cache busting
}

// User is the signed-in account as the header shows it.
type User struct {
	Name     string
	Username string
	Roles    string // comma-separated Vietnamese labels
	Unit     string
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Label, Href string
	Current     bool
}

// Crumb is one breadcrumb; the last one has no Href.
type Crumb struct{ Label, Href string }

// Flash is a one-time message after a redirect.
type Flash struct {
	Kind    string // "success" or "info"
	Message string
}

// Errors are form problems keyed by field name, in the order of the form.
type Errors struct {
	Fields  map[string]string
	Order   []string // field names in form order, for the error summary
	Message string   // a problem that belongs to no field
}

// Has reports whether field has a problem.
func (e Errors) Has(field string) bool { _, ok := e.Fields[field]; return ok }

// Any reports whether there is any problem.
func (e Errors) Any() bool { return len(e.Fields) > 0 || e.Message != "" }

// Summary lists the problems in form order.
func (e Errors) Summary() []FieldError {
	var out []FieldError
	seen := map[string]bool{}
	for _, f := range e.Order {
		if m, ok := e.Fields[f]; ok && !seen[f] {
			out = append(out, FieldError{f, m})
			seen[f] = true
		}
	}
	for f, m := range e.Fields {
		if !seen[f] {
			out = append(out, FieldError{f, m})
		}
	}
	return out
}

// FieldError is one line of the error summary.
type FieldError struct{ Field, Message string }

// Option is one choice of a select or radio group.
type Option struct {
	Value, Label string
}

// Date formats t as dd/mm/yyyy in Vietnam's time zone, or "" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vietnam).Format("02/01/2006")
}

// DateTime formats t as dd/mm/yyyy hh:mm in Vietnam's time zone.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vietnam).Format("02/01/2006 15:04")
}

// vietnam is Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
var vietnam = time.FixedZone("ICT", 7*3600)

// Number formats n with Vietnamese thousands separators: 1.234.567.
func Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Money formats an amount of VND: 1.234.567 đ.
func Money(n int64) string { return Number(n) + " đ" }

// Itoa formats an id for URLs and attributes.
func Itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Pager is the state of a paged list.
type Pager struct {
	Page, Pages, Total int
	// URL returns the link to page n.
	URL func(n int) string
}

// Range describes the rows shown: "Hiển thị 1–50 trên 312".
func (p Pager) Range(perPage, shown int) string {
	if p.Total == 0 {
		return ""
	}
	from := (p.Page-1)*perPage + 1
	return fmt.Sprintf("Hiển thị %s–%s trên %s", Number(int64(from)), Number(int64(from+shown-1)), Number(int64(p.Total)))
}

// Near returns the page numbers to show around the current one; 0 is a gap.
func (p Pager) Near() []int {
	var out []int
	for n := 1; n <= p.Pages; n++ {
		if n == 1 || n == p.Pages || (n >= p.Page-2 && n <= p.Page+2) {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}
