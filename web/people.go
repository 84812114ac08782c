package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"tdkt/internal/auth"
	"tdkt/internal/org"
	"tdkt/internal/staffimport"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

const peoplePerPage = 50

var personFieldOrder = []string{"full_name", "unit_id", "gender", "birth_date", "position", "employment", "recruited_on"}

var crumbPeople = view.Crumb{Label: "Cán bộ, công chức", Href: "/people"}

// peopleFilter reads the search form of the people list.
func peopleFilter(r *http.Request) (store.PeopleFilter, view.PeopleList) {
	q := r.URL.Query()
	m := view.PeopleList{Query: validate.Text(q.Get("q")), UnitID: q.Get("unit"), ShowInactive: q.Get("inactive") == "1",
		CanEdit: userFrom(r.Context()).Roles.Has(auth.Admin)}
	if validate.Len(m.Query) > 100 {
		m.Query = string([]rune(m.Query)[:100])
	}
	f := store.PeopleFilter{Query: m.Query, IncludeInactive: m.ShowInactive, Limit: peoplePerPage}
	if m.UnitID != "" {
		id, err := parseID(m.UnitID)
		if err != nil {
			m.UnitID = ""
		}
		f.UnitID = id
	}
	return f, m
}

// filterQuery is the query string of the people list's filter.
func filterQuery(m view.PeopleList) url.Values {
	v := url.Values{}
	if m.Query != "" {
		v.Set("q", m.Query)
	}
	if m.UnitID != "" {
		v.Set("unit", m.UnitID)
	}
	if m.ShowInactive {
		v.Set("inactive", "1")
	}
	return v
}

func (srv *Server) peopleList(w http.ResponseWriter, r *http.Request) error {
	f, m := peopleFilter(r)
	q := r.URL.Query()
	// Malformed cursors fall back to the first page.
	f.After, _ = parseID(q.Get("after"))
	if f.After == 0 {
		f.Before, _ = parseID(q.Get("before"))
	}
	f.WithUnits = true
	page, err := srv.store.ListPeople(r.Context(), f)
	if err != nil {
		return err
	}
	m.People, m.Units, m.Total = page.People, unitChoices(page.Units, "Tất cả đơn vị", 0), page.Total
	link := func(key string, id int64) string {
		v := filterQuery(m)
		if key != "" {
			v.Set(key, strconv.FormatInt(id, 10))
		}
		if len(v) == 0 {
			return "/people"
		}
		return "/people?" + v.Encode()
	}
	m.ExportHref = "/people/export.xlsx"
	if v := filterQuery(m); len(v) > 0 {
		m.ExportHref += "?" + v.Encode()
	}
	switch {
	case len(page.People) == 0 && (f.After != 0 || f.Before != 0):
		m.Pages.First = link("", 0) // past the end (e.g. people moved away since)
	case page.HasPrev:
		m.Pages.First = link("", 0)
		m.Pages.Prev = link("before", page.People[0].ID)
	}
	if page.HasNext && len(page.People) > 0 {
		m.Pages.Next = link("after", page.People[len(page.People)-1].ID)
	}
	return srv.render(w, r, http.StatusOK, view.PeopleListPage(srv.page(r, "Cán bộ, công chức"), m))
}

func (srv *Server) personShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	// The person, the account and the whole history in one round trip.
	p, account, h, err := srv.store.PersonWithHistory(ctx, id)
	if err != nil {
		return err
	}
	office := isOffice(r)
	if u := userFrom(ctx); !office && (u.UnitID == 0 || p.UnitID != u.UnitID) {
		// A department head sees his own unit's people only.
		return srv.hidden(r)
	}
	m := view.PersonDetail{Person: p, CanEdit: userFrom(ctx).Roles.Has(auth.Admin), Office: office, History: historyYears(h, id, false)}
	m.CanAudit = m.CanEdit
	if m.CanEdit {
		m.Account = account
	}
	crumb := crumbPeople
	if !office {
		crumb = view.Crumb{Label: p.UnitName}
	}
	return srv.render(w, r, http.StatusOK, view.PersonPage(srv.page(r, p.FullName, crumb, view.Crumb{Label: p.FullName}), m))
}

func (srv *Server) personFormPage(w http.ResponseWriter, r *http.Request, status int, f view.PersonForm) error {
	units, err := srv.unitOptions(r, "Chọn đơn vị", 0)
	if err != nil {
		return err
	}
	f.Units = units
	title := "Thêm người"
	if f.ID != 0 {
		title = "Sửa thông tin"
	}
	return srv.render(w, r, status, view.PersonFormPage(srv.page(r, title, crumbPeople, view.Crumb{Label: title}), f))
}

func (srv *Server) personNew(w http.ResponseWriter, r *http.Request) error {
	return srv.personFormPage(w, r, http.StatusOK, view.PersonForm{UnitID: r.URL.Query().Get("unit"), Employment: string(org.CivilServant), Active: true,
		SubmissionID: newSubmissionID()})
}

func (srv *Server) personEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := srv.store.Person(r.Context(), id)
	if err != nil {
		return err
	}
	return srv.personFormPage(w, r, http.StatusOK, view.PersonForm{ID: p.ID, Version: p.Version, FullName: p.FullName,
		UnitID: strconv.FormatInt(p.UnitID, 10), Gender: string(p.Gender), BirthDate: formDate(p.BirthDate),
		Position: p.Position, IsLeader: p.IsLeader, Employment: string(p.Employment),
		RecruitedOn: formDate(p.RecruitedOn), Active: p.Active})
}

func (srv *Server) personFromForm(r *http.Request) (org.Person, view.PersonForm, validate.Problems) {
	f := view.PersonForm{FullName: text(r, "full_name"), UnitID: text(r, "unit_id"), Gender: text(r, "gender"),
		BirthDate: text(r, "birth_date"), Position: text(r, "position"), IsLeader: r.PostFormValue("is_leader") == "1",
		Employment: text(r, "employment"), RecruitedOn: text(r, "recruited_on"), Active: r.PostFormValue("active") == "1",
		SubmissionID: submissionID(r)}
	p := org.Person{FullName: f.FullName, Gender: org.Gender(f.Gender), Position: f.Position, IsLeader: f.IsLeader,
		Employment: org.Employment(f.Employment), Active: f.Active}
	pr := validate.Problems{}
	if f.UnitID != "" {
		id, err := parseID(f.UnitID)
		pr.Check(err == nil, "unit_id", "Chọn đơn vị công tác trong danh sách.")
		p.UnitID = id
	}
	p.BirthDate, _ = validate.Date(pr, "birth_date", "Ngày sinh", f.BirthDate, "15/08/1985")
	p.RecruitedOn, _ = validate.Date(pr, "recruited_on", "Ngày tuyển dụng", f.RecruitedOn, "01/07/2010")
	p.Normalize()
	for k, v := range p.Validate(srv.now()) {
		pr.Add(k, v)
	}
	return p, f, pr
}

func (srv *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, f, pr := srv.personFromForm(r)
	if pr.OK() {
		id, err := srv.store.CreatePerson(r.Context(), actor(r), p)
		if err = saveErrors(err, pr); err != nil {
			return err
		}
		if pr.OK() {
			srv.flash(r, "Đã thêm “"+p.FullName+"”.")
			return redirect(w, r, "/people/"+strconv.FormatInt(id, 10))
		}
	}
	f.Errors = formErrors(pr, personFieldOrder)
	return srv.personFormPage(w, r, http.StatusUnprocessableEntity, f)
}

func (srv *Server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	p, f, pr := srv.personFromForm(r)
	p.ID, p.Version, f.ID, f.Version = id, version, id, version
	if pr.OK() {
		err := srv.store.UpdatePerson(r.Context(), actor(r), p)
		if errors.Is(err, store.ErrConflict) {
			cur, cerr := srv.store.Person(r.Context(), id)
			if cerr != nil {
				return cerr
			}
			f.Version = cur.Version
			pr.Add("", "Người khác vừa sửa thông tin của người này. Nội dung bạn nhập vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu lần nữa để ghi đè.")
			f.Errors = formErrors(pr, personFieldOrder)
			return srv.personFormPage(w, r, http.StatusConflict, f)
		}
		if err = saveErrors(err, pr); err != nil {
			return err
		}
		if pr.OK() {
			srv.flash(r, "Đã lưu thông tin của “"+p.FullName+"”.")
			return redirect(w, r, "/people/"+strconv.FormatInt(id, 10))
		}
	}
	f.Errors = formErrors(pr, personFieldOrder)
	return srv.personFormPage(w, r, http.StatusUnprocessableEntity, f)
}

// peopleExport downloads the list as filtered, in the columns of the import.
func (srv *Server) peopleExport(w http.ResponseWriter, r *http.Request) error {
	f, _ := peopleFilter(r)
	people, err := srv.store.AllPeople(r.Context(), f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := staffimport.WriteList(&buf, people, false); err != nil {
		return err
	}
	return serveXLSX(w, "danh-sach-can-bo-"+srv.now().In(view.Vietnam).Format("2006-01-02")+".xlsx", buf.Bytes())
}
