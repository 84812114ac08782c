package web

import (
	"testing"
	"time"

	"tdkt/internal/calendar"
	"tdkt/web/view"
)

// TestOverdueBefore: a dossier counts as overdue exactly when its row is
// highlighted: submitted before the cut-off day.
func TestOverdueBefore(t *testing.T) {
	cal := calendar.New(nil)
	for _, days := range []int{1, 5, 20} {
		for start := range 14 { // every weekday of two weeks as today
			today := time.Date(2026, 11, 2+start, 10, 0, 0, 0, view.Vietnam)
			cut := overdueBefore(cal, today, days)
			for back := range 90 {
				sub := time.Date(today.Year(), today.Month(), today.Day()-back, 15, 0, 0, 0, view.Vietnam)
				overdue := cal.WorkingDaysBetween(today, cal.AddWorkingDays(sub, days)) < 0
				if overdue != sub.Before(cut) {
					t.Fatalf("days %d, today %s, submitted %s: overdue %v but cut-off %s", days, today.Format(time.DateOnly),
						sub.Format(time.DateOnly), overdue, cut.Format(time.DateOnly))
				}
			}
		}
	}
}
