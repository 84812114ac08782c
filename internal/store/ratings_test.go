package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// staffUnit creates a unit with n people recruited in 2015.
func staffUnit(t *testing.T, s *store.Store, name string, n int) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	u, err := s.CreateUnit(ctx, actor, org.Unit{Name: name, Kind: org.Department})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range n {
		id, err := s.CreatePerson(ctx, actor, org.Person{UnitID: u, FullName: name + " người " + string(rune('A'+i)), Gender: org.Female,
			Employment: org.CivilServant, RecruitedOn: day(2015, 1, 1), Active: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return u, ids
}

func TestRatings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	u, ids := staffUnit(t, s, "Phòng Ngân sách", 3)
	other, otherIDs := staffUnit(t, s, "Phòng Đầu tư", 1)

	sh, err := s.RatingSheet(ctx, u, 2025)
	if err != nil || len(sh.Rows) != 3 || sh.Locked {
		t.Fatalf("RatingSheet = %+v, %v; want 3 unrated rows", sh, err)
	}
	entries := []store.RatingEntry{{PersonID: ids[0], Rating: award.HTXS}, {PersonID: ids[1], Rating: award.HTT}, {PersonID: ids[2]}}
	if n, err := s.SaveRatings(ctx, actor, u, 2025, entries); err != nil || n != 2 {
		t.Fatalf("SaveRatings = %d, %v; want 2 saved", n, err)
	}
	// Replaying the same form (versions 0) is a conflict, nothing changes.
	if _, err := s.SaveRatings(ctx, actor, u, 2025, []store.RatingEntry{{PersonID: ids[0], Rating: award.KHT}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale SaveRatings = %v; want ErrConflict", err)
	}
	// Another unit's person: not found, and nothing of the batch is saved.
	_, err = s.SaveRatings(ctx, actor, u, 2025, []store.RatingEntry{{PersonID: ids[2], Rating: award.HTT}, {PersonID: otherIDs[0], Rating: award.HTT}})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SaveRatings(other unit's person) = %v; want ErrNotFound", err)
	}
	sh, _ = s.RatingSheet(ctx, u, 2025)
	got := map[int64]store.RatingRow{}
	for _, r := range sh.Rows {
		got[r.PersonID] = r
	}
	if got[ids[0]].Rating != award.HTXS || got[ids[0]].Version != 1 || got[ids[2]].Rating != "" {
		t.Errorf("sheet after saves = %+v", sh.Rows)
	}
	if err := s.SaveUnitRating(ctx, actor, u, 2025, award.HTXS, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveUnitRatings(ctx, actor, 2025, []store.UnitRatingEntry{{UnitID: other, Rating: award.HTT}, {UnitID: u, Rating: award.HTT}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale SaveUnitRatings = %v; want ErrConflict", err)
	}
	sum, err := s.RatingSummary(ctx, 2025)
	if err != nil || len(sum) != 2 || sum[0].UnitID == other && sum[1].Counts[award.HTXS] != 1 {
		t.Errorf("RatingSummary = %+v, %v", sum, err)
	}
	// Lock: read-only afterwards (R30); a second lock from a stale page conflicts.
	if err := s.LockRatingYear(ctx, actor, 2025, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.LockRatingYear(ctx, actor, 2025, 0); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second lock = %v; want ErrConflict", err)
	}
	var re *store.RuleError
	if _, err := s.SaveRatings(ctx, actor, u, 2025, []store.RatingEntry{{PersonID: ids[2], Rating: award.HTT}}); !errors.As(err, &re) {
		t.Errorf("SaveRatings on a locked year = %v; want RuleError", err)
	}
	if err := s.SaveUnitRating(ctx, actor, u, 2025, award.HTT, 1); !errors.As(err, &re) {
		t.Errorf("SaveUnitRating on a locked year = %v; want RuleError", err)
	}
	locked, _, v, _ := s.RatingYear(ctx, 2025)
	if !locked || v != 1 {
		t.Errorf("RatingYear = %t v%d; want locked v1", locked, v)
	}
	if err := s.UnlockRatingYear(ctx, actor, 2025, 1, ""); !errors.As(err, &re) {
		t.Errorf("unlock without reason = %v; want RuleError", err)
	}
	if err := s.UnlockRatingYear(ctx, actor, 2025, 1, "Sửa sai sót"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveRatings(ctx, actor, u, 2025, []store.RatingEntry{{PersonID: ids[2], Rating: award.HTT}}); err != nil {
		t.Errorf("SaveRatings after unlock = %v", err)
	}
	if _, err := s.RatingSheet(ctx, 999999, 2025); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RatingSheet(missing unit) = %v; want ErrNotFound", err)
	}
}

func TestHistories(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	u, ids := staffUnit(t, s, "Phòng Ngân sách", 4)
	for y := 2023; y <= 2025; y++ {
		var es []store.RatingEntry
		for i, id := range ids {
			r := award.HTT
			if i == 0 {
				r = award.HTXS
			}
			if i == 3 {
				r = award.HTNV
			}
			es = append(es, store.RatingEntry{PersonID: id, Rating: r})
		}
		if _, err := s.SaveRatings(ctx, actor, u, y, es); err != nil {
			t.Fatal(err)
		}
	}
	for _, y := range []int{2023, 2024} {
		if _, err := s.AddAward(ctx, actor, store.AwardEntry{PersonID: ids[0], Year: y, Code: award.CSTDCoSo, Kind: award.Merit, Source: award.FromEntered}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.AddAward(ctx, actor, store.AwardEntry{PersonID: ids[0], Year: 2024, Code: award.CSTDCoSo, Kind: award.Merit, Source: award.FromEntered})
	var dup *store.DuplicateError
	if !errors.As(err, &dup) {
		t.Errorf("second merit record for the same year = %v; want DuplicateError (R14)", err)
	}
	// A bulk import is all or nothing: a duplicate merit record fails it.
	if _, err := s.ImportAwards(ctx, actor, []store.AwardEntry{
		{PersonID: ids[1], Year: 2020, Code: award.LDTT, Kind: award.Merit},
		{PersonID: ids[0], Year: 2023, Code: award.CSTDCoSo, Kind: award.Merit},
	}); !errors.As(err, &dup) {
		t.Errorf("ImportAwards with a duplicate = %v; want DuplicateError", err)
	}
	if n, err := s.ImportAwards(ctx, actor, []store.AwardEntry{{PersonID: ids[1], Year: 2020, Code: award.LDTT, Kind: award.Merit}}); err != nil || n != 1 {
		t.Errorf("ImportAwards = %d, %v", n, err)
	}
	initID, err := s.AddInitiative(ctx, actor, store.InitiativeEntry{PersonID: ids[0], Title: "Phần mềm quyết toán", Scope: award.ScopeProvince, RecognisedOn: day(2025, 3, 1)})
	if err != nil {
		t.Fatal(err)
	}
	caseID, err := s.OpenCase(ctx, actor, store.CaseEntry{PersonID: ids[1], Kind: award.CaseComplaint, OpenedOn: day(2025, 10, 1)})
	if err != nil {
		t.Fatal(err)
	}
	hs, err := s.HistoriesOf(ctx, append(ids, 987654), 2025)
	if err != nil || len(hs) != 4 {
		t.Fatalf("HistoriesOf = %d, %v; want 4", len(hs), err)
	}
	rules := award.RulesFor(day(2025, 12, 15))
	tinh, _ := award.Lookup(award.CSTDTinh)
	if v := award.Evaluate(rules, hs[ids[0]], tinh, 2025); v.Outcome != award.Eligible {
		t.Errorf("CSTĐ tỉnh for the first person = %s: %s", v.Outcome, v.Summary())
	}
	ldtt, _ := award.Lookup(award.LDTT)
	if v := award.Evaluate(rules, hs[ids[1]], ldtt, 2025); v.Outcome != award.OnHold {
		t.Errorf("LĐTT with an open complaint = %s; want on hold", v.Outcome)
	}
	// A case still open holds a review of an earlier year too.
	if h24, _ := s.HistoriesOf(ctx, ids[1:2], 2024); award.Evaluate(award.RulesFor(day(2024, 12, 15)), h24[ids[1]], ldtt, 2024).Outcome != award.OnHold {
		t.Error("LĐTT 2024 with a case opened in 2025 and still open: want on hold")
	}
	// Closing clean resumes; the initiative, once used, no longer counts (R15).
	if err := s.CloseCase(ctx, actor, ids[1], caseID, day(2025, 11, 1), "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCase(ctx, actor, ids[1], caseID, day(2025, 11, 1), "", time.Time{}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("closing twice = %v; want ErrConflict", err)
	}
	if err := s.SetInitiativeUsed(ctx, actor, ids[0], initID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInitiativeUsed(ctx, actor, ids[1], initID, false); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another person's initiative = %v; want ErrNotFound", err)
	}
	if err := s.SetInitiativeUsed(ctx, actor, ids[0], initID, true); !errors.Is(err, store.ErrConflict) {
		t.Errorf("marking twice = %v; want ErrConflict", err)
	}
	hs, _ = s.HistoriesOf(ctx, ids, 2025)
	if v := award.Evaluate(rules, hs[ids[1]], ldtt, 2025); v.Outcome != award.Eligible {
		t.Errorf("LĐTT after the case closed = %s", v.Outcome)
	}
	if v := award.Evaluate(rules, hs[ids[0]], tinh, 2025); v.Outcome != award.NotEligible {
		t.Errorf("CSTĐ tỉnh with a used initiative = %s; want not eligible", v.Outcome)
	}
	// Collective: 3 of 4 LĐTT = 75% (R7), one CSTĐ cơ sở, one HTNV member (R8 fails).
	if err := s.SaveUnitRating(ctx, actor, u, 2025, award.HTXS, 0); err != nil {
		t.Fatal(err)
	}
	cs, err := s.CollectiveHistoriesOf(ctx, rules, []int64{u}, 2025)
	if err != nil {
		t.Fatal(err)
	}
	m := cs[u].Members[2025]
	if m.Total != 4 || m.LDTT != 3 || m.CSTDCS != 1 {
		t.Errorf("member stats = %+v; want 4 members, 3 LĐTT, 1 CSTĐ cơ sở", m)
	}
	ttldtt, _ := award.Lookup(award.TapTheLDTT)
	if v := award.Evaluate(rules, cs[u], ttldtt, 2025); v.Outcome != award.Eligible {
		t.Errorf("TTLĐTT = %s: %s", v.Outcome, v.Summary())
	}
	// The one entry point: people and a collective in one call, unknown
	// subjects absent, the same verdicts as the engine on the loaded
	// histories, and the decree named.
	subjects := []store.Subject{store.PersonSubject(ids[1]), store.PersonSubject(987654), store.UnitSubject(u), store.UnitSubject(987654)}
	vs, err := s.Verdicts(ctx, time.Time{}, 2025, ldtt, subjects)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs.Of) != 2 || vs.Rules.Code != "nd152_2025" {
		t.Fatalf("Verdicts = %d verdicts under %s; want 2 under nd152_2025", len(vs.Of), vs.Rules.Code)
	}
	if v := vs.Of[subjects[0]]; v.Outcome != award.Eligible || !v.Unregistered || !vs.Rules.Settings.RegistrationRequired || v.RuleSetName() != "Nghị định 152/2025/NĐ-CP" {
		t.Errorf("Verdicts LĐTT person = %+v (%s)", v, v.RuleSetName())
	}
	tt, err := s.Verdicts(ctx, time.Time{}, 2025, ttldtt, []store.Subject{store.UnitSubject(u)})
	if v := tt.Of[store.UnitSubject(u)]; err != nil || v.Outcome != award.Eligible {
		t.Errorf("Verdicts TTLĐTT = %+v, %v", v, err)
	}
	// R41: registration is required by default and nobody here has
	// registered; switched off, nobody is flagged.
	if !tt.Of[store.UnitSubject(u)].Unregistered {
		t.Error("Verdicts TTLĐTT: want unregistered")
	}
	if err := s.SaveSetting(ctx, actor, "registration_required", "false", 0); err != nil {
		t.Fatal(err)
	}
	vs, err = s.Verdicts(ctx, day(2025, 3, 1), 2025, ldtt, subjects)
	if err != nil || vs.Of[subjects[0]].Unregistered || vs.Of[subjects[2]].Unregistered || vs.Of[subjects[0]].RuleSetName() != "Nghị định 98/2023/NĐ-CP" {
		t.Errorf("Verdicts without registration on 01/03/2025 = %+v, %v", vs.Of, err)
	}
	ph, err := s.PersonHistory(ctx, ids[0])
	if err != nil || len(ph.Awards) != 2 || len(ph.Initiatives) != 1 {
		t.Errorf("PersonHistory = %+v, %v", ph, err)
	}
	if err := s.DeleteAward(ctx, actor, ids[1], ph.Awards[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting another person's award = %v; want ErrNotFound", err)
	}
	if err := s.DeleteAward(ctx, actor, ids[0], ph.Awards[0].ID); err != nil {
		t.Error(err)
	}
}
