// Package calendar counts working days: Monday to Friday, except public
// holidays, plus the Saturdays worked to make up a bridged holiday. Deadlines
// of rounds, appraisals and supplement requests are counted in working days
// (domain.md §6, R29).
package calendar

import (
	"sort"
	"sync"
	"time"

	"tdkt/internal/validate"
)

// Day is a public holiday (Working false) or a Saturday or Sunday worked in
// exchange for a bridged day off (Working true).
type Day struct {
	Date    time.Time // the calendar date; the clock part is ignored
	Name    string
	Working bool
}

// Calendar answers whether a date is a working day.
type Calendar struct {
	days map[int]Day // by civil date key

	// With proposals (WithProposals), a year not confirmed by the office
	// uses Proposed(year) under its stored days.
	auto      bool
	confirmed map[int]bool
	mu        sync.Mutex
	proposed  map[int]map[int]Day // by year, then date key
}

func key(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// New returns a calendar with the given holidays and make-up working days.
func New(days []Day) *Calendar {
	c := &Calendar{days: make(map[int]Day, len(days))}
	for _, d := range days {
		c.days[key(d.Date)] = d
	}
	return c
}

// WithProposals returns a calendar of the stored days in which every year
// not in confirmed also has the days off Proposed for it (a stored day wins
// over a proposed one on the same date): deadlines can be counted in any
// year, and Confirmed tells whether the count rests on the office's
// confirmed list.
func WithProposals(days []Day, confirmed []int) *Calendar {
	c := New(days)
	c.auto = true
	c.confirmed = make(map[int]bool, len(confirmed))
	for _, y := range confirmed {
		c.confirmed[y] = true
	}
	return c
}

// Confirmed reports whether the days off of year y are the office's
// confirmed list rather than a computed proposal.
func (c *Calendar) Confirmed(y int) bool { return !c.auto || c.confirmed[y] }

// day returns the special day on t's date, stored or proposed.
func (c *Calendar) day(t time.Time) (Day, bool) {
	k := key(t)
	if d, ok := c.days[k]; ok {
		return d, true
	}
	if c.Confirmed(t.Year()) {
		return Day{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.proposed[t.Year()]
	if !ok {
		p = map[int]Day{}
		for _, d := range Proposed(t.Year()) {
			p[key(d.Date)] = d
		}
		if c.proposed == nil {
			c.proposed = map[int]map[int]Day{}
		}
		c.proposed[t.Year()] = p
	}
	d, ok := p[k]
	return d, ok
}

// Holiday returns the holiday on t's date, if any.
func (c *Calendar) Holiday(t time.Time) (Day, bool) {
	d, ok := c.day(t)
	return d, ok && !d.Working
}

// IsWorkingDay reports whether t's calendar date is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	if d, ok := c.day(t); ok {
		return d.Working
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays returns the date n working days after from (from itself
// is not counted): the deadline of a task of n working days received on
// from. n <= 0 returns from's date.
func (c *Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	d := dateOf(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from up to and
// including to; negative when to is before from.
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	a, b := dateOf(from), dateOf(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// dateOf is t's calendar date at midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// span lists the days from first to last (inclusive) under one name.
func span(name string, first, last time.Time) []Day {
	var out []Day
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		out = append(out, Day{Date: d, Name: name})
	}
	return out
}

// Vietnam lists Vietnam's official holidays for civil servants in
// 2024–2026 (Labour Code 2019 Art. 112 and the yearly notices of the
// Ministry of Labour / Home Affairs), including Tết Nguyên đán and the
// bridged days with the Saturdays worked in exchange. The admin edits the
// stored copy when the Government announces changes.
func Vietnam() []Day {
	const (
		newYear  = "Tết Dương lịch"
		tet      = "Tết Nguyên đán"
		hung     = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
		hungComp = "Nghỉ bù Giỗ Tổ Hùng Vương"
		reunif   = "Ngày Chiến thắng (30/4)"
		labour   = "Ngày Quốc tế Lao động (1/5)"
		bridge   = "Nghỉ hoán đổi dịp 30/4 – 1/5"
		makeUp   = "Làm bù cho ngày nghỉ hoán đổi"
		national = "Quốc khánh (2/9)"
		natDay   = "Nghỉ Quốc khánh"
	)
	var out []Day
	add := func(ds ...Day) { out = append(out, ds...) }
	// 2024
	add(Day{Date: date(2024, 1, 1), Name: newYear})
	add(span(tet, date(2024, 2, 8), date(2024, 2, 14))...)
	add(Day{Date: date(2024, 4, 18), Name: hung},
		Day{Date: date(2024, 4, 29), Name: bridge},
		Day{Date: date(2024, 4, 30), Name: reunif},
		Day{Date: date(2024, 5, 1), Name: labour},
		Day{Date: date(2024, 5, 4), Name: makeUp, Working: true},
		Day{Date: date(2024, 9, 2), Name: national},
		Day{Date: date(2024, 9, 3), Name: natDay})
	// 2025
	add(Day{Date: date(2025, 1, 1), Name: newYear})
	add(span(tet, date(2025, 1, 25), date(2025, 2, 2))...)
	add(Day{Date: date(2025, 4, 7), Name: hung},
		Day{Date: date(2025, 4, 26), Name: makeUp, Working: true},
		Day{Date: date(2025, 4, 30), Name: reunif},
		Day{Date: date(2025, 5, 1), Name: labour},
		Day{Date: date(2025, 5, 2), Name: bridge},
		Day{Date: date(2025, 9, 1), Name: natDay},
		Day{Date: date(2025, 9, 2), Name: national})
	// 2026
	add(Day{Date: date(2026, 1, 1), Name: newYear})
	add(span(tet, date(2026, 2, 14), date(2026, 2, 22))...)
	add(Day{Date: date(2026, 4, 27), Name: hungComp}, // 10/3 âm lịch falls on Sunday 26/4
		Day{Date: date(2026, 4, 30), Name: reunif},
		Day{Date: date(2026, 5, 1), Name: labour},
		Day{Date: date(2026, 9, 1), Name: natDay},
		Day{Date: date(2026, 9, 2), Name: national})
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// Check validates a day of the calendar before it is saved: a named date,
// and a worked day (Working) falls on a Saturday or Sunday.
func (d Day) Check() validate.Problems {
	p := validate.Problems{}
	n := validate.Len(d.Name)
	p.Check(n >= 1 && n <= 200, "name", "Nhập tên ngày nghỉ (tối đa 200 ký tự).")
	if !d.Date.IsZero() && d.Working {
		wd := d.Date.Weekday()
		p.Check(wd == time.Saturday || wd == time.Sunday, "date", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
	}
	return p
}
