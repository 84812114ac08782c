package store_test

import (
	"context"
	"errors"
	"testing"

	"tdkt/internal/award"
	"tdkt/internal/calendar"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// From 2026 a rating is entered as points (NĐ 335/2025, R43): the level
// follows from them, a listed case is KHT, points are refused before 2026.
func TestScoredRatings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	u, ids := staffUnit(t, s, "Phòng Chấm điểm", 3)

	var rule *store.RuleError
	if _, err := s.SaveRatings(ctx, actor, u, 2026, []store.RatingEntry{{PersonID: ids[0], Rating: award.HTT}}); !errors.As(err, &rule) {
		t.Fatalf("2026 level without points = %v; want a rule error", err)
	}
	if _, err := s.SaveRatings(ctx, actor, u, 2025, []store.RatingEntry{{PersonID: ids[0], Score: &award.Score{General: 20, Tasks: 60}}}); !errors.As(err, &rule) {
		t.Fatalf("2025 with points = %v; want a rule error", err)
	}
	if _, err := s.SaveRatings(ctx, actor, u, 2026, []store.RatingEntry{{PersonID: ids[0], Score: &award.Score{General: 31, Tasks: 60}}}); !errors.As(err, &rule) ||
		rule.Message != "Điểm tiêu chí chung phải từ 0 đến 30." {
		t.Fatalf("31 general points = %v", err)
	}
	entries := []store.RatingEntry{
		{PersonID: ids[0], Score: &award.Score{General: 28.5, Tasks: 62}},                          // 90,5: HTXS
		{PersonID: ids[1], Score: &award.Score{General: 25, Tasks: 55.25}},                         // 80,25: HTT
		{PersonID: ids[2], Score: &award.Score{General: 29, Tasks: 65, Case: award.KHTDiscipline}}, // KHT
	}
	if n, err := s.SaveRatings(ctx, actor, u, 2026, entries); err != nil || n != 3 {
		t.Fatalf("SaveRatings = %d, %v", n, err)
	}
	sh, err := s.RatingSheet(ctx, u, 2026)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]award.Rating{ids[0]: award.HTXS, ids[1]: award.HTT, ids[2]: award.KHT}
	for _, row := range sh.Rows {
		if row.Rating != want[row.PersonID] || row.Score == nil || row.Version != 1 {
			t.Errorf("%s: %s %+v v%d; want %s with its score", row.FullName, row.Rating, row.Score, row.Version, want[row.PersonID])
		}
		if row.PersonID == ids[1] && (row.Score.General != 25 || row.Score.Tasks != 55.25) {
			t.Errorf("points read back %+v", row.Score)
		}
		if row.PersonID == ids[2] && row.Score.Case != award.KHTDiscipline {
			t.Errorf("case read back %+v", row.Score)
		}
	}
	// Saving the same points again changes nothing; new points move the level.
	if n, err := s.SaveRatings(ctx, actor, u, 2026, []store.RatingEntry{{PersonID: ids[1], Version: 1, Score: &award.Score{General: 25, Tasks: 55.25}}}); err != nil || n != 0 {
		t.Errorf("same points = %d, %v", n, err)
	}
	if n, err := s.SaveRatings(ctx, actor, u, 2026, []store.RatingEntry{{PersonID: ids[1], Version: 1, Score: &award.Score{General: 20, Tasks: 40}}}); err != nil || n != 1 {
		t.Errorf("new points = %d, %v", n, err)
	}
	sum, err := s.RatingSummary(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range sum {
		if line.UnitID == u && (line.Counts[award.HTXS] != 1 || line.Counts[award.HTNV] != 1 || line.Counts[award.KHT] != 1) {
			t.Errorf("summary %+v", line.Counts)
		}
	}
}

// A year not confirmed counts deadlines on the proposal; confirming stores
// the proposal's days without overwriting the office's own.
func TestHolidayYears(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	c, err := s.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Confirmed(2026) || c.Confirmed(2027) {
		t.Fatal("the seeded 2024–2026 are confirmed, 2027 is not")
	}
	if c.IsWorkingDay(calendar.Tet(2027)) {
		t.Error("Tết 2027 is proposed as a day off")
	}
	mine := calendar.Day{Date: calendar.Tet(2027).AddDate(0, 0, -1), Name: "Tết Nguyên đán (đã công bố)"}
	if err := s.SaveHoliday(ctx, actor, mine); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := s.HolidayYearConfirmed(ctx, 2027); err != nil || ok {
		t.Fatalf("confirmed 2027 = %v, %v", ok, err)
	}
	for range 2 {
		if err := s.ConfirmHolidayYear(ctx, actor, 2027); err != nil {
			t.Fatal(err)
		}
	}
	if ok, _, err := s.HolidayYearConfirmed(ctx, 2027); err != nil || !ok {
		t.Fatalf("confirmed 2027 = %v, %v", ok, err)
	}
	days, err := s.Holidays(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range days {
		if d.Date.Year() == 2027 {
			n++
			if d.Date.Equal(mine.Date) && d.Name != mine.Name {
				t.Errorf("the office's own day was overwritten: %+v", d)
			}
		}
	}
	if n != len(calendar.Proposed(2027)) {
		t.Errorf("2027 has %d stored days; want the %d proposed", n, len(calendar.Proposed(2027)))
	}
	c, err = s.Calendar(ctx)
	if err != nil || !c.Confirmed(2027) {
		t.Fatalf("2027 confirmed in the calendar: %v", err)
	}
}
