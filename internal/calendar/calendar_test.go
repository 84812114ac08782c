package calendar

import (
	"testing"
	"time"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

func TestWorkingDays(t *testing.T) {
	c := New(Vietnam())
	cases := []struct {
		day  time.Time
		want bool
	}{
		{d(2025, 1, 24), true},  // Friday before Tết
		{d(2025, 1, 27), false}, // Tết Ất Tỵ
		{d(2025, 1, 31), false},
		{d(2025, 2, 3), true},   // back to work
		{d(2025, 4, 26), true},  // Saturday worked in exchange for 2/5
		{d(2025, 5, 2), false},  // bridged Friday
		{d(2025, 5, 3), false},  // Saturday
		{d(2025, 9, 1), false},  // Quốc khánh
		{d(2026, 2, 17), false}, // Tết Bính Ngọ (mùng 1)
		{d(2026, 4, 27), false}, // Giỗ Tổ moved from Sunday
		{d(2024, 2, 12), false}, // Tết Giáp Thìn
		{d(2024, 5, 4), true},   // make-up Saturday
		{d(2025, 12, 15), true}, // an ordinary Monday
	}
	for _, tc := range cases {
		if got := c.IsWorkingDay(tc.day); got != tc.want {
			t.Errorf("IsWorkingDay(%s) = %v; want %v", tc.day.Format("02/01/2006"), got, tc.want)
		}
	}
	if h, ok := c.Holiday(d(2025, 1, 29)); !ok || h.Name != "Tết Nguyên đán" {
		t.Errorf("Holiday(29/01/2025) = %v, %v", h, ok)
	}
	if _, ok := c.Holiday(d(2025, 4, 26)); ok {
		t.Error("a make-up working Saturday is not a holiday")
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := New(Vietnam())
	cases := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{d(2025, 12, 1), 5, d(2025, 12, 8)},   // Mon + 5 → next Mon
		{d(2025, 12, 5), 1, d(2025, 12, 8)},   // Fri + 1 skips the weekend
		{d(2025, 1, 20), 5, d(2025, 2, 3)},    // across Tết: 21,22,23,24, (Tết), 3/2
		{d(2025, 4, 24), 2, d(2025, 4, 26)},   // Thu + 2 lands on the make-up Saturday
		{d(2025, 11, 10), 20, d(2025, 12, 8)}, // the default appraisal SLA
		{d(2025, 12, 1), 0, d(2025, 12, 1)},
	}
	for _, tc := range cases {
		if got := c.AddWorkingDays(tc.from, tc.n); !got.Equal(tc.want) {
			t.Errorf("AddWorkingDays(%s, %d) = %s; want %s", tc.from.Format("02/01/2006"), tc.n,
				got.Format("02/01/2006"), tc.want.Format("02/01/2006"))
		}
	}
	// The time of day and the zone do not matter, only the date.
	late := time.Date(2025, 12, 5, 23, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	if got := c.AddWorkingDays(late, 1); !got.Equal(d(2025, 12, 8)) {
		t.Errorf("late Friday + 1 = %s", got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := New(Vietnam())
	if n := c.WorkingDaysBetween(d(2025, 12, 1), d(2025, 12, 8)); n != 5 {
		t.Errorf("1/12 → 8/12 = %d; want 5", n)
	}
	if n := c.WorkingDaysBetween(d(2025, 12, 8), d(2025, 12, 1)); n != -5 {
		t.Errorf("8/12 → 1/12 = %d; want -5", n)
	}
	if n := c.WorkingDaysBetween(d(2025, 1, 24), d(2025, 2, 3)); n != 1 {
		t.Errorf("across Tết = %d; want 1", n)
	}
	for from := d(2024, 1, 1); from.Year() < 2027; from = from.AddDate(0, 0, 3) {
		for _, n := range []int{1, 5, 20} {
			if got := c.WorkingDaysBetween(from, c.AddWorkingDays(from, n)); got != n {
				t.Fatalf("round trip from %s + %d = %d", from.Format("02/01/2006"), n, got)
			}
		}
	}
}

func TestSeededHolidays(t *testing.T) {
	days := Vietnam()
	seen := map[int]bool{}
	perYear := map[int]int{}
	for _, h := range days {
		if seen[key(h.Date)] {
			t.Errorf("%s listed twice", h.Date.Format("02/01/2006"))
		}
		seen[key(h.Date)] = true
		if h.Name == "" {
			t.Errorf("%s has no name", h.Date.Format("02/01/2006"))
		}
		if h.Working && h.Date.Weekday() != time.Saturday && h.Date.Weekday() != time.Sunday {
			t.Errorf("make-up day %s is not a weekend day", h.Date.Format("02/01/2006"))
		}
		if !h.Working {
			perYear[h.Date.Year()]++
		}
	}
	for _, y := range []int{2024, 2025, 2026} {
		if perYear[y] < 11 {
			t.Errorf("%d: %d days off; want at least the 11 of the Labour Code", y, perYear[y])
		}
	}
}

func TestDayCheck(t *testing.T) {
	sat := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)
	mon := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	if p := (Day{Date: sat, Name: "Làm bù", Working: true}).Check(); !p.OK() {
		t.Errorf("Saturday worked: %v", p)
	}
	if p := (Day{Date: mon, Name: "Làm bù", Working: true}).Check(); p["date"] == "" {
		t.Errorf("Monday worked: %v", p)
	}
	if p := (Day{Date: mon}).Check(); p["name"] == "" {
		t.Errorf("no name: %v", p)
	}
}
