package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// BenchmarkEligibility20k is the "Ai đủ điều kiện?" computation for a whole
// province-size Sở: 20,000 people with ten years (2016–2025) of ratings and
// titles, loaded in one batched round trip and evaluated for CSTĐ cơ sở.
// Goal (issue 4): under 1 s per op.
func BenchmarkEligibility20k(b *testing.B) {
	ctx := context.Background()
	pool := pgtest.NewPool(b)
	s := store.New(pool)
	const n = 20000
	var unit int64
	if err := pool.QueryRow(ctx, `INSERT INTO units (name, kind) VALUES ('Sở (bench)', 'department') RETURNING id`).Scan(&unit); err != nil {
		b.Fatal(err)
	}
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{unit, fmt.Sprintf("Người %05d", i), []string{"male", "female"}[i%2], "civil_servant", time.Date(2000+i%20, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"people"}, []string{"unit_id", "full_name", "gender", "employment", "recruited_on"}, pgx.CopyFromRows(rows)); err != nil {
		b.Fatal(err)
	}
	ids, err := s.Candidates(ctx, unit)
	if err != nil || len(ids) != n {
		b.Fatalf("candidates = %d, %v", len(ids), err)
	}
	personIDs := make([]int64, n)
	ratings := []string{"htxs", "htt", "htt", "htxs", "htnv", "htt", "htxs"}
	var rr, aw [][]any
	for i, c := range ids {
		personIDs[i] = c.ID
		for y := 2016; y <= 2025; y++ {
			r := ratings[(i+y)%len(ratings)]
			rr = append(rr, []any{c.ID, y, r, unit})
			if y < 2025 && r != "htnv" {
				aw = append(aw, []any{c.ID, y, "ldtt", "merit", "imported"})
			}
			if y < 2025 && r == "htxs" {
				aw = append(aw, []any{c.ID, y, "cstd_co_so", "merit", "imported"})
			}
		}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"ratings"}, []string{"person_id", "year", "rating", "unit_id"}, pgx.CopyFromRows(rr)); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"award_history"}, []string{"person_id", "year", "award_code", "kind", "source"}, pgx.CopyFromRows(aw)); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	st, err := s.Settings(ctx)
	if err != nil {
		b.Fatal(err)
	}
	rules := award.RulesFor(award.ConsiderationDate(2025)).WithSettings(st)
	t, _ := award.Lookup(award.CSTDCoSo)
	b.ReportMetric(float64(len(rr)), "ratings")
	if testing.Verbose() {
		for _, q := range []string{
			`SELECT id, full_name, gender = 'female', recruited_on FROM people WHERE id = ANY($1)`,
			`SELECT person_id, year, rating FROM ratings WHERE person_id = ANY($1) AND year <= 2025`,
			`SELECT person_id, id, year, award_code, kind, decision_no, decision_date, source FROM award_history WHERE person_id = ANY($1) AND year <= 2025`,
			`SELECT person_id, id, title FROM initiatives WHERE person_id = ANY($1)`,
		} {
			t0 := time.Now()
			rows, _ := pool.Query(ctx, q, personIDs)
			n := 0
			for rows.Next() {
				n++
			}
			rows.Close()
			b.Logf("%v %d rows: %.60s", time.Since(t0), n, q)
		}
	}
	var load, eval time.Duration
	ops := 0
	for b.Loop() {
		ops++
		t0 := time.Now()
		hs, err := s.HistoriesOf(ctx, personIDs, 2025)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		load += t1.Sub(t0)
		eligible := 0
		for _, id := range personIDs {
			if award.Evaluate(rules, hs[id], t, 2025).Outcome == award.Eligible {
				eligible++
			}
		}
		if eligible == 0 {
			b.Fatal("nobody eligible")
		}
		eval += time.Since(t1)
	}
	b.ReportMetric(float64(load.Milliseconds())/float64(ops), "load-ms/op")
	b.ReportMetric(float64(eval.Milliseconds())/float64(ops), "eval-ms/op")
}
