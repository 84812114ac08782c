package web

import (
	"errors"
	"net/http"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// The lương cơ sở table (R37): the administrator adds the amount of a new
// decree from its effective date, or corrects a row.

func (srv *Server) baseSalaryPage(w http.ResponseWriter, r *http.Request, status int, m view.BaseSalaryList) error {
	list, err := srv.store.BaseSalaries(r.Context())
	if err != nil {
		return err
	}
	cur, _ := list.On(srv.todayDate())
	for _, b := range list {
		m.Rows = append(m.Rows, view.BaseSalaryRow{From: view.Date(b.From), Key: b.From.Format(time.DateOnly),
			Amount: view.Money(b.Amount), Source: b.Source, Version: b.Version, Current: b.From.Equal(cur.From)})
	}
	return srv.render(w, r, status, view.BaseSalaryPage(srv.page(r, "Lương cơ sở",
		view.Crumb{Label: "Danh mục khen thưởng", Href: "/admin/awards"}, view.Crumb{Label: "Lương cơ sở"}), m))
}

// baseSalaryList shows the table; ?edit=2024-07-01 opens that row's form.
func (srv *Server) baseSalaryList(w http.ResponseWriter, r *http.Request) error {
	m := view.BaseSalaryList{}
	if key := r.URL.Query().Get("edit"); key != "" {
		d, err := time.Parse(time.DateOnly, key)
		if err != nil {
			return errNotFoundPage
		}
		list, err := srv.store.BaseSalaries(r.Context())
		if err != nil {
			return err
		}
		found := false
		for _, b := range list {
			if b.From.Equal(d) {
				m.Key, m.Version, m.From, m.Amount, m.Source = key, b.Version, view.Date(b.From), view.Number(b.Amount), b.Source
				found = true
			}
		}
		if !found {
			return errNotFoundPage
		}
	}
	return srv.baseSalaryPage(w, r, http.StatusOK, m)
}

func (srv *Server) baseSalarySave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := atoi32(r.PostFormValue("version"))
	if err != nil || version < 0 {
		return &badRequestError{"version"}
	}
	m := view.BaseSalaryList{From: text(r, "from"), Amount: text(r, "amount"), Source: text(r, "source"), Version: version}
	p := validate.Problems{}
	from, ok := validate.Date(p, "from", "Ngày áp dụng", m.From, "01/07/2024")
	p.Check(!ok || !from.IsZero(), "from", "Nhập ngày áp dụng, ví dụ 01/07/2024.")
	amount, amountOK := validate.ParseMoney(m.Amount)
	p.Check(amountOK, "amount", "Nhập mức lương cơ sở bằng số, ví dụ 2.340.000.")
	b := award.BaseSalary{From: from, Amount: amount, Source: m.Source, Version: version}
	if p.OK() {
		for k, v := range award.CheckBaseSalary(b) {
			p[k] = v
		}
	}
	if version > 0 && ok && !from.IsZero() {
		m.Key = from.Format(time.DateOnly)
	}
	if p.OK() {
		err := srv.store.SaveBaseSalary(r.Context(), actor(r), b)
		switch {
		case err == nil:
			srv.flash(r, "Đã lưu mức lương cơ sở từ ngày "+view.Date(from)+".")
			return redirect(w, r, "/admin/base-salaries")
		case errors.Is(err, store.ErrConflict) && version == 0:
			p.Add("from", "Đã có mức lương cơ sở từ ngày "+view.Date(from)+"; hãy sửa mức đó.")
		case errors.Is(err, store.ErrConflict):
			p.Add("amount", "Người khác vừa sửa mức này. Hãy tải lại trang và nhập lại.")
			m.Errors = formErrors(p, []string{"from", "amount", "source"})
			return srv.baseSalaryPage(w, r, http.StatusConflict, m)
		default:
			return err
		}
	}
	m.Errors = formErrors(p, []string{"from", "amount", "source"})
	return srv.baseSalaryPage(w, r, http.StatusUnprocessableEntity, m)
}
