// Package view holds the templ components and pages of tdkt. Components take
// view models shaped like the screen; they never call the store.
package view

import (
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
	Unread   int // unread notifications
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
	return t.In(Vietnam).Format("02/01/2006")
}

// DateTime formats t as dd/mm/yyyy hh:mm in Vietnam's time zone.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Vietnam).Format("02/01/2006 15:04")
}

// Vietnam is Asia/Ho_Chi_Minh (UTC+7, no daylight saving): dates are shown there.
var Vietnam = time.FixedZone("ICT", 7*3600)

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

// Keyset links to the neighbouring pages of a list paged by key; an empty
// link is not shown.
type Keyset struct {
	First, Prev, Next string
	Summary           string // e.g. "312 người"
}
