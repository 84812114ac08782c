package web

import (
	"fmt"
	"net/http"
	"strconv"

	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// eligibilityLimit caps the rows shown at once (the counts cover everyone).
const eligibilityLimit = 500

// verdictChecks are the itemised checks of a verdict for the views.
func verdictChecks(v award.Verdict) []view.EligibilityCheck {
	out := make([]view.EligibilityCheck, len(v.Checks))
	for i, c := range v.Checks {
		out[i] = view.EligibilityCheck{Passed: c.Passed, Manual: c.Manual, Text: c.Text, Article: c.Article}
	}
	return out
}

// awardChoices lists the catalogue for selects.
func awardChoices(types []award.AwardType) []view.Option {
	opts := make([]view.Option, 0, len(types))
	for _, t := range types {
		opts = append(opts, view.Option{Value: t.Code, Label: t.Name})
	}
	return opts
}

// candidateSubject is the verdict subject of a candidate row: a unit for a
// collective award, else a person.
func candidateSubject(collective bool, id int64) store.Subject {
	if collective {
		return store.UnitSubject(id)
	}
	return store.PersonSubject(id)
}

func (srv *Server) eligibility(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	u := userFrom(ctx)
	current := srv.reviewYear()
	m := view.Eligibility{Year: q.Get("year"), Award: q.Get("award"), Unit: q.Get("unit"), Show: q.Get("show")}
	if m.Year == "" {
		y, err := srv.workingYear(ctx)
		if err != nil {
			return err
		}
		m.Year = strconv.Itoa(y)
	}
	year, err := strconv.Atoi(m.Year)
	if err != nil || year < 2000 || year > 2100 {
		return errNotFoundPage
	}
	for y := current + 1; y >= current-9; y-- {
		m.Years = append(m.Years, view.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	types, err := srv.store.AwardTypes(ctx)
	if err != nil {
		return err
	}
	m.Awards = awardChoices(types)
	if m.Award == "" {
		m.Award = award.LDTT
	}
	var at award.AwardType
	found := false
	for _, t := range types {
		if t.Code == m.Award {
			at, found = t, true
		}
	}
	if !found {
		return errNotFoundPage
	}
	m.AwardName, m.Collective = at.Name, at.Subject == award.Collective
	// Scope: a department head sees her unit only; the office any unit or
	// the whole Sở.
	var unit int64
	if isOffice(r) || u.Roles.Has(auth.Leader) {
		if m.Unit != "" {
			if unit, err = parseID(m.Unit); err != nil {
				return err
			}
		}
		units, err := srv.store.ListUnits(ctx, store.UnitFilter{})
		if err != nil {
			return err
		}
		m.Units = []view.Option{{Value: "", Label: "Toàn Sở"}}
		ok := unit == 0
		for _, un := range units {
			if un.Kind == "external" {
				continue
			}
			ok = ok || un.ID == unit
			m.Units = append(m.Units, view.Option{Value: strconv.FormatInt(un.ID, 10), Label: un.Name})
		}
		if !ok {
			return errNotFoundPage
		}
	} else {
		if m.Unit != "" && m.Unit != strconv.FormatInt(u.UnitID, 10) || u.UnitID == 0 {
			return errNotFoundPage
		}
		unit, m.UnitName = u.UnitID, u.UnitName
	}
	if !m.Collective {
		// A year nobody is rated in yet: one message, not one identical
		// "not rated" row per person.
		sum, err := srv.store.RatingSummary(ctx, year)
		if err != nil {
			return err
		}
		rated := 0
		for _, s := range sum {
			if unit == 0 || s.UnitID == unit {
				rated += s.Rated()
			}
		}
		if rated == 0 {
			who := "của Sở"
			if unit != 0 {
				who = "của đơn vị"
			}
			m.NoRatings = fmt.Sprintf("Chưa có kết quả xếp loại chất lượng năm %d %s, nên chưa xét được điều kiện của từng người. Nhập xếp loại năm %d trước.", year, who, year)
			m.RatingsHref = yearLink(year)
			p := srv.page(r, "Ai đủ điều kiện?", view.Crumb{Label: "Ai đủ điều kiện?"})
			return srv.render(w, r, http.StatusOK, view.EligibilityPage(p, m))
		}
	}
	var cands []store.Candidate
	if m.Collective {
		cands, err = srv.store.CollectiveCandidates(ctx, unit)
	} else {
		cands, err = srv.store.Candidates(ctx, unit)
	}
	if err != nil {
		return err
	}
	subjects := make([]store.Subject, len(cands))
	for i, c := range cands {
		subjects[i] = candidateSubject(m.Collective, c.ID)
	}
	vs, err := srv.store.Verdicts(ctx, award.ConsiderationDate(year), year, at, subjects)
	if err != nil {
		return err
	}
	rules := vs.Rules
	m.RuleSet = "theo " + rules.Name
	office := isOffice(r)
	for i, c := range cands {
		sv, ok := vs.Of[subjects[i]]
		if !ok {
			continue
		}
		v := sv.Verdict
		switch v.Outcome {
		case award.Eligible:
			m.Eligible++
		case award.OnHold:
			m.OnHold++
		default:
			m.NotEligible++
		}
		if m.Show != "" && string(v.Outcome) != m.Show {
			continue
		}
		if len(m.Rows) >= eligibilityLimit {
			m.Hidden++
			continue
		}
		row := view.EligibilityRow{Name: c.Name, Unit: c.UnitName, Tag: verdictTag(v.Outcome), Reason: v.Summary(), Checks: verdictChecks(v)}
		switch {
		case office && !m.Collective:
			row.Href = "/people/" + strconv.FormatInt(c.ID, 10) + "/history"
		case !m.Collective && c.UnitID == u.UnitID && u.Roles.Has(auth.DeptHead):
			// A department head opens his own people's pages.
			row.Href = "/people/" + strconv.FormatInt(c.ID, 10)
		}
		m.Rows = append(m.Rows, row)
	}
	if at.Code == award.CSTDCoSo {
		if _, ok := award.CapLimit(rules.Settings, 0); ok {
			m.Note = "Theo quy định của Sở, số Chiến sĩ thi đua cơ sở đề nghị không quá " + strconv.Itoa(rules.Settings.LocalCapPct) +
				"% số Lao động tiên tiến của đơn vị."
		}
	}
	if !at.DirectorDecides() {
		m.Note += " " + at.Name + " do " + at.Authority.Label() + " quyết định: Sở lập tờ trình đề nghị."
	}
	p := srv.page(r, "Ai đủ điều kiện?", view.Crumb{Label: "Ai đủ điều kiện?"})
	return srv.render(w, r, http.StatusOK, view.EligibilityPage(p, m))
}
