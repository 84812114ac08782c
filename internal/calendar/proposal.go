package calendar

import (
	"sort"
	"time"
)

// Holiday names used by the proposal and the seeded calendar.
const (
	NameNewYear   = "Tết Dương lịch"
	NameTet       = "Tết Nguyên đán"
	NameHungKings = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
	NameReunif    = "Ngày Chiến thắng (30/4)"
	NameLabour    = "Ngày Quốc tế Lao động (1/5)"
	NameNational  = "Quốc khánh (2/9)"
	NameNatDay    = "Nghỉ Quốc khánh"
)

// Proposed is the list of days off of year y that the Labour Code 2019
// (Art. 112) gives civil servants, computed for any year: 1/1; Tết
// Nguyên đán, five days from the last day of the old lunar year to mùng 4;
// Giỗ Tổ Hùng Vương on 10/3 âm lịch; 30/4 and 1/5; 2/9 with one day next
// to it (1/9, or 3/9 when 1/9 is a weekend day). A holiday falling on a
// Saturday or Sunday is made up on the next working day after it. The
// Government's yearly notice may swap days to bridge weekends; the office
// confirms the year's calendar against it.
func Proposed(y int) []Day {
	tet := Tet(y)
	national := date(y, 9, 2)
	extra := date(y, 9, 1)
	if isWeekend(extra) {
		extra = date(y, 9, 3)
	}
	groups := []struct {
		comp string // the name of a day made up for this holiday
		days []Day
	}{
		{"Tết Dương lịch", []Day{{Date: date(y, 1, 1), Name: NameNewYear}}},
		{"Tết Nguyên đán", span(NameTet, tet.AddDate(0, 0, -1), tet.AddDate(0, 0, 3))},
		{"Giỗ Tổ Hùng Vương", []Day{{Date: HungKings(y), Name: NameHungKings}}},
		{"dịp 30/4 – 1/5", []Day{{Date: date(y, 4, 30), Name: NameReunif}, {Date: date(y, 5, 1), Name: NameLabour}}},
		{"Quốc khánh", []Day{{Date: national, Name: NameNational}, {Date: extra, Name: NameNatDay}}},
	}
	off := map[int]bool{}
	var out []Day
	for _, g := range groups {
		for _, d := range g.days {
			if !off[key(d.Date)] {
				off[key(d.Date)] = true
				out = append(out, d)
			}
		}
	}
	// Art. 112(3): a holiday on the weekly rest day is made up on the next
	// working day.
	for _, g := range groups {
		owed, last := 0, g.days[0].Date
		for _, d := range g.days {
			if isWeekend(d.Date) {
				owed++
			}
			if d.Date.After(last) {
				last = d.Date
			}
		}
		name := "Nghỉ bù " + g.comp
		for d := last; owed > 0; {
			d = d.AddDate(0, 0, 1)
			if isWeekend(d) || off[key(d)] {
				continue
			}
			off[key(d)] = true
			out = append(out, Day{Date: d, Name: name})
			owed--
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

func isWeekend(t time.Time) bool { return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday }
