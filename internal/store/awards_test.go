package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// The migration's seed rows are the catalogue in Go.
func TestAwardTypesMatchCatalogue(t *testing.T) {
	t.Parallel()
	s := pgtest.NewStore(t)
	got, err := s.AwardTypes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := award.Catalogue()
	if len(got) != len(want) {
		t.Fatalf("AwardTypes = %d rows; want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("award_types row %d = %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	st, err := s.Settings(ctx)
	if err != nil || st != award.DefaultSettings() {
		t.Fatalf("Settings() = %+v, %v; want defaults", st, err)
	}
	if err := s.SaveSetting(ctx, actor, "appraisal_days", "25", 0); err != nil {
		t.Fatal(err)
	}
	// A second writer that also read the default loses.
	if err := s.SaveSetting(ctx, actor, "appraisal_days", "30", 0); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale save = %v; want ErrConflict", err)
	}
	var re *store.RuleError
	if err := s.SaveSetting(ctx, actor, "appraisal_days", "abc", 1); !errors.As(err, &re) {
		t.Errorf("bad value = %v; want RuleError", err)
	}
	if err := s.SaveSetting(ctx, actor, "nope", "1", 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown key = %v; want ErrNotFound", err)
	}
	// The lương cơ sở is a table now, not a setting.
	if err := s.SaveSetting(ctx, actor, "base_salary", "2.530.000", 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("base_salary setting = %v; want ErrNotFound", err)
	}
	if err := s.SaveBaseSalary(ctx, actor, award.BaseSalary{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Amount: 2_530_000}); err != nil {
		t.Fatal(err)
	}
	st, _ = s.Settings(ctx)
	if st.AppraisalDays != 25 || st.BaseSalary != 2530000 {
		t.Errorf("Settings() = %+v; want appraisal 25, base 2530000", st)
	}
	if st, cal, err := s.SettingsAndCalendar(ctx); err != nil || st.AppraisalTerm() != 25 || st.ReturnTerm() != 5 || cal == nil {
		t.Errorf("SettingsAndCalendar = %+v, %v", st, err)
	}
	ldtt, _ := award.Lookup(award.LDTT)
	vs, _ := s.Verdicts(ctx, time.Time{}, 2025, ldtt, nil)
	if rs := vs.Rules; rs.Code != "nd152_2025" || rs.Settings.AppraisalDays != 25 {
		t.Errorf("Verdicts(2025).Rules = %s %+v", rs.Code, rs.Settings)
	}
	// R32: the consideration date, not the year, picks the decree.
	vs, _ = s.Verdicts(ctx, time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), 2025, ldtt, nil)
	if rs := vs.Rules; rs.Code != "nd98_2023" || rs.Settings.AppraisalDays != 25 {
		t.Errorf("Verdicts(30/06/2025).Rules = %s %+v", rs.Code, rs.Settings)
	}
}
