package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"tdkt/internal/campaign"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// campaignFixture makes two departments with staff and a draft campaign.
func campaignFixture(t *testing.T, s *store.Store, deadline time.Time) (c campaign.Campaign, unitA, unitB int64, staffA []int64) {
	t.Helper()
	ctx := context.Background()
	var err error
	if unitA, err = s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Ngân sách", Kind: org.Department}); err != nil {
		t.Fatal(err)
	}
	if unitB, err = s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Đầu tư", Kind: org.Department}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Nguyễn Văn An", "Trần Thị Bình"} {
		id, err := s.CreatePerson(ctx, actor, org.Person{UnitID: unitA, FullName: n, Gender: org.Female, Employment: org.CivilServant})
		if err != nil {
			t.Fatal(err)
		}
		staffA = append(staffA, id)
	}
	c = campaign.Campaign{Year: 2025, Kind: campaign.Regular, Name: "Thi đua 2025", Theme: "Đổi mới, sáng tạo",
		LaunchOn: day(2025, 1, 10), RegistrationDeadline: deadline,
		Criteria: []campaign.Criterion{{Title: "Hoàn thành dự toán", Target: "100%"}, {Title: "Cải cách hành chính"}},
		UnitIDs:  []int64{unitA, unitB}}
	if c.ID, err = s.CreateCampaign(ctx, actor, c); err != nil {
		t.Fatal(err)
	}
	c, err = s.Campaign(ctx, c.ID, store.CampaignScope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	return c, unitA, unitB, staffA
}

func TestCampaignLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	c, unitA, unitB, _ := campaignFixture(t, s, day(2099, 12, 31))
	if len(c.Criteria) != 2 || len(c.UnitIDs) != 2 || c.Status != campaign.Draft {
		t.Fatalf("campaign = %+v", c)
	}
	// A draft is invisible to the units.
	if _, err := s.Campaign(ctx, c.ID, store.CampaignScope{UnitID: unitA}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unit reads draft: %v; want ErrNotFound", err)
	}
	// Edit with a stale version.
	c.Name = "Thi đua yêu nước 2025"
	c.Version = 99
	if err := s.UpdateCampaign(ctx, actor, c); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale update: %v; want ErrConflict", err)
	}
	c.Version = 1
	c.UnitIDs = []int64{unitA}
	if err := s.UpdateCampaign(ctx, actor, c); err != nil {
		t.Fatal(err)
	}
	if err := s.CampaignTransition(ctx, actor, c.ID, 2, campaign.Close, ""); !errors.Is(err, store.ErrConflict) {
		t.Errorf("close a draft: %v; want ErrConflict", err)
	}
	if err := s.CampaignTransition(ctx, actor, c.ID, 2, campaign.Launch, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign(ctx, c.ID, store.CampaignScope{UnitID: unitB}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("non-participating unit: %v; want ErrNotFound", err)
	}
	got, err := s.Campaign(ctx, c.ID, store.CampaignScope{UnitID: unitA})
	if err != nil || got.Status != campaign.Launched || got.Name != "Thi đua yêu nước 2025" {
		t.Errorf("after launch = %+v, %v", got, err)
	}
	if err := s.CampaignTransition(ctx, actor, c.ID, 3, campaign.Close, ""); err != nil {
		t.Fatal(err)
	}
	var re *store.RuleError
	if err := s.CampaignTransition(ctx, actor, c.ID, 4, campaign.Reopen, ""); !errors.As(err, &re) {
		t.Errorf("reopen without reason: %v; want RuleError", err)
	}
	if err := s.CampaignTransition(ctx, actor, c.ID, 4, campaign.Reopen, "Gia hạn đăng ký"); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListCampaigns(ctx, store.CampaignScope{UnitID: unitA})
	if err != nil || len(list) != 1 || list[0].Units != 1 {
		t.Errorf("ListCampaigns(unit) = %+v, %v", list, err)
	}
	events, err := s.CampaignEvents(ctx, c.ID)
	if err != nil || len(events) != 5 || events[0].Action != "campaign.reopen" || events[0].Reason != "Gia hạn đăng ký" {
		t.Errorf("events = %+v, %v; want 5, newest reopen", events, err)
	}
}

func TestCampaignLaunchNeedsCriteriaAndUnits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	c := campaign.Campaign{Year: 2025, Kind: campaign.Thematic, Name: "Chuyển đổi số", LaunchOn: day(2025, 3, 1), RegistrationDeadline: day(2025, 3, 31)}
	id, err := s.CreateCampaign(ctx, actor, c)
	if err != nil {
		t.Fatal(err)
	}
	var re *store.RuleError
	if err := s.CampaignTransition(ctx, actor, id, 1, campaign.Launch, ""); !errors.As(err, &re) {
		t.Errorf("launch empty: %v; want RuleError", err)
	}
	// The database refuses a deadline before the launch even if the domain check was skipped.
	c.RegistrationDeadline = day(2025, 2, 1)
	if _, err := s.CreateCampaign(ctx, actor, c); err == nil {
		t.Error("deadline before launch saved")
	}
	// A missing unit is refused.
	c.RegistrationDeadline = day(2025, 3, 31)
	c.UnitIDs = []int64{987654}
	if _, err := s.CreateCampaign(ctx, actor, c); !errors.As(err, &re) {
		t.Errorf("unknown unit: %v; want RuleError", err)
	}
}

func TestPledgeWorkflow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	c, unitA, unitB, staff := campaignFixture(t, s, day(2099, 12, 31))
	p := campaign.Pledge{CampaignID: c.ID, UnitID: unitA, CollectiveTarget: campaign.TTLDXS,
		Commitments: map[int64]string{c.Criteria[0].ID: "Giải ngân 100%"},
		People:      []campaign.PersonTarget{{PersonID: staff[0], Target: campaign.CSTDCS}}}
	var re *store.RuleError
	if err := s.SavePledge(ctx, actor, p); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("pledge for a draft campaign: %v; want ErrNotFound (drafts are not shown to units)", err)
	}
	if err := s.CampaignTransition(ctx, actor, c.ID, 1, campaign.Launch, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePledge(ctx, actor, p); err != nil {
		t.Fatal(err)
	}
	// A second "first save" (another tab) conflicts instead of duplicating.
	if err := s.SavePledge(ctx, actor, p); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second create: %v; want ErrConflict", err)
	}
	// Another unit's person cannot be pledged.
	bad := p
	bad.UnitID = unitB
	if err := s.SavePledge(ctx, actor, bad); !errors.As(err, &re) {
		t.Errorf("unit B pledges unit A's person: %v; want RuleError", err)
	}
	// Submitting without every commitment is refused.
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 1, campaign.PledgeSubmit, campaign.ByUnit, "", time.Now()); !errors.As(err, &re) {
		t.Errorf("submit incomplete: %v; want RuleError", err)
	}
	p.Version = 1
	p.Commitments[c.Criteria[1].ID] = "Số hóa 100% hồ sơ"
	if err := s.SavePledge(ctx, actor, p); err != nil {
		t.Fatal(err)
	}
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 2, campaign.PledgeAccept, campaign.ByOffice, "", time.Now()); !errors.Is(err, store.ErrConflict) {
		t.Errorf("accept a draft: %v; want ErrConflict", err)
	}
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 2, campaign.PledgeSubmit, campaign.ByUnit, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	p.Version = 3
	if err := s.SavePledge(ctx, actor, p); !errors.As(err, &re) {
		t.Errorf("edit a submitted pledge: %v; want RuleError", err)
	}
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 3, campaign.PledgeReturn, campaign.ByOffice, "", time.Now()); !errors.As(err, &re) {
		t.Errorf("return without reason: %v; want RuleError", err)
	}
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 3, campaign.PledgeReturn, campaign.ByOffice, "Bổ sung chỉ tiêu", time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := s.Pledge(ctx, c.ID, unitA)
	if err != nil || got.Status != campaign.PledgeReturned || got.ReturnReason != "Bổ sung chỉ tiêu" || len(got.People) != 1 || got.Late {
		t.Errorf("returned pledge = %+v, %v", got, err)
	}
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 4, campaign.PledgeSubmit, campaign.ByUnit, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 5, campaign.PledgeAccept, campaign.ByOffice, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	lines, err := s.CampaignUnits(ctx, c.ID)
	if err != nil || len(lines) != 2 {
		t.Fatalf("CampaignUnits = %+v, %v", lines, err)
	}
	r := campaign.Summarise(lines)
	if r.Accepted != 1 || len(r.Missing) != 1 || r.Missing[0] != "Phòng Đầu tư" || r.Individuals[campaign.CSTDCS] != 1 || r.Collective[campaign.TTLDXS] != 1 {
		t.Errorf("roll-up = %+v", r)
	}
	reg, err := s.RegisteredPeople(ctx, 2025)
	if err != nil || reg[staff[0]] != campaign.CSTDCS {
		t.Errorf("RegisteredPeople = %v, %v", reg, err)
	}
}

func TestLatePledgeAndConcurrentSave(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	c, unitA, _, _ := campaignFixture(t, s, day(2025, 2, 28)) // long past
	if err := s.CampaignTransition(ctx, actor, c.ID, 1, campaign.Launch, ""); err != nil {
		t.Fatal(err)
	}
	p := campaign.Pledge{CampaignID: c.ID, UnitID: unitA, CollectiveTarget: campaign.TTLDTT,
		Commitments: map[int64]string{c.Criteria[0].ID: "a", c.Criteria[1].ID: "b"}}
	if err := s.SavePledge(ctx, actor, p); err != nil {
		t.Fatal(err)
	}
	// Two people save version 1 at once: exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := p
			q.Version = 1
			q.Commitments = map[int64]string{c.Criteria[0].ID: "x", c.Criteria[1].ID: "y"}
			errs[i] = s.SavePledge(ctx, actor, q)
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !(errors.Is(errs[0], store.ErrConflict) || errors.Is(errs[1], store.ErrConflict)) {
		t.Errorf("concurrent saves = %v; want one success and one ErrConflict", errs)
	}
	if err := s.PledgeTransition(ctx, actor, c.ID, unitA, 2, campaign.PledgeSubmit, campaign.ByUnit, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Pledge(ctx, c.ID, unitA)
	if !got.Late || got.Status != campaign.PledgeSubmitted {
		t.Errorf("pledge after deadline = %+v; want submitted and late", got)
	}
}
