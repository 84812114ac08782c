package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

func TestBaseSalaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	actor := store.Actor{}
	list, err := s.BaseSalaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := award.DefaultBaseSalaries().Sorted()
	if len(list) != len(want) {
		t.Fatalf("seeded %d rows; want %d", len(list), len(want))
	}
	for i := range want {
		if !list[i].From.Equal(want[i].From) || list[i].Amount != want[i].Amount || list[i].Version != 1 {
			t.Errorf("row %d = %+v; want %+v", i, list[i], want[i])
		}
	}
	if st, err := s.Settings(ctx); err != nil || st.BaseSalary != 2_340_000 {
		t.Errorf("Settings().BaseSalary = %d, %v", st.BaseSalary, err)
	}
	july := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	// Adding a date that exists is a conflict; a change needs the version.
	if err := s.SaveBaseSalary(ctx, actor, award.BaseSalary{From: july, Amount: 2_000_000}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("adding an existing date = %v; want ErrConflict", err)
	}
	if err := s.SaveBaseSalary(ctx, actor, award.BaseSalary{From: july, Amount: 2_340_001, Version: 1, Source: "NĐ 73/2024/NĐ-CP"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveBaseSalary(ctx, actor, award.BaseSalary{From: july, Amount: 2_340_000, Version: 1}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale change = %v; want ErrConflict", err)
	}
	var re *store.RuleError
	if err := s.SaveBaseSalary(ctx, actor, award.BaseSalary{From: july, Amount: 5}); !errors.As(err, &re) {
		t.Errorf("bad amount = %v; want RuleError", err)
	}
	future := time.Date(2100, 7, 1, 0, 0, 0, 0, time.UTC)
	if err := s.SaveBaseSalary(ctx, actor, award.BaseSalary{From: future, Amount: 9_000_000}); err != nil {
		t.Fatal(err)
	}
	// A future amount is not today's.
	if st, _ := s.Settings(ctx); st.BaseSalary != 2_340_001 {
		t.Errorf("Settings().BaseSalary = %d; want today's 2340001", st.BaseSalary)
	}
	list, _ = s.BaseSalaries(ctx)
	if got, ok := list.On(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)); !ok || got.Amount != 1_800_000 {
		t.Errorf("On(30/06/2024) = %+v", got)
	}
	if got, _ := list.On(july); got.Amount != 2_340_001 || got.Version != 2 {
		t.Errorf("On(01/07/2024) = %+v", got)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE object_type = 'base_salary'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("audit events = %d, %v; want 2", n, err)
	}
}
