package demo

import (
	"context"
	"fmt"
	"time"

	"tdkt/internal/attach"
	"tdkt/internal/award"
	"tdkt/internal/dossier"
	"tdkt/internal/store"
)

// seedRounds opens the 2025 year-end round and puts one submitted dossier
// (Phòng Đầu tư's) in the office's appraisal queue. Phòng Quản lý ngân
// sách's dossier is left for the demo journey to build.
func seedRounds(ctx context.Context, s *store.Store, now time.Time) error {
	office, _, err := s.UserForLogin(ctx, "vanphong")
	if err != nil {
		return fmt.Errorf("rounds: %w", err)
	}
	head, _, err := s.UserForLogin(ctx, "tp.dautu")
	if err != nil {
		return fmt.Errorf("rounds: %w", err)
	}
	oa, ha := store.Actor{UserID: office.ID, RequestID: "seed"}, store.Actor{UserID: head.ID, RequestID: "seed"}
	const year = 2025
	// The plan's deadline is 10/12/2025; a demo loaded later keeps the
	// round open for three weeks so that its journey can be tried.
	deadline := day(2025, 12, 10)
	if soon := day(now.Year(), now.Month(), now.Day()).AddDate(0, 0, 21); soon.After(deadline) {
		deadline = soon
	}
	round, err := s.CreateRound(ctx, oa, store.Round{Kind: dossier.YearEnd, Year: year, Title: "Khen thưởng tổng kết năm 2025",
		Deadline: deadline})
	if err != nil {
		return fmt.Errorf("rounds: %w", err)
	}
	sc := store.Scope{UnitID: head.UnitID}
	id, err := s.OpenDossier(ctx, ha, round, head.UnitID)
	if err != nil {
		return fmt.Errorf("rounds: dossier: %w", err)
	}
	at, _ := award.Lookup(award.LDTT)
	subject := store.PersonSubject(head.PersonID)
	vs, err := s.Verdicts(ctx, time.Time{}, year, at, []store.Subject{subject})
	if err != nil {
		return err
	}
	v := vs.Of[subject].Verdict
	n := store.NewNomination{PersonID: head.PersonID, AwardCode: at.Code, Eligible: v.Outcome == award.Eligible, Verdict: v,
		Summary: "Chủ trì thẩm định 46 dự án đầu tư công năm 2025, giải ngân đạt 98% kế hoạch vốn được giao."}
	if !n.Eligible {
		n.Justification = "Kết quả xếp loại năm 2025 đang chờ Hội đồng đánh giá thông qua."
	}
	if _, err := s.AddNomination(ctx, ha, sc, id, n); err != nil {
		return fmt.Errorf("rounds: nomination: %w", err)
	}
	for _, k := range at.DocsFor(award.Merit) {
		f, err := attach.Inspect(string(k)+".pdf", demoPDF(k.Label()))
		if err != nil {
			return fmt.Errorf("rounds: document: %w", err)
		}
		if _, err := s.AddDossierDoc(ctx, ha, sc, id, store.NewDoc{DocKind: k, File: f}); err != nil {
			return fmt.Errorf("rounds: document: %w", err)
		}
	}
	d, err := s.Dossier(ctx, sc, id)
	if err != nil {
		return err
	}
	return s.FireDossier(ctx, ha, sc, store.Transition{DossierID: id, Version: d.Version, Event: dossier.Submit,
		Actors: []dossier.Actor{dossier.UnitHead}})
}

// demoPDF is a one-page PDF whose title is the document's name.
func demoPDF(title string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Title (" + asciiOnly(title) + ")>>endobj\ntrailer<</Info 1 0 R>>\n%%EOF\n")
}

func asciiOnly(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 128 && r != '(' && r != ')' && r != '\\' {
			b = append(b, byte(r))
		}
	}
	return string(b)
}
