package calendar

import (
	"testing"
	"time"
)

// Published dates of mùng 1 Tết and Giỗ Tổ Hùng Vương (10/3 âm lịch) in
// Vietnam. 1985, 2007 and 2030 are years in which a Chinese (UTC+8)
// calendar puts Tết on another day: 20/02/1985 (a month later, because
// month 11 of 1984 differs), 18/02/2007 and 03/02/2030.
var published = []struct {
	year int
	tet  time.Time
	hung time.Time // zero when not checked
}{
	{1985, d(1985, 1, 21), time.Time{}},
	{2004, d(2004, 1, 22), d(2004, 4, 28)}, // leap month 2
	{2007, d(2007, 2, 17), d(2007, 4, 26)},
	{2012, d(2012, 1, 23), d(2012, 3, 31)}, // leap month 3: the first month 3 counts
	{2020, d(2020, 1, 25), d(2020, 4, 2)},
	{2021, d(2021, 2, 12), d(2021, 4, 21)},
	{2022, d(2022, 2, 1), d(2022, 4, 10)},
	{2023, d(2023, 1, 22), d(2023, 4, 29)},
	{2024, d(2024, 2, 10), d(2024, 4, 18)},
	{2025, d(2025, 1, 29), d(2025, 4, 7)},
	{2026, d(2026, 2, 17), d(2026, 4, 26)},
	{2027, d(2027, 2, 6), d(2027, 4, 16)},
	{2028, d(2028, 1, 26), d(2028, 4, 4)},
	{2029, d(2029, 2, 13), d(2029, 4, 23)},
	{2030, d(2030, 2, 2), d(2030, 4, 12)},
	{2031, d(2031, 1, 23), d(2031, 4, 1)},
	{2032, d(2032, 2, 11), d(2032, 4, 19)},
	{2033, d(2033, 1, 31), d(2033, 4, 9)},
	{2034, d(2034, 2, 19), d(2034, 4, 28)},
	{2035, d(2035, 2, 8), d(2035, 4, 17)},
}

func TestTetAndHungKings(t *testing.T) {
	for _, p := range published {
		if got := Tet(p.year); !got.Equal(p.tet) {
			t.Errorf("Tết %d = %s; want %s", p.year, got.Format("02/01/2006"), p.tet.Format("02/01/2006"))
		}
		if p.hung.IsZero() {
			continue
		}
		if got := HungKings(p.year); !got.Equal(p.hung) {
			t.Errorf("Giỗ Tổ %d = %s; want %s", p.year, got.Format("02/01/2006"), p.hung.Format("02/01/2006"))
		}
	}
}

func TestLunarToSolar(t *testing.T) {
	// 2023 had a leap month 2 (nhuận tháng 2): 01/02 nhuận = 22/03/2023.
	if got, ok := LunarToSolar(1, 2, 2023, true); !ok || !got.Equal(d(2023, 3, 22)) {
		t.Errorf("01/02 nhuận 2023 = %s, %v; want 22/03/2023", got.Format("02/01/2006"), ok)
	}
	if _, ok := LunarToSolar(1, 5, 2023, true); ok {
		t.Error("2023 has no leap month 5")
	}
	if _, ok := LunarToSolar(1, 1, 2025, true); ok {
		t.Error("2025 has no leap month 1")
	}
	for _, bad := range [][2]int{{0, 1}, {31, 1}, {1, 0}, {1, 13}} {
		if _, ok := LunarToSolar(bad[0], bad[1], 2025, false); ok {
			t.Errorf("LunarToSolar(%d, %d) accepted", bad[0], bad[1])
		}
	}
	// Every year's Tết lies between 21/01 and 20/02, and lunar years have
	// 353–355 or 383–385 days.
	for y := 1950; y <= 2100; y++ {
		tet, next := Tet(y), Tet(y+1)
		if tet.Before(d(y, 1, 21)) || tet.After(d(y, 2, 20)) {
			t.Errorf("Tết %d = %s", y, tet.Format("02/01/2006"))
		}
		n := int(next.Sub(tet).Hours() / 24)
		if !(n >= 353 && n <= 355) && !(n >= 383 && n <= 385) {
			t.Errorf("lunar year %d has %d days", y, n)
		}
	}
}

func TestProposed(t *testing.T) {
	for y := 2020; y <= 2040; y++ {
		days := Proposed(y)
		seen := map[int]bool{}
		off := 0
		for _, h := range days {
			if h.Date.Year() != y {
				t.Errorf("%d: %s (%s) is not in the year", y, h.Date.Format("02/01/2006"), h.Name)
			}
			if seen[key(h.Date)] {
				t.Errorf("%d: %s listed twice", y, h.Date.Format("02/01/2006"))
			}
			seen[key(h.Date)] = true
			if !h.Working {
				off++
			}
		}
		if off < 11 {
			t.Errorf("%d: %d days off; want at least the 11 of the Labour Code", y, off)
		}
		c := New(days)
		for _, must := range []time.Time{d(y, 1, 1), Tet(y), HungKings(y), d(y, 4, 30), d(y, 5, 1), d(y, 9, 2)} {
			if _, ok := c.Holiday(must); !ok {
				t.Errorf("%d: %s is not a day off", y, must.Format("02/01/2006"))
			}
		}
	}
	// 2026: Giỗ Tổ falls on Sunday 26/4 and is made up on Monday 27/4, as
	// the Government announced; 2023: 1/1 on a Sunday, made up on 2/1.
	c := New(Proposed(2026))
	if h, ok := c.Holiday(d(2026, 4, 27)); !ok || h.Name != "Nghỉ bù Giỗ Tổ Hùng Vương" {
		t.Errorf("27/04/2026 = %+v, %v", h, ok)
	}
	if c.IsWorkingDay(d(2026, 9, 1)) || !c.IsWorkingDay(d(2026, 9, 3)) {
		t.Error("2026: 1/9 (Tuesday) should be the day next to Quốc khánh")
	}
	if New(Proposed(2023)).IsWorkingDay(d(2023, 1, 2)) {
		t.Error("02/01/2023 makes up 1/1 on a Sunday")
	}
	// Tết 2025: 28/1 (30 Tết) to 1/2 (mùng 4, a Saturday), made up on Monday 3/2.
	c = New(Proposed(2025))
	for _, day := range []time.Time{d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 31), d(2025, 2, 3)} {
		if c.IsWorkingDay(day) {
			t.Errorf("%s should be off", day.Format("02/01/2006"))
		}
	}
	if !c.IsWorkingDay(d(2025, 1, 27)) || !c.IsWorkingDay(d(2025, 2, 4)) {
		t.Error("27/01 and 04/02/2025 are working days in the proposal")
	}
}

func TestWithProposals(t *testing.T) {
	c := WithProposals(Vietnam(), []int{2024, 2025, 2026})
	if !c.Confirmed(2026) || c.Confirmed(2027) {
		t.Fatal("confirmed years")
	}
	// 2026 is confirmed: the stored Tết (14/2–22/2) counts, not the proposal.
	if c.IsWorkingDay(d(2026, 2, 16)) || c.IsWorkingDay(d(2026, 2, 22)) {
		t.Error("the confirmed 2026 Tết is off")
	}
	// 2027 is not: the proposal applies (Tết 6/2/2027, Giỗ Tổ 16/4/2027).
	for _, day := range []time.Time{d(2027, 1, 1), d(2027, 2, 5), d(2027, 2, 8), d(2027, 4, 16)} {
		if c.IsWorkingDay(day) {
			t.Errorf("%s should be off in the proposal", day.Format("02/01/2006"))
		}
	}
	// A stored day in an unconfirmed year counts too.
	c = WithProposals(append(Vietnam(), Day{Date: d(2027, 11, 24), Name: "Ngày Văn hóa Việt Nam"}), []int{2024, 2025, 2026})
	if c.IsWorkingDay(d(2027, 11, 24)) {
		t.Error("a stored day of 2027 is off")
	}
	// A plain New calendar proposes nothing.
	if !New(Vietnam()).IsWorkingDay(d(2027, 4, 16)) {
		t.Error("New does not propose")
	}
	if got := c.AddWorkingDays(d(2027, 2, 1), 5); !got.Equal(d(2027, 2, 15)) {
		t.Errorf("1/2/2027 + 5 = %s; want 15/02/2027 (Tết 5/2–9/2 proposed, 10–11/2 making up 6–7/2)", got.Format("02/01/2006"))
	}
}
