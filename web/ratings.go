package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// awardNav is the menu of ratings, eligibility and the award catalogue. The
// dossiers area builds on it: var dossierNav = append(awardNav, …).
var awardNav = []navItem{
	{"Xếp loại", "/ratings", []auth.Role{auth.DeptHead, auth.Office, auth.Admin}},
	{"Ai đủ điều kiện?", "/eligibility", []auth.Role{auth.DeptHead, auth.Office, auth.Admin, auth.Leader}},
	{"Danh mục khen thưởng", "/admin/awards", []auth.Role{auth.Admin}},
	{"Thiết lập", "/admin/settings", []auth.Role{auth.Admin}},
}

// awardRoutes adds the routes of ratings, history, eligibility and the
// award catalogue and settings. Called from dossierRoutes.
func (srv *Server) awardRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(srv.requireRole(auth.DeptHead, auth.Office, auth.Admin))
		r.Get("/ratings", srv.handle(srv.ratingsCurrent))
		r.Get("/ratings/{year}", srv.handle(srv.ratingsPage))
		r.Post("/ratings/{year}", srv.handle(srv.ratingsSave))
	})
	r.Group(func(r chi.Router) {
		r.Use(srv.requireRole(auth.DeptHead, auth.Office, auth.Admin, auth.Leader))
		r.Get("/eligibility", srv.handle(srv.eligibility))
	})
	r.Group(func(r chi.Router) {
		r.Use(srv.requireRole(auth.Office, auth.Admin))
		r.Post("/ratings/{year}/units", srv.handle(srv.unitRatingsSave))
		r.Post("/ratings/{year}/lock", srv.handle(srv.ratingsLock))
		r.Get("/ratings/{year}/unlock", srv.handle(srv.ratingsUnlockConfirm))
		r.Post("/ratings/{year}/unlock", srv.handle(srv.ratingsUnlock))
		srv.historyRoutes(r)
	})
	r.Group(func(r chi.Router) {
		r.Use(srv.requireRole(auth.Admin))
		r.Get("/admin/awards", srv.handle(srv.adminAwards))
		r.Get("/admin/settings", srv.handle(srv.adminSettings))
		r.Post("/admin/settings", srv.handle(srv.adminSettingsSave))
	})
}

// pathYear reads {year}: anything but a year 2000–2100 is a 404.
func pathYear(r *http.Request) (int, error) {
	s := r.PathValue("year")
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2100 || strconv.Itoa(y) != s {
		return 0, errNotFoundPage
	}
	return y, nil
}

// reviewYear is the year under review today: the current year (ratings are
// done before 15/12 of the year).
func (srv *Server) reviewYear() int { return srv.now().In(view.Vietnam).Year() }

func yearLink(y int) string { return "/ratings/" + strconv.Itoa(y) }

func ratingOptions() []view.Option {
	opts := []view.Option{{Value: "", Label: "Chưa xếp loại"}}
	for _, r := range award.Ratings {
		opts = append(opts, view.Option{Value: string(r), Label: r.Label()})
	}
	return opts
}

func isOffice(r *http.Request) bool { return userFrom(r.Context()).Roles.Has(auth.Office, auth.Admin) }

func (srv *Server) ratingsCurrent(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, yearLink(srv.reviewYear()), http.StatusSeeOther)
	return nil
}

// ratingUnit is the unit whose sheet the request may see: a department
// head's own unit (another unit's id is the same 404 as a missing one);
// for the office the unit asked for, or 0 for the overview.
func ratingUnit(r *http.Request, raw string) (int64, error) {
	u := userFrom(r.Context())
	if raw == "" {
		if isOffice(r) {
			return 0, nil
		}
		if u.UnitID == 0 {
			return 0, errNotFoundPage
		}
		return u.UnitID, nil
	}
	id, err := parseID(raw)
	if err != nil {
		return 0, err
	}
	if !isOffice(r) && id != u.UnitID {
		return 0, errNotFoundPage
	}
	return id, nil
}

func (srv *Server) ratingsPage(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	unit, err := ratingUnit(r, r.URL.Query().Get("unit"))
	if err != nil {
		return err
	}
	if unit == 0 {
		return srv.ratingOverview(w, r, year)
	}
	sh, err := srv.store.RatingSheet(r.Context(), unit, year)
	if err != nil {
		return err
	}
	return srv.renderSheet(w, r, http.StatusOK, sheetModel(r, sh, nil))
}

func sheetModel(r *http.Request, sh store.RatingSheet, input map[int64]string) view.RatingSheet {
	m := view.RatingSheet{Year: sh.Year, UnitID: sh.UnitID, UnitName: sh.UnitName, Locked: sh.Locked, LockedAt: view.Date(sh.LockedAt),
		CanEdit: !sh.Locked, IsOffice: isOffice(r), Options: ratingOptions(),
		Prev: yearLink(sh.Year - 1), Next: yearLink(sh.Year + 1)}
	if m.IsOffice {
		q := "?unit=" + strconv.FormatInt(sh.UnitID, 10)
		m.Prev, m.Next = m.Prev+q, m.Next+q
	}
	for _, row := range sh.Rows {
		v := string(row.Rating)
		if in, ok := input[row.PersonID]; ok {
			v = in
		}
		m.Rows = append(m.Rows, view.RatingRow{PersonID: row.PersonID, Name: row.FullName, Position: row.Position, Rating: v, Version: row.Version})
	}
	return m
}

func (srv *Server) renderSheet(w http.ResponseWriter, r *http.Request, status int, m view.RatingSheet) error {
	title := fmt.Sprintf("Xếp loại năm %d", m.Year)
	p := srv.page(r, title, view.Crumb{Label: "Xếp loại", Href: yearLink(m.Year)}, view.Crumb{Label: m.UnitName})
	return srv.render(w, r, status, view.RatingSheetPage(p, m))
}

func (srv *Server) ratingsSave(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	unit, err := ratingUnit(r, r.PostFormValue("unit_id"))
	if err != nil || unit == 0 {
		return errNotFoundPage
	}
	input := map[int64]string{}
	var entries []store.RatingEntry
	bad := map[int64]bool{}
	for _, raw := range r.PostForm["p"] {
		id, err := parseID(raw)
		if err != nil {
			return &badRequestError{"person"}
		}
		key := strconv.FormatInt(id, 10)
		v, verr := strconv.Atoi(r.PostFormValue("v_" + key))
		if verr != nil || v < 0 {
			return &badRequestError{"version"}
		}
		val := r.PostFormValue("r_" + key)
		input[id] = val
		rating, ok := award.ParseRating(val)
		if !ok {
			bad[id] = true
			continue
		}
		entries = append(entries, store.RatingEntry{PersonID: id, Rating: rating, Version: v})
	}
	ctx := r.Context()
	if len(bad) == 0 {
		n, err := srv.store.SaveRatings(ctx, actor(r), unit, year, entries)
		if err == nil {
			if n == 0 {
				srv.flash(r, "Không có thay đổi nào.")
			} else {
				srv.flash(r, fmt.Sprintf("Đã lưu xếp loại của %d người.", n))
			}
			to := yearLink(year)
			if isOffice(r) {
				to += "?unit=" + strconv.FormatInt(unit, 10)
			}
			return redirect(w, r, to)
		}
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
		// Someone saved the sheet meanwhile: show the current versions with
		// the user's choices kept.
		sh, serr := srv.store.RatingSheet(ctx, unit, year)
		if serr != nil {
			return serr
		}
		m := sheetModel(r, sh, input)
		m.Errors = view.Errors{Message: "Người khác vừa lưu xếp loại của đơn vị này nên chưa lưu được. Lựa chọn của bạn vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu xếp loại lần nữa."}
		return srv.renderSheet(w, r, http.StatusConflict, m)
	}
	sh, err := srv.store.RatingSheet(ctx, unit, year)
	if err != nil {
		return err
	}
	m := sheetModel(r, sh, input)
	m.Errors = view.Errors{Fields: map[string]string{}}
	for i, row := range m.Rows {
		if bad[row.PersonID] {
			m.Rows[i].Error = "Chọn một kết quả xếp loại trong danh sách."
			m.Errors.Fields["r_"+strconv.FormatInt(row.PersonID, 10)] = row.Name + ": chọn một kết quả xếp loại trong danh sách."
		}
	}
	return srv.renderSheet(w, r, http.StatusUnprocessableEntity, m)
}

func (srv *Server) ratingOverview(w http.ResponseWriter, r *http.Request, year int) error {
	ctx := r.Context()
	sum, err := srv.store.RatingSummary(ctx, year)
	if err != nil {
		return err
	}
	locked, at, version, err := srv.store.RatingYear(ctx, year)
	if err != nil {
		return err
	}
	st, err := srv.store.Settings(ctx)
	if err != nil {
		return err
	}
	m := view.RatingOverview{Year: year, Locked: locked, LockedAt: view.Date(at), YearVersion: version, Options: ratingOptions(),
		Prev: yearLink(year - 1), Next: yearLink(year + 1), CanUnlock: true}
	for _, u := range sum {
		line := view.RatingUnitLine{UnitID: u.UnitID, Name: u.UnitName, Staff: u.Staff, Rated: u.Rated(),
			HTXS: u.Counts[award.HTXS], HTT: u.Counts[award.HTT], HTNV: u.Counts[award.HTNV], KHT: u.Counts[award.KHT],
			UnitRating: string(u.UnitRating), UnitVersion: u.UnitVersion}
		// R31: HTXS above the cap (share of those rated HTT) is a warning.
		if line.HTXS > 0 && line.HTXS*100 > st.HTXSCapPct*line.HTT {
			line.Warning = fmt.Sprintf("HTXS vượt %d%% số HTT", st.HTXSCapPct)
		}
		m.Units = append(m.Units, line)
	}
	p := srv.page(r, fmt.Sprintf("Xếp loại năm %d", year), view.Crumb{Label: "Xếp loại"})
	return srv.render(w, r, http.StatusOK, view.RatingOverviewPage(p, m))
}

func (srv *Server) unitRatingsSave(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	n := 0
	for _, raw := range r.PostForm["u"] {
		id, err := parseID(raw)
		if err != nil {
			return &badRequestError{"unit"}
		}
		key := strconv.FormatInt(id, 10)
		v, verr := strconv.Atoi(r.PostFormValue("uv_" + key))
		rating, ok := award.ParseRating(r.PostFormValue("ur_" + key))
		if verr != nil || v < 0 || !ok {
			return &badRequestError{"unit rating"}
		}
		err = srv.store.SaveUnitRating(r.Context(), actor(r), id, year, rating, v)
		if err != nil {
			return err
		}
		n++
	}
	srv.flash(r, "Đã lưu xếp loại tập thể.")
	return redirect(w, r, yearLink(year))
}

func (srv *Server) ratingsLock(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	if err := srv.store.LockRatingYear(r.Context(), actor(r), year, v); err != nil {
		return err
	}
	srv.flash(r, fmt.Sprintf("Đã khoá kết quả xếp loại năm %d.", year))
	return redirect(w, r, yearLink(year))
}

func (srv *Server) ratingsUnlockConfirm(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	return srv.unlockPage(w, r, http.StatusOK, year, view.Errors{})
}

func (srv *Server) unlockPage(w http.ResponseWriter, r *http.Request, status, year int, e view.Errors) error {
	locked, _, version, err := srv.store.RatingYear(r.Context(), year)
	if err != nil {
		return err
	}
	if !locked {
		return redirect(w, r, yearLink(year))
	}
	y := strconv.Itoa(year)
	p := srv.page(r, "Mở khoá xếp loại năm "+y, view.Crumb{Label: "Xếp loại", Href: yearLink(year)}, view.Crumb{Label: "Mở khoá"})
	return srv.render(w, r, status, view.Confirm(p, "Mở khoá kết quả xếp loại năm "+y+"?",
		"Sau khi mở khoá, các trưởng phòng sửa được xếp loại năm "+y+". Ghi rõ lý do; lý do được lưu vào nhật ký.",
		yearLink(year)+"/unlock", "Mở khoá", yearLink(year), map[string]string{"version": strconv.Itoa(version)}, true, e))
}

func (srv *Server) ratingsUnlock(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	reason := text(r, "reason")
	if reason == "" {
		return srv.unlockPage(w, r, http.StatusUnprocessableEntity, year,
			view.Errors{Fields: map[string]string{"reason": "Nhập lý do mở khoá."}, Order: []string{"reason"}})
	}
	if err := srv.store.UnlockRatingYear(r.Context(), actor(r), year, v, reason); err != nil {
		return err
	}
	srv.flash(r, fmt.Sprintf("Đã mở khoá kết quả xếp loại năm %d.", year))
	return redirect(w, r, yearLink(year))
}
