package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"tdkt/internal/auth"
	"tdkt/internal/org"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

var unitFieldOrder = []string{"name", "short_name", "kind", "parent_id", "active_from", "sort_order"}

// unitSortKeys are the allowlisted sorts of the units list (view.UnitSortKeys).
var unitSortKeys = map[string]sortKey[org.Unit]{
	"name":   byText(func(u org.Unit) string { return u.Name }),
	"kind":   byText(func(u org.Unit) string { return u.Kind.Label() }),
	"people": byNumber(func(u org.Unit) int { return u.People }),
}

var crumbUnits = view.Crumb{Label: "Đơn vị", Href: "/units"}

func (srv *Server) unitList(w http.ResponseWriter, r *http.Request) error {
	inactive := r.URL.Query().Get("inactive") == "1"
	units, err := srv.store.ListUnits(r.Context(), store.UnitFilter{IncludeInactive: inactive, Headcount: true})
	if err != nil {
		return err
	}
	m := view.UnitList{Units: units, ShowInactive: inactive, CanEdit: true,
		Sort: view.ParseSort(r.URL.Query().Get("sort"), view.UnitSortKeys, view.Sort{})}
	sortRows(m.Units, m.Sort, unitSortKeys)
	return srv.render(w, r, http.StatusOK, view.UnitListPage(srv.page(r, "Đơn vị"), m))
}

func (srv *Server) unitShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := srv.store.Unit(ctx, id)
	if err != nil {
		return err
	}
	people, err := srv.store.ListPeople(ctx, store.PeopleFilter{UnitID: id, Limit: 500})
	if err != nil {
		return err
	}
	m := view.UnitDetail{Unit: u, People: people.People}
	if u.ParentID != 0 {
		if parent, err := srv.store.Unit(ctx, u.ParentID); err == nil {
			m.ParentName = parent.Name
		}
	}
	m.CanEdit = true
	m.CanAudit = userFrom(ctx).Roles.Has(auth.Admin)
	return srv.render(w, r, http.StatusOK, view.UnitPage(srv.page(r, u.Name, crumbUnits, view.Crumb{Label: u.Name}), m))
}

// unitOptions lists active units for a select; first is the empty choice.
func (srv *Server) unitOptions(r *http.Request, first string, except int64) ([]view.Option, error) {
	units, err := srv.store.ListUnits(r.Context(), store.UnitFilter{})
	if err != nil {
		return nil, err
	}
	return unitChoices(units, first, except), nil
}

// unitChoices turns units into select options after the empty choice first.
func unitChoices(units []org.Unit, first string, except int64) []view.Option {
	opts := []view.Option{{Value: "", Label: first}}
	for _, u := range units {
		if u.ID != except {
			opts = append(opts, view.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
		}
	}
	return opts
}

func (srv *Server) unitFormPage(w http.ResponseWriter, r *http.Request, status int, f view.UnitForm) error {
	parents, err := srv.unitOptions(r, "Không có", f.ID)
	if err != nil {
		return err
	}
	f.Parents = parents
	title := "Thêm đơn vị"
	if f.ID != 0 {
		title = "Sửa đơn vị"
	}
	return srv.render(w, r, status, view.UnitFormPage(srv.page(r, title, crumbUnits, view.Crumb{Label: title}), f))
}

func (srv *Server) unitNew(w http.ResponseWriter, r *http.Request) error {
	return srv.unitFormPage(w, r, http.StatusOK, view.UnitForm{Kind: string(org.Department), SortOrder: "0", SubmissionID: newSubmissionID()})
}

func (srv *Server) unitEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := srv.store.Unit(r.Context(), id)
	if err != nil {
		return err
	}
	f := view.UnitForm{ID: u.ID, Version: u.Version, Name: u.Name, ShortName: u.ShortName, Kind: string(u.Kind),
		ActiveFrom: formDate(u.ActiveFrom), SortOrder: strconv.Itoa(u.SortOrder)}
	if u.ParentID != 0 {
		f.ParentID = strconv.FormatInt(u.ParentID, 10)
	}
	return srv.unitFormPage(w, r, http.StatusOK, f)
}

// unitFromForm reads the unit form; problems cover what cannot be parsed.
func unitFromForm(r *http.Request) (org.Unit, view.UnitForm, validate.Problems) {
	f := view.UnitForm{Name: text(r, "name"), ShortName: text(r, "short_name"), Kind: text(r, "kind"),
		ParentID: text(r, "parent_id"), ActiveFrom: text(r, "active_from"), SortOrder: text(r, "sort_order"),
		SubmissionID: submissionID(r)}
	u := org.Unit{Name: f.Name, ShortName: f.ShortName, Kind: org.UnitKind(f.Kind)}
	p := validate.Problems{}
	if f.ParentID != "" {
		id, err := parseID(f.ParentID)
		p.Check(err == nil, "parent_id", "Chọn đơn vị cấp trên trong danh sách.")
		u.ParentID = id
	}
	var ok bool
	u.ActiveFrom, ok = validate.ParseDate(f.ActiveFrom)
	p.Check(ok, "active_from", "Ngày hoạt động phải có dạng ngày/tháng/năm, ví dụ 01/01/2025.")
	if f.SortOrder != "" {
		n, err := atoi32(f.SortOrder)
		p.Check(err == nil, "sort_order", "Thứ tự hiển thị phải là số nguyên.")
		u.SortOrder = n
	}
	u.Normalize()
	for k, v := range u.Validate() {
		p.Add(k, v)
	}
	return u, f, p
}

func (srv *Server) unitCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	u, f, p := unitFromForm(r)
	if p.OK() {
		id, err := srv.store.CreateUnit(r.Context(), actor(r), u)
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			srv.flash(r, "Đã thêm đơn vị “"+u.Name+"”.")
			return redirect(w, r, "/units/"+strconv.FormatInt(id, 10))
		}
	}
	f.Errors = formErrors(p, unitFieldOrder)
	return srv.unitFormPage(w, r, http.StatusUnprocessableEntity, f)
}

func (srv *Server) unitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	u, f, p := unitFromForm(r)
	u.ID, u.Version, f.ID, f.Version = id, version, id, version
	if p.OK() {
		err := srv.store.UpdateUnit(r.Context(), actor(r), u)
		if errors.Is(err, store.ErrConflict) {
			// Keep the user's input; show the current version for comparison.
			cur, cerr := srv.store.Unit(r.Context(), id)
			if cerr != nil {
				return cerr
			}
			f.Version = cur.Version
			p.Add("", "Người khác vừa sửa đơn vị này (tên hiện tại: “"+cur.Name+"”). Nội dung bạn nhập vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu lần nữa để ghi đè.")
			f.Errors = formErrors(p, unitFieldOrder)
			return srv.unitFormPage(w, r, http.StatusConflict, f)
		}
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			srv.flash(r, "Đã lưu đơn vị “"+u.Name+"”.")
			return redirect(w, r, "/units/"+strconv.FormatInt(id, 10))
		}
	}
	f.Errors = formErrors(p, unitFieldOrder)
	return srv.unitFormPage(w, r, http.StatusUnprocessableEntity, f)
}

func (srv *Server) unitDeactivateConfirm(w http.ResponseWriter, r *http.Request) error {
	return srv.unitDeactivatePage(w, r, http.StatusOK, view.Errors{})
}

// activeUnitOfPath loads the active unit named by the {id} path value: a
// unit that already stopped cannot be stopped or merged again.
func (srv *Server) activeUnitOfPath(r *http.Request) (org.Unit, error) {
	id, err := pathID(r)
	if err != nil {
		return org.Unit{}, err
	}
	u, err := srv.store.Unit(r.Context(), id)
	if err != nil {
		return org.Unit{}, err
	}
	if !u.Active {
		return org.Unit{}, store.ErrConflict
	}
	return u, nil
}

func (srv *Server) unitDeactivatePage(w http.ResponseWriter, r *http.Request, status int, e view.Errors) error {
	u, err := srv.activeUnitOfPath(r)
	if err != nil {
		return err
	}
	path := "/units/" + strconv.FormatInt(u.ID, 10)
	return srv.render(w, r, status, view.Confirm(
		srv.page(r, "Ngừng hoạt động đơn vị", crumbUnits, view.Crumb{Label: u.Name, Href: path}, view.Crumb{Label: "Ngừng hoạt động"}),
		"Ngừng hoạt động “"+u.Name+"”?",
		"Đơn vị sẽ không còn xuất hiện trong các danh sách chọn. Dữ liệu và lịch sử của đơn vị vẫn được giữ nguyên; bạn có thể cho đơn vị hoạt động trở lại.",
		path+"/deactivate", "Ngừng hoạt động", path,
		map[string]string{"version": strconv.Itoa(u.Version)}, true, e))
}

func (srv *Server) unitDeactivate(w http.ResponseWriter, r *http.Request) error {
	return srv.unitSetActive(w, r, false)
}

func (srv *Server) unitReactivate(w http.ResponseWriter, r *http.Request) error {
	return srv.unitSetActive(w, r, true)
}

func (srv *Server) unitSetActive(w http.ResponseWriter, r *http.Request, active bool) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	reason := text(r, "reason")
	if !active && reason == "" {
		return srv.unitDeactivatePage(w, r, http.StatusUnprocessableEntity,
			view.Errors{Fields: map[string]string{"reason": "Nhập lý do ngừng hoạt động."}})
	}
	if err := srv.store.SetUnitActive(r.Context(), actor(r), id, version, active, srv.now(), reason); err != nil {
		return err
	}
	if active {
		srv.flash(r, "Đơn vị đã hoạt động trở lại.")
	} else {
		srv.flash(r, "Đơn vị đã ngừng hoạt động.")
	}
	return redirect(w, r, "/units/"+strconv.FormatInt(id, 10))
}

func (srv *Server) unitMergeForm(w http.ResponseWriter, r *http.Request) error {
	return srv.unitMergePage(w, r, http.StatusOK, view.UnitMerge{})
}

func (srv *Server) unitMergePage(w http.ResponseWriter, r *http.Request, status int, m view.UnitMerge) error {
	u, err := srv.activeUnitOfPath(r)
	if err != nil {
		return err
	}
	if m.Targets, err = srv.unitOptions(r, "Chọn đơn vị", u.ID); err != nil {
		return err
	}
	m.Unit = u
	path := "/units/" + strconv.FormatInt(u.ID, 10)
	return srv.render(w, r, status, view.UnitMergePage(
		srv.page(r, "Sáp nhập đơn vị", crumbUnits, view.Crumb{Label: u.Name, Href: path}, view.Crumb{Label: "Sáp nhập"}), m))
}

func (srv *Server) unitMerge(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	m := view.UnitMerge{Target: text(r, "into"), Reason: text(r, "reason")}
	p := validate.Problems{}
	into, ierr := parseID(m.Target)
	p.Check(ierr == nil && into != id, "into", "Chọn đơn vị sẽ nhận người của đơn vị này.")
	p.Check(m.Reason != "", "reason", "Nhập lý do hoặc căn cứ sáp nhập.")
	p.Check(validate.Len(m.Reason) <= 1000, "reason", "Lý do không quá 1000 ký tự.")
	if p.OK() {
		moved, err := srv.store.MergeUnit(r.Context(), actor(r), id, version, into, srv.now(), m.Reason)
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			target, err := srv.store.Unit(r.Context(), into)
			if err != nil {
				return err
			}
			srv.flash(r, fmt.Sprintf("Đã sáp nhập đơn vị vào “%s” và chuyển %d người sang.", target.Name, moved))
			return redirect(w, r, "/units/"+strconv.FormatInt(into, 10))
		}
	}
	m.Errors = formErrors(p, []string{"into", "reason"})
	return srv.unitMergePage(w, r, http.StatusUnprocessableEntity, m)
}
