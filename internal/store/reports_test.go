package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"tdkt/internal/award"
	"tdkt/internal/dossier"
	"tdkt/internal/store"
)

// reportCounts reads every non-zero counter (totals as unit -1) and the
// pledge → result loop with its counts as text, in key order.
func reportCounts(t *testing.T, f *dossierFixture) []string {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `SELECT year, measure, unit_id, key, n FROM report_counts WHERE n <> 0
		UNION ALL SELECT year, measure, -1, key, n FROM report_totals WHERE n <> 0
		UNION ALL SELECT year, 'loop', person_id, concat_ws('/', code, pledged, awarded, nomination), 1 FROM report_loop
		UNION ALL SELECT year, 'loop_count', -1, concat_ws('/', code, pledged, awarded, nomination), n FROM report_loop_counts WHERE n <> 0
		ORDER BY 1, 2, 3, 4`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var y int
		var m, k string
		var u, n int64
		if err := rows.Scan(&y, &m, &u, &k, &n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %s %d %q %d", y, m, u, k, n))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReportCounts drives a dossier through the workflow (nominations
// added and removed, a return for supplement, marks, appraisal) and
// records and deletes awards, then checks that the counters kept by the
// triggers equal the counters recomputed from the base tables, and that
// YearReport reads them.
func TestReportCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDossierFixture(t)
	s := f.s
	scA, all := store.Scope{UnitID: f.unitA}, store.Scope{All: true}

	id, err := s.OpenDossier(ctx, f.head, f.round, f.unitA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenDossier(ctx, f.head, f.round, f.unitB); err != nil { // a draft of unit B
		t.Fatal(err)
	}
	add := func(person int64) int64 {
		n, err := s.AddNomination(ctx, f.head, scA, id, store.NewNomination{PersonID: person, AwardCode: award.LDTT, Summary: summary,
			Eligible: true, Verdict: award.Verdict{Outcome: award.Eligible}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	n1, n2, n3 := add(f.peopleA[0]), add(f.peopleA[1]), add(f.peopleA[2])
	nom, err := s.Nomination(ctx, scA, id, n3)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveNomination(ctx, f.head, scA, id, n3, nom.Version); err != nil {
		t.Fatal(err)
	}
	attachAll(t, f, scA, id)
	step := func(a store.Actor, sc store.Scope, ev dossier.Event, who dossier.Actor, reason string) {
		t.Helper()
		if err := fire(f, a, sc, id, ev, who, reason); err != nil {
			t.Fatalf("%s: %v", ev, err)
		}
	}
	step(f.head, scA, dossier.Submit, dossier.UnitHead, "")
	step(f.office, all, dossier.Receive, dossier.Office, "")
	step(f.office, all, dossier.Return, dossier.Office, "Bổ sung biên bản họp xét.")
	step(f.head, scA, dossier.Resubmit, dossier.UnitHead, "")
	step(f.office, all, dossier.Receive, dossier.Office, "")
	for nid, m := range map[int64]dossier.NominationState{n1: dossier.Eligible, n2: dossier.Ineligible} {
		n, err := s.Nomination(ctx, all, id, nid)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.MarkNomination(ctx, f.office, store.Mark{DossierID: id, NominationID: nid, Version: n.Version, Mark: m,
			Reason: "Chưa đủ thời gian công tác.", Verdict: award.Verdict{Outcome: award.Eligible}, RuleSet: "nd152"}); err != nil {
			t.Fatal(err)
		}
	}
	step(f.office, all, dossier.Appraise, dossier.Office, "")

	// Awards: two people (one woman) and the unit; one entry deleted again.
	entry := func(e store.AwardEntry) int64 {
		e.Year, e.Kind, e.Source = 2025, award.Merit, award.FromEntered
		id, err := s.AddAward(ctx, f.office, e)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	entry(store.AwardEntry{PersonID: f.peopleA[0], Code: award.LDTT})
	entry(store.AwardEntry{PersonID: f.personB, Code: award.LDTT})
	gone := entry(store.AwardEntry{PersonID: f.peopleA[1], Code: award.LDTT})
	entry(store.AwardEntry{UnitID: f.unitA, Code: "tap_the_ldtt"})
	if err := s.DeleteAward(ctx, f.office, f.peopleA[1], gone); err != nil {
		t.Fatal(err)
	}

	// Pledges: unit A's people pledge LĐTT (one of them is dropped again),
	// unit B's man pledges CSTĐ cơ sở; the pledge counts once submitted.
	var pledge int64
	if err := f.pool.QueryRow(ctx, `WITH c AS (INSERT INTO campaigns (year, kind, name, launch_on, registration_deadline, status)
			VALUES (2025, 'regular', 'Phong trào thi đua năm 2025', '2025-01-10', '2025-02-10', 'launched') RETURNING id),
		u AS (INSERT INTO campaign_units (campaign_id, unit_id) SELECT id, $1 FROM c RETURNING campaign_id)
		INSERT INTO pledges (campaign_id, unit_id, year) SELECT campaign_id, $1, 2025 FROM u RETURNING id`, f.unitA).Scan(&pledge); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO pledge_people (pledge_id, person_id, target) VALUES ($1, $2, 'ldtt'), ($1, $3, 'ldtt'), ($1, $4, 'cstdcs')`,
			[]any{pledge, f.peopleA[0], f.peopleA[1], f.peopleA[2]}},
		{`UPDATE pledges SET status = 'submitted' WHERE id = $1`, []any{pledge}},
		{`UPDATE pledge_people SET target = 'ldtt' WHERE pledge_id = $1 AND person_id = $2`, []any{pledge, f.peopleA[2]}},
		{`DELETE FROM pledge_people WHERE pledge_id = $1 AND person_id = $2`, []any{pledge, f.peopleA[2]}},
	} {
		if _, err := f.pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}

	kept := reportCounts(t, f)
	if err := s.RebuildReportCounts(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := reportCounts(t, f); !slices.Equal(kept, rebuilt) {
		t.Fatalf("counters kept by the triggers differ from the rebuilt ones:\nkept    %q\nrebuilt %q", kept, rebuilt)
	}

	rep, err := s.YearReport(ctx, []int{2024, 2025}, 20)
	if err != nil {
		t.Fatal(err)
	}
	total := func(measure, key string) int64 {
		for _, c := range rep.Totals {
			if c.Year == 2025 && c.Measure == measure && c.Key == key {
				return c.N
			}
		}
		return 0
	}
	for _, tc := range []struct {
		measure, key string
		want         int64
	}{
		{store.MeasureDossier, "appraised", 1},
		{store.MeasureDossier, "draft", 1},
		{store.MeasureNomination, "eligible", 1},
		{store.MeasureNomination, "ineligible", 1},
		{store.MeasureNomination, "proposed", 0}, // the removed one is gone
		{store.MeasureReturned, "", 1},
		{store.MeasureAward, award.LDTT, 2},
		{store.MeasureAward, "tap_the_ldtt", 1},
		{store.MeasureAwardPerson, award.LDTT, 2},
		{store.MeasureAwardWomen, award.LDTT, 1}, // the fixture's unit A people are women, unit B's man is not
		{store.MeasureAwardLeader, award.LDTT, 0},
	} {
		if got := total(tc.measure, tc.key); got != tc.want {
			t.Errorf("%s %q = %d, want %d", tc.measure, tc.key, got, tc.want)
		}
	}
	// The loop: A0 pledged LĐTT and got it with an eligible nomination; A1
	// pledged it, was marked ineligible and the award entered was deleted.
	loop := map[string]int64{}
	for _, l := range rep.Loop {
		loop[fmt.Sprintf("%s/%v/%s", l.Target, l.Awarded, l.Nomination)] += int64(l.N)
	}
	if want := map[string]int64{"ldtt/true/eligible": 1, "ldtt/false/ineligible": 1}; !maps.Equal(loop, want) {
		t.Errorf("loop = %v, want %v", loop, want)
	}
	var appraisals int64
	for _, c := range rep.Detail {
		if c.Measure == store.MeasureAppraisal && c.Key == "on_time" {
			appraisals += c.N
			if c.UnitID != f.unitA {
				t.Errorf("appraisal counted for unit %d, want %d", c.UnitID, f.unitA)
			}
		}
	}
	if appraisals != 1 {
		t.Errorf("%d appraisals counted, want 1", appraisals)
	}
	list, more, err := s.ReportDossiers(ctx, store.ReportDossierFilter{Year: 2025, State: "appraised"}, 10)
	if err != nil || more || len(list) != 1 || list[0].ID != id || list[0].Nominations != 2 {
		t.Errorf("ReportDossiers = %+v, %v, %v; want the appraised dossier", list, more, err)
	}
	if list, _, err := s.ReportDossiers(ctx, store.ReportDossierFilter{Year: 2025, UnitID: f.unitB}, 10); err != nil || len(list) != 1 || list[0].UnitID != f.unitB {
		t.Errorf("ReportDossiers of unit B = %+v, %v", list, err)
	}
}
