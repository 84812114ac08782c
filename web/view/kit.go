package view

import (
	"context"
	"io"
	"time"

	"github.com/a-h/templ"
)

// This file holds the view models of the UI kit. Every page is built from
// these parts; the components page (/components, demo mode) shows each one
// in every state, and axe-core checks it in the browser tests.
//
//   - layout.templ: Layout (header with the Sở's name, user menu, unread
//     notifications, navigation by role, Breadcrumbs, NotificationBanner for
//     flashes, footer; title "<page> – tdkt"), ErrorPage.
//   - form.templ: ErrorSummary, Input, Select, Radios, Checkboxes, Checkbox,
//     SubmissionField, Pagination(Keyset), Confirm (destructive actions).
//   - kit.templ: StatusTag, Textarea, DateInput (dd/mm/yyyy,
//     validate.ParseDate), NumberInput (8,5; validate.ParseNumber),
//     MoneyInput (1.234.567; validate.ParseMoney), FileInput, TaskList,
//     SummaryList, Timeline, TableHead (SortColumn, ParseSort), EmptyState,
//     ConfirmationPanel, RowActions.
//   - CSS classes (web/static/app.css): buttons "button", "button
//     button-secondary", "button button-warning"; "actions" (a row of
//     buttons), "page-head" (h1 with actions), "filters" (a search bar),
//     "table responsive" with data-label on every td (stacked rows below
//     640 px), "numeric" and "hide-narrow" cells, "panel", "inset", "hint",
//     "narrow", "document" (a printable document: A4, NĐ 30/2020 margins).

// Tone is the colour family of a status tag; the tag's text always says the
// state, the colour only repeats it.
type Tone string

const (
	ToneGrey   Tone = "grey"   // draft, not started, closed
	ToneBlue   Tone = "blue"   // submitted, in progress, waiting for someone else
	ToneGreen  Tone = "green"  // accepted, eligible, passed, done
	ToneYellow Tone = "yellow" // late, on hold, needs attention
	ToneRed    Tone = "red"    // returned, rejected, not eligible, failed
	TonePurple Tone = "purple" // decided, awarded
)

// StatusTag shows a state as text in a coloured tag. It is written by
// hand rather than in templ because long lists render hundreds of them and
// templ's class handling costs several allocations each; the label is
// escaped and the tone is one of the known classes.
func StatusTag(t Tag) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<strong class="tag tag-`+t.Tone.class()+`">`+templ.EscapeString(t.Label)+`</strong>`)
		return err
	})
}

// class is the tone's CSS class suffix; an unknown tone is grey.
func (t Tone) class() string {
	switch t {
	case ToneBlue, ToneGreen, ToneYellow, ToneRed, TonePurple:
		return string(t)
	}
	return string(ToneGrey)
}

// Tag is a status tag: text first, colour second.
type Tag struct {
	Label string
	Tone  Tone
}

// TaskStatus is the state of one task of a task list.
type TaskStatus int

const (
	TaskNotStarted  TaskStatus = iota // chưa bắt đầu
	TaskInProgress                    // đang làm
	TaskDone                          // đã xong
	TaskNeedsFix                      // cần bổ sung
	TaskCannotStart                   // chưa thể bắt đầu (waits for another task)
)

// Task is one line of a task list.
type Task struct {
	Label  string
	Href   string // empty when the task cannot be opened
	Hint   string // e.g. what is missing
	Status TaskStatus
}

// TaskSection is a numbered group of tasks.
type TaskSection struct {
	Title string
	Tasks []Task
}

// SummaryRow is one row of a summary list ("check before submitting").
type SummaryRow struct {
	Key        string
	Value      string   // one line
	Lines      []string // several lines, shown after Value
	ChangeHref string   // "Thay đổi" link; empty for none
	ChangeWhat string   // hidden text after "Thay đổi" for screen readers
}

// TimelineEntry is one step of a history.
type TimelineEntry struct {
	At     time.Time
	Who    string
	What   string
	Reason string   // optional, shown as a quotation
	Lines  []string // optional details, e.g. "Trạng thái: Nháp → Đã nộp"

	WhoHref    string // optional link on Who
	Object     string // optional: what the step was done to, after What
	ObjectHref string // optional link on Object
	Links      []Link // optional small links after the time
}

// Link is a plain link.
type Link struct{ Label, Href string }

// Column is one header of a data table. A sortable column links to Href
// (server-side sort on an allowlisted key); Sort is "ascending",
// "descending" or "" for the current sort (it sets aria-sort).
type Column struct {
	Label   string
	Href    string
	Sort    string
	Numeric bool // right-aligned
	Hide    bool // hidden on narrow screens (not a main column)
}

// Empty is the empty state of a list: a sentence and the next action.
type Empty struct {
	Title       string // optional, bold first line
	Message     string
	ActionLabel string
	ActionHref  string
}

// Confirmation is the panel at the top of a confirmation page.
type Confirmation struct {
	Title     string // e.g. "Đã nộp hồ sơ"
	Reference string // e.g. "HS-2025-0012"; empty for none
	Next      []string
}

// Button variants for the Button component and the "button" CSS classes.
const (
	ButtonPrimary   = "button"
	ButtonSecondary = "button button-secondary"
	ButtonWarning   = "button button-warning"
)

// Tag is the status tag of a task.
func (s TaskStatus) Tag() Tag {
	switch s {
	case TaskInProgress:
		return Tag{"Đang làm", ToneBlue}
	case TaskDone:
		return Tag{"Đã xong", ToneGreen}
	case TaskNeedsFix:
		return Tag{"Cần bổ sung", ToneRed}
	case TaskCannotStart:
		return Tag{"Chưa thể bắt đầu", ToneGrey}
	}
	return Tag{"Chưa bắt đầu", ToneGrey}
}

// kind is the banner style of a flash: "success" or "info".
func (f Flash) kind() string {
	if f.Kind == "success" {
		return "success"
	}
	return "info"
}

// title is the heading of a flash banner.
func (f Flash) title() string {
	if f.kind() == "success" {
		return "Thành công"
	}
	return "Thông tin"
}

// sortHint is the screen-reader text after a sortable column's label.
func (c Column) sortHint() string {
	switch c.Sort {
	case "ascending":
		return ", đang sắp xếp tăng dần; chọn để sắp xếp giảm dần"
	case "descending":
		return ", đang sắp xếp giảm dần; chọn để sắp xếp tăng dần"
	}
	return ", chọn để sắp xếp"
}

// Sort is the order of a list: one allowlisted key and a direction.
type Sort struct {
	Key  string
	Desc bool
}

// ParseSort reads a sort parameter ("name" or "-name" for descending); a
// key not in allowed gives def, so only allowlisted keys reach a query.
func ParseSort(raw string, allowed []string, def Sort) Sort {
	s := Sort{Key: raw}
	if len(raw) > 1 && raw[0] == '-' {
		s = Sort{Key: raw[1:], Desc: true}
	}
	for _, k := range allowed {
		if k == s.Key {
			return s
		}
	}
	return def
}

// Param is the sort as a query parameter value.
func (s Sort) Param() string {
	if s.Desc {
		return "-" + s.Key
	}
	return s.Key
}

// SortColumn builds the header of a column sortable by key: it links to the
// list sorted by key (href gets the parameter value), ascending first, and
// toggles the direction when the list is already sorted by key.
func SortColumn(label, key string, cur Sort, href func(param string) string) Column {
	c := Column{Label: label}
	next := Sort{Key: key}
	if cur.Key == key {
		c.Sort = "ascending"
		if cur.Desc {
			c.Sort = "descending"
		} else {
			next.Desc = true
		}
	}
	c.Href = href(next.Param())
	return c
}

// withNumeric right-aligns a column of figures.
func withNumeric(c Column) Column {
	c.Numeric = true
	return c
}

// rows is the height of a Textarea: Rows, or 5 lines.
func (f Field) rows() int {
	if f.Rows > 0 {
		return f.Rows
	}
	return 5
}
