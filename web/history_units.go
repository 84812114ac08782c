package web

import (
	"net/http"
	"strconv"

	"tdkt/internal/award"
	"tdkt/web/view"
)

// A unit's collective titles and awards, with the form recording earlier
// ones (office and admin; routes in routes.go).

func unitHistoryLink(id int64) string { return "/units/" + strconv.FormatInt(id, 10) + "/history" }

func (srv *Server) unitHistoryPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return srv.renderUnitHistory(w, r, http.StatusOK, id, view.HistoryAwardForm{})
}

func (srv *Server) renderUnitHistory(w http.ResponseWriter, r *http.Request, status int, id int64, f view.HistoryAwardForm) error {
	name, awards, err := srv.store.UnitAwardHistory(r.Context(), id)
	if err != nil {
		return err
	}
	forms := srv.historyForms(view.HistoryForms{Award: f})
	forms.Awards = []view.Option{{Value: "", Label: "Chọn danh hiệu, hình thức"}}
	for _, t := range award.Catalogue() {
		if t.Subject == award.Collective {
			forms.Awards = append(forms.Awards, view.Option{Value: t.Code, Label: t.Name})
		}
	}
	m := view.UnitHistory{UnitID: id, Name: name, Years: historyYears(award.History{Awards: awards}, 0, false), Forms: forms, CanEdit: isOffice(r)}
	page := srv.page(r, "Khen thưởng tập thể", view.Crumb{Label: "Đơn vị", Href: "/units"},
		view.Crumb{Label: name, Href: "/units/" + strconv.FormatInt(id, 10)}, view.Crumb{Label: "Khen thưởng tập thể"})
	return srv.render(w, r, status, view.UnitHistoryPage(page, m))
}

func (srv *Server) unitHistoryAddAward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	// A missing unit is a 404 before anything is checked.
	if _, _, err := srv.store.UnitAwardHistory(r.Context(), id); err != nil {
		return err
	}
	f, e, t, pr := awardForm(r, award.Collective)
	e.UnitID = id
	if pr.OK() {
		done, err := srv.addAward(r, e, t, pr)
		if err != nil {
			return err
		}
		if done {
			return redirect(w, r, unitHistoryLink(id))
		}
	}
	f.Errors = formErrors(pr, []string{"year", "code", "kind", "decision_no", "decision_date"})
	return srv.renderUnitHistory(w, r, http.StatusUnprocessableEntity, id, f)
}
