package demo

import (
	"context"
	"fmt"
	"time"

	"tdkt/internal/attach"
	"tdkt/internal/award"
	"tdkt/internal/council"
	"tdkt/internal/dossier"
	"tdkt/internal/store"
)

// councilSeats is the Hội đồng Thi đua - Khen thưởng Sở: the Giám đốc
// chairs it, the Chánh Văn phòng is its standing member and a Phó Chánh
// Văn phòng its secretary.
var councilSeats = []struct {
	name string
	role council.Role
}{
	{"Nguyễn Thanh Phong", council.Chair},
	{"Lê Thị Thu Hà", council.ViceChair},
	{"Võ Thị Kim Loan", council.Standing},
	{"Phạm Minh Trí", council.Member},
	{"Huỳnh Văn Lộc", council.Member},
	{"Trần Thị Mai Phương", council.Member},
	{"Trương Minh Quang", council.Member},
	{"Lê Văn Dũng", council.Member},
	{"Đặng Hoàng Nam", council.Secretary},
}

// councilUnit is the department whose dossier the demo appraises for the
// council's agenda.
const councilUnit = "Phòng Tài chính hành chính sự nghiệp"

// seedCouncil puts the council's members on its roster from 01/01/2024
// and brings Phòng Tài chính hành chính sự nghiệp's 2025 dossier to
// "appraised": its nominations wait for a council session.
func seedCouncil(ctx context.Context, s *store.Store, now time.Time) error {
	office, _, err := s.UserForLogin(ctx, "vanphong")
	if err != nil {
		return fmt.Errorf("council: %w", err)
	}
	oa := store.Actor{UserID: office.ID, RequestID: "seed"}
	people, err := s.ListPeople(ctx, store.PeopleFilter{Limit: 500})
	if err != nil {
		return fmt.Errorf("council: %w", err)
	}
	byName := map[string]int64{}
	for _, p := range people.People {
		byName[p.FullName] = p.ID
	}
	for _, seat := range councilSeats {
		id, ok := byName[seat.name]
		if !ok {
			return fmt.Errorf("council: no person %q", seat.name)
		}
		if _, err := s.AddCouncilSeat(ctx, oa, store.CouncilSeat{PersonID: id, Role: seat.role, From: day(2024, 1, 1)}); err != nil {
			return fmt.Errorf("council: seat %s: %w", seat.name, err)
		}
	}

	rounds, err := s.Rounds(ctx, 0)
	if err != nil || len(rounds) == 0 {
		return fmt.Errorf("council: no round (%w)", err)
	}
	round := rounds[0].Round
	units, err := s.ListUnits(ctx, store.UnitFilter{})
	if err != nil {
		return fmt.Errorf("council: %w", err)
	}
	var unitID int64
	for _, u := range units {
		if u.Name == councilUnit {
			unitID = u.ID
		}
	}
	if unitID == 0 {
		return fmt.Errorf("council: no unit %q", councilUnit)
	}
	sc, all := store.Scope{UnitID: unitID}, store.Scope{All: true}
	// The department has no account in the demo: the seed acts for it.
	ha := store.Actor{RequestID: "seed"}
	id, err := s.OpenDossier(ctx, ha, round.ID, unitID)
	if err != nil {
		return fmt.Errorf("council: dossier: %w", err)
	}
	staff, err := s.ListPeople(ctx, store.PeopleFilter{UnitID: unitID, Limit: 50})
	if err != nil {
		return err
	}
	subjects := make([]store.Subject, len(staff.People))
	for i, p := range staff.People {
		subjects[i] = store.PersonSubject(p.ID)
	}
	// One CSTĐ cơ sở (the first eligible person) and two LĐTT.
	cstd, _ := award.Lookup(award.CSTDCoSo)
	ldtt, _ := award.Lookup(award.LDTT)
	cstdV, err := s.Verdicts(ctx, time.Time{}, round.Year, cstd, subjects)
	if err != nil {
		return err
	}
	ldttV, err := s.Verdicts(ctx, time.Time{}, round.Year, ldtt, subjects)
	if err != nil {
		return err
	}
	var picks []store.NewNomination
	var cstdPick int64
	for _, p := range staff.People {
		if v := cstdV.Of[store.PersonSubject(p.ID)].Verdict; v.Outcome == award.Eligible && cstdPick == 0 {
			cstdPick = p.ID
			picks = append(picks, store.NewNomination{PersonID: p.ID, AwardCode: cstd.Code, Eligible: true, Verdict: v,
				Summary: "Chủ trì thẩm định quyết toán kinh phí của 42 đơn vị sự nghiệp; sáng kiến rút ngắn thời gian thẩm tra quyết toán được áp dụng tại Sở."})
		}
	}
	for _, p := range staff.People {
		if p.ID == cstdPick || len(picks) >= 3 {
			continue
		}
		if v := ldttV.Of[store.PersonSubject(p.ID)].Verdict; v.Outcome == award.Eligible {
			picks = append(picks, store.NewNomination{PersonID: p.ID, AwardCode: ldtt.Code, Eligible: true, Verdict: v,
				Summary: "Hoàn thành tốt nhiệm vụ thẩm định dự toán và quyết toán ngân sách năm 2025 của các đơn vị được phân công."})
		}
	}
	if len(picks) == 0 {
		return fmt.Errorf("council: nobody eligible in %s", councilUnit)
	}
	kinds := map[award.DocKind]bool{}
	for _, n := range picks {
		if _, err := s.AddNomination(ctx, ha, sc, id, n); err != nil {
			return fmt.Errorf("council: nomination: %w", err)
		}
		t, _ := award.Lookup(n.AwardCode)
		for _, k := range t.DocsFor(award.Merit) {
			kinds[k] = true
		}
	}
	for _, k := range award.DocKinds {
		if !kinds[k] {
			continue
		}
		f, err := attach.Inspect(string(k)+".pdf", demoPDF(k.Label()))
		if err != nil {
			return fmt.Errorf("council: document: %w", err)
		}
		if _, err := s.AddDossierDoc(ctx, ha, sc, id, store.NewDoc{DocKind: k, File: f}); err != nil {
			return fmt.Errorf("council: document: %w", err)
		}
	}
	fire := func(a store.Actor, sc store.Scope, ev dossier.Event, who dossier.Actor) error {
		d, err := s.Dossier(ctx, sc, id)
		if err != nil {
			return err
		}
		return s.FireDossier(ctx, a, sc, store.Transition{DossierID: id, Version: d.Version, Event: ev, Actors: []dossier.Actor{who}})
	}
	if err := fire(ha, sc, dossier.Submit, dossier.UnitHead); err != nil {
		return fmt.Errorf("council: submit: %w", err)
	}
	if err := fire(oa, all, dossier.Receive, dossier.Office); err != nil {
		return fmt.Errorf("council: receive: %w", err)
	}
	v, err := s.DossierView(ctx, all, id)
	if err != nil {
		return err
	}
	for _, n := range v.Nominations {
		vs := ldttV
		if n.AwardCode == cstd.Code {
			vs = cstdV
		}
		if err := s.MarkNomination(ctx, oa, store.Mark{DossierID: id, NominationID: n.ID, Version: n.Version, Mark: dossier.Eligible,
			Verdict: vs.Of[store.PersonSubject(n.PersonID)].Verdict, RuleSet: vs.Rules.Code}); err != nil {
			return fmt.Errorf("council: appraisal: %w", err)
		}
	}
	if err := fire(oa, all, dossier.Appraise, dossier.Office); err != nil {
		return fmt.Errorf("council: appraise: %w", err)
	}
	return nil
}
