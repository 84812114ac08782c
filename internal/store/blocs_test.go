package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tdkt/internal/bloc"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// blocFixture makes a bloc-year with three external members and a small
// criteria tree: section I with two items, a bonus and a deduction.
func blocFixture(t *testing.T, s *store.Store) (blocID, yearID int64, units []int64) {
	t.Helper()
	ctx := context.Background()
	for _, n := range []string{"Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh"} {
		id, err := s.CreateUnit(ctx, actor, org.Unit{Name: n, Kind: org.External})
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, id)
	}
	blocID, err := s.CreateBloc(ctx, actor, bloc.Bloc{Name: "Khối Tham mưu - Tổng hợp", Kind: bloc.Khoi})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateBloc(ctx, actor, bloc.Bloc{Name: "khối tham mưu - tổng hợp", Kind: bloc.Khoi}); !isDuplicate(err, "name") {
		t.Errorf("duplicate bloc name: %v", err)
	}
	if yearID, err = s.CreateBlocYear(ctx, actor, blocID, 2025); err != nil {
		t.Fatal(err)
	}
	v := 1
	for _, u := range units {
		if err := s.AddBlocMember(ctx, actor, yearID, v, u, ""); err != nil {
			t.Fatal(err)
		}
		v++
	}
	if err := s.AddBlocMember(ctx, actor, yearID, v, units[0], ""); !isDuplicate(err, "unit_id") {
		t.Errorf("duplicate member: %v; want DuplicateError{unit_id}", err)
	}
	for _, c := range []bloc.Criterion{
		{Kind: bloc.Section, Code: "I", Title: "Thực hiện nhiệm vụ"},
		{Kind: bloc.Bonus, Code: "II", Title: "Điểm thưởng", Max: 500, Weight: 100},
		{Kind: bloc.Deduction, Code: "III", Title: "Điểm trừ", Max: 500, Weight: 100},
	} {
		if err := s.AddBlocCriterion(ctx, actor, yearID, v, c); err != nil {
			t.Fatal(err)
		}
		v++
	}
	view, err := s.BlocYear(ctx, blocID, 2025, store.BlocScope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	section := view.Year.Criteria[0].ID
	for _, c := range []bloc.Criterion{
		{ParentID: section, Kind: bloc.Item, Code: "1", Title: "Tham mưu", Max: 1000, Weight: 100},
		{ParentID: section, Kind: bloc.Item, Code: "2", Title: "Tổng hợp", Max: 1000, Weight: 200},
	} {
		if err := s.AddBlocCriterion(ctx, actor, yearID, v, c); err != nil {
			t.Fatal(err)
		}
		v++
	}
	return blocID, yearID, units
}

func TestBlocScoringJourney(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	blocID, yearID, units := blocFixture(t, s)
	all := store.BlocScope{All: true}
	v, err := s.BlocYear(ctx, blocID, 2025, all)
	if err != nil {
		t.Fatal(err)
	}
	// The tree keeps reading order: section, its two items, bonus, deduction.
	var codes string
	for _, c := range v.Year.Criteria {
		codes += c.Code + " "
	}
	if codes != "I 1 2 II III " {
		t.Errorf("criteria order = %q", codes)
	}
	if _, err := s.BlocYear(ctx, blocID, 2025, store.BlocScope{UnitID: 999}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("non-member reads the bloc: %v; want ErrNotFound", err)
	}
	m := map[int64]int64{} // unit → member
	for _, x := range v.Year.Members {
		m[x.UnitID] = x.ID
	}
	ver := v.Year.Version
	var re *store.RuleError
	if err := s.SetBlocLeadership(ctx, actor, yearID, ver, m[units[0]], nil); !errors.As(err, &re) {
		t.Errorf("no deputy: %v; want RuleError", err)
	}
	if err := s.SetBlocPhase(ctx, actor, yearID, ver, bloc.Scoring); !errors.As(err, &re) {
		t.Errorf("open scoring without head: %v; want RuleError", err)
	}
	if err := s.SetBlocLeadership(ctx, actor, yearID, ver, m[units[0]], []int64{m[units[1]]}); err != nil {
		t.Fatal(err)
	}
	ver++
	if err := s.SaveCovenant(ctx, actor, yearID, ver, "1. Hoàn thành nhiệm vụ\n2. Đoàn kết", 1, 1); err != nil {
		t.Fatal(err)
	}
	ver++
	for _, u := range units[:2] { // the third unit does not sign (R41)
		if err := s.SignCovenant(ctx, actor, yearID, m[u], time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SignCovenant(ctx, actor, yearID, m[units[0]], time.Now()); !errors.Is(err, store.ErrConflict) {
		t.Errorf("sign twice: %v; want ErrConflict", err)
	}
	if err := s.SetBlocPhase(ctx, actor, yearID, ver, bloc.Scoring); err != nil {
		t.Fatal(err)
	}
	ver++
	if err := s.AddBlocCriterion(ctx, actor, yearID, ver, bloc.Criterion{Kind: bloc.Item, Title: "x", Max: 100, Weight: 100}); !errors.As(err, &re) {
		t.Errorf("criteria edit while scoring: %v; want RuleError", err)
	}
	v, _ = s.BlocYear(ctx, blocID, 2025, all)
	item1, item2 := v.Year.Criteria[1], v.Year.Criteria[2]
	if err := s.SelfScore(ctx, actor, yearID, m[units[0]], item1.ID, 0, 1100, ""); !errors.As(err, &re) {
		t.Errorf("score above max: %v; want RuleError", err)
	}
	if err := s.SelfScore(ctx, actor, yearID, m[units[2]], item1.ID, 0, 800, ""); !errors.As(err, &re) {
		t.Errorf("unsigned member scores: %v; want RuleError", err)
	}
	if err := s.SelfScore(ctx, actor, yearID, m[units[0]], v.Year.Criteria[0].ID, 0, 800, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("score a section: %v; want ErrNotFound", err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.SelfScore(ctx, actor, yearID, m[units[0]], item1.ID, 0, 900, "Đạt"))
	must(s.SelfScore(ctx, actor, yearID, m[units[0]], item1.ID, 1, 950, "Đạt, có minh chứng"))
	if err := s.SelfScore(ctx, actor, yearID, m[units[0]], item1.ID, 1, 1000, ""); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale self-score: %v; want ErrConflict", err)
	}
	must(s.SelfScore(ctx, actor, yearID, m[units[0]], item2.ID, 0, 1000, ""))
	must(s.SelfScore(ctx, actor, yearID, m[units[1]], item1.ID, 0, 1000, ""))
	must(s.SelfScore(ctx, actor, yearID, m[units[1]], item2.ID, 0, 900, ""))
	v, _ = s.BlocYear(ctx, blocID, 2025, all)
	a1 := v.Scores[m[units[0]]][item1.ID]
	if a1.Self != 950 || a1.Version != 2 || a1.Status != bloc.ScoreSelf {
		t.Errorf("score = %+v", a1)
	}
	if err := s.VerifyScore(ctx, actor, yearID, a1.ID, a1.Version, 800, ""); !errors.As(err, &re) {
		t.Errorf("adjust without reason: %v; want RuleError", err)
	}
	must(s.VerifyScore(ctx, actor, yearID, a1.ID, a1.Version, 800, "Thiếu minh chứng quý IV"))
	if err := s.SelfScore(ctx, actor, yearID, m[units[0]], item1.ID, 3, 1000, ""); !errors.As(err, &re) {
		t.Errorf("member edits a verified score: %v; want RuleError", err)
	}
	if err := s.SetBlocPhase(ctx, actor, yearID, ver, bloc.Closed); !errors.As(err, &re) {
		t.Errorf("close with pending scores: %v; want RuleError", err)
	}
	must(s.DisputeScore(ctx, actor, yearID, a1.ID, 3, "Đã nộp minh chứng bổ sung"))
	if err := s.DisputeScore(ctx, actor, yearID, a1.ID, 4, "lần hai"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second dispute: %v; want ErrConflict", err)
	}
	must(s.ResolveDispute(ctx, actor, yearID, a1.ID, 4, 900, "Chấp nhận một phần"))
	v, _ = s.BlocYear(ctx, blocID, 2025, all)
	for _, mid := range []int64{m[units[0]], m[units[1]]} {
		for _, c := range []bloc.Criterion{item1, item2} {
			sc := v.Scores[mid][c.ID]
			if sc.Status == bloc.ScoreSelf {
				must(s.VerifyScore(ctx, actor, yearID, sc.ID, sc.Version, sc.Self, ""))
			}
		}
	}
	must(s.SetBlocPhase(ctx, actor, yearID, ver, bloc.Closed))
	ver++
	v, _ = s.BlocYear(ctx, blocID, 2025, all)
	ranking := bloc.Rank(v.Year.Members, v.Year.Criteria, v.Scores)
	// A: 9 + 2×10 = 29; B: 10 + 2×9 = 28. The unsigned third unit is not ranked.
	if len(ranking) != 2 || ranking[0].MemberID != m[units[0]] || ranking[0].Total != 2900 || ranking[1].Total != 2800 {
		t.Errorf("ranking = %+v", ranking)
	}
	if err := s.SaveProposals(ctx, actor, yearID, ver, []bloc.Proposal{{MemberID: m[units[1]], Award: bloc.AwardFlag}}); !errors.As(err, &re) {
		t.Errorf("flag to the second: %v; want RuleError", err)
	}
	must(s.SaveProposals(ctx, actor, yearID, ver, []bloc.Proposal{{MemberID: m[units[0]], Award: bloc.AwardFlag}, {MemberID: m[units[1]], Award: bloc.AwardMerit}}))
	if err := s.SaveVotes(ctx, actor, yearID, m[units[2]], []int64{m[units[0]]}); !errors.As(err, &re) {
		t.Errorf("unsigned voter: %v; want RuleError", err)
	}
	must(s.SaveVotes(ctx, actor, yearID, m[units[1]], []int64{m[units[0]]}))
	must(s.SaveVotes(ctx, actor, yearID, m[units[0]], []int64{m[units[1]]}))
	v, _ = s.BlocYear(ctx, blocID, 2025, all)
	if len(v.Proposals) != 2 || len(v.Votes) != 2 || bloc.Tally(v.Votes)[m[units[0]]] != 1 {
		t.Errorf("proposals %+v votes %+v", v.Proposals, v.Votes)
	}
	// The next year copies members and criteria, and the head must rotate (R40).
	y2, err := s.CreateBlocYear(ctx, actor, blocID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := s.BlocYear(ctx, blocID, 2026, store.BlocScope{UnitID: units[2]})
	if err != nil || len(v2.Year.Members) != 3 || len(v2.Year.Criteria) != 5 || v2.Year.PrevHeadUnit != units[0] {
		t.Fatalf("2026 = %+v, %v", v2.Year, err)
	}
	m2 := map[int64]int64{}
	for _, x := range v2.Year.Members {
		m2[x.UnitID] = x.ID
	}
	if err := s.SetBlocLeadership(ctx, actor, y2, v2.Year.Version, m2[units[0]], []int64{m2[units[1]]}); !errors.As(err, &re) {
		t.Errorf("same head two years: %v; want RuleError", err)
	}
	must(s.SetBlocLeadership(ctx, actor, y2, v2.Year.Version, m2[units[1]], []int64{m2[units[0]]}))
	list, err := s.ListBlocs(ctx, store.BlocScope{UnitID: units[2]})
	if err != nil || len(list) != 1 || len(list[0].Years) != 2 || list[0].Years[0] != 2026 {
		t.Errorf("ListBlocs = %+v, %v", list, err)
	}
	if list, _ := s.ListBlocs(ctx, store.BlocScope{UnitID: 999}); len(list) != 0 {
		t.Errorf("ListBlocs(outsider) = %+v; want none", list)
	}
}
