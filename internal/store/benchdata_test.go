package store_test

import (
	"context"
	"testing"

	"golang.org/x/text/unicode/norm"

	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// TestLoadBenchData loads a small dataset of the benchmark's shape: the
// audit chain stays valid, the summary's counters match the rows, names
// are NFC, and the load is deterministic.
func TestLoadBenchData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	if _, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Văn phòng Sở", Kind: org.Department}); err != nil { // an event before the load
		t.Fatal(err)
	}
	size := store.BenchSize{Units: 6, People: 60, Years: 3, LastYear: 2025, Dossiers: 6 * 3 * 4, Events: 500}
	if err := s.LoadBenchData(ctx, size, t.Logf); err != nil {
		t.Fatal(err)
	}
	checked, bad, err := s.VerifyEvents(ctx)
	if err != nil || bad != 0 || checked < size.Events {
		t.Fatalf("VerifyEvents = %d checked, first bad %d, %v; want an intact chain", checked, bad, err)
	}
	var dossiers, nominations, people int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM nominations),
		(SELECT count(*) FROM people)`).Scan(&dossiers, &nominations, &people); err != nil {
		t.Fatal(err)
	}
	if dossiers != size.Dossiers || nominations != size.Dossiers || people != size.People {
		t.Errorf("%d dossiers, %d nominations, %d people; want %d, %d, %d", dossiers, nominations, people, size.Dossiers, size.Dossiers, size.People)
	}
	for i := range 500 {
		if n := store.BenchName(i); !norm.NFC.IsNormalString(n) {
			t.Fatalf("name %q is not NFC", n)
		}
	}
	// The counters the load rebuilt are those the triggers keep: a dossier
	// moved by SQL is counted, and a rebuild changes nothing.
	if _, err := pool.Exec(ctx, `UPDATE dossiers SET state = 'withdrawn' WHERE id = (SELECT min(id) FROM dossiers WHERE state = 'draft')`); err != nil {
		t.Fatal(err)
	}
	f := &dossierFixture{s: s, pool: pool}
	kept := reportCounts(t, f)
	if err := s.RebuildReportCounts(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := reportCounts(t, f); len(kept) == 0 || len(kept) != len(rebuilt) {
		t.Fatalf("counters: %d kept, %d rebuilt", len(kept), len(rebuilt))
	} else {
		for i := range kept {
			if kept[i] != rebuilt[i] {
				t.Errorf("counter %s kept, %s rebuilt", kept[i], rebuilt[i])
			}
		}
	}
	rep, err := s.YearReport(ctx, []int{2023, 2024, 2025}, 20)
	if err != nil || len(rep.Campaigns) != 3 || len(rep.Loop) == 0 {
		t.Errorf("YearReport: %d campaigns, %d loop rows, %v", len(rep.Campaigns), len(rep.Loop), err)
	}
}
