package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/dossier"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

var roundFieldOrder = []string{"kind", "year", "title", "deadline"}

func roundItem(r store.Round) view.RoundItem {
	return view.RoundItem{ID: r.ID, Title: r.Title, Kind: r.Kind.Label(), Year: r.Year, Deadline: r.Deadline, Open: r.Open}
}

func (srv *Server) roundList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	head := isHead(u)
	var unitID int64
	if head {
		unitID = u.UnitID
	}
	rows, err := srv.store.Rounds(r.Context(), unitID)
	if err != nil {
		return err
	}
	m := view.RoundList{CanCreate: u.Roles.Has(auth.Office, auth.Admin), IsHead: head}
	for _, row := range rows {
		it := roundItem(row.Round)
		it.Dossiers, it.Submitted, it.MyDossier = row.Dossiers, row.Submitted, row.MyDossier
		if row.MyDossier != 0 {
			it.MyState = stateTag(row.MyState)
		}
		m.Rounds = append(m.Rounds, it)
	}
	return srv.render(w, r, http.StatusOK, view.RoundListPage(srv.page(r, "Đợt xét khen thưởng"), m))
}

func kindOptions() []view.Option {
	var out []view.Option
	for _, k := range dossier.RoundKinds {
		out = append(out, view.Option{Value: string(k), Label: k.Label()})
	}
	return out
}

func (srv *Server) roundFormPage(w http.ResponseWriter, r *http.Request, status int, f view.RoundForm) error {
	f.Kinds = kindOptions()
	return srv.render(w, r, status, view.RoundFormPage(srv.page(r, "Mở đợt xét", crumbRounds, view.Crumb{Label: "Mở đợt xét"}), f))
}

func (srv *Server) roundNew(w http.ResponseWriter, r *http.Request) error {
	year := srv.now().In(view.Vietnam).Year()
	return srv.roundFormPage(w, r, http.StatusOK, view.RoundForm{Kind: string(dossier.YearEnd), Year: strconv.Itoa(year),
		Title: fmt.Sprintf("Khen thưởng tổng kết năm %d", year), SubmissionID: newSubmissionID()})
}

func (srv *Server) roundCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := view.RoundForm{Kind: text(r, "kind"), Year: text(r, "year"), Title: text(r, "title"), Deadline: text(r, "deadline"),
		SubmissionID: submissionID(r)}
	p := validate.Problems{}
	rd := store.Round{Kind: dossier.RoundKind(f.Kind), Title: f.Title}
	year, err := strconv.Atoi(f.Year)
	p.Check(err == nil, "year", "Năm xét phải là số, ví dụ 2025.")
	rd.Year = year
	rd.Deadline, _ = validate.Date(p, "deadline", "Hạn nộp", f.Deadline, "10/12/2025")
	for k, v := range store.ValidateRound(rd) {
		p.Add(k, v)
	}
	if p.OK() {
		id, err := srv.store.CreateRound(r.Context(), actor(r), rd)
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			srv.flash(r, "Đã mở đợt xét “"+rd.Title+"”. Trưởng các phòng đã nhận được thông báo.")
			return redirect(w, r, fmt.Sprintf("/rounds/%d", id))
		}
		if _, dup := p["title"]; dup {
			p["title"] = "Năm này đã có đợt xét mang tên này."
		}
	}
	f.Errors = formErrors(p, roundFieldOrder)
	return srv.roundFormPage(w, r, http.StatusUnprocessableEntity, f)
}

func (srv *Server) roundShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	rd, err := srv.store.Round(ctx, id)
	if err != nil {
		return err
	}
	u := userFrom(ctx)
	// The head of a unit builds its dossier whatever her other roles (the
	// Chánh Văn phòng for Văn phòng Sở); the others read every unit's.
	m := view.RoundDetail{Round: roundItem(rd), IsHead: headScope(r).UnitID != 0, ShowAll: !isHead(u),
		CanClose: u.Roles.Has(auth.Office, auth.Admin), Version: rd.Version}
	cal, err := srv.store.Calendar(ctx)
	if err != nil {
		return err
	}
	m.DaysLeft = cal.WorkingDaysBetween(srv.now().In(view.Vietnam), rd.Deadline)
	m.CalendarNote = calendarNote(cal, srv.today(), rd.Deadline)
	if m.IsHead {
		ds, err := srv.store.Dossiers(ctx, store.Scope{UnitID: u.UnitID}, store.DossierFilter{RoundID: id})
		if err != nil {
			return err
		}
		if len(ds) > 0 {
			m.Round.MyDossier, m.Round.MyState = ds[0].ID, stateTag(ds[0].State)
		}
		m.CanOpen = rd.Open
		m.SubmissionID = newSubmissionID()
	}
	if m.ShowAll {
		sc, f := dossierScope(r), store.DossierFilter{RoundID: id}
		vs, order := dossierSort(r, view.Sort{})
		page, err := srv.store.DossierPageOf(ctx, sc, f, order, parseCursor(r), dossierPageSize)
		if err != nil {
			return err
		}
		total, _, err := srv.store.DossierCounts(ctx, sc, f, time.Time{})
		if err != nil {
			return err
		}
		m.Sort, m.Pages = vs, dossierPages(fmt.Sprintf("/rounds/%d", id), vs, page, fmt.Sprintf("%d hồ sơ", total))
		for _, d := range page.Dossiers {
			m.Dossiers = append(m.Dossiers, view.RoundDossier{ID: d.ID, Unit: d.UnitName, State: stateTag(d.State),
				Nominations: d.Nominations, Marked: d.Marked, SubmittedAt: d.SubmittedAt})
		}
	}
	return srv.render(w, r, http.StatusOK, view.RoundPage(srv.page(r, rd.Title, crumbRounds, view.Crumb{Label: rd.Title}), m))
}

func (srv *Server) dossierOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	sc := headScope(r)
	if sc.UnitID == 0 {
		return errForbidden
	}
	did, err := srv.store.OpenDossier(r.Context(), actor(r), id, sc.UnitID)
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/dossiers/%d", did))
}

func (srv *Server) roundSetOpen(w http.ResponseWriter, r *http.Request, open bool) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	if err := srv.store.SetRoundOpen(r.Context(), actor(r), id, version, open); err != nil {
		return err
	}
	if open {
		srv.flash(r, "Đã mở lại đợt xét: các phòng lập được hồ sơ mới.")
	} else {
		srv.flash(r, "Đã đóng đợt xét: các phòng không lập thêm hồ sơ mới; hồ sơ đã lập vẫn được xử lý.")
	}
	return redirect(w, r, fmt.Sprintf("/rounds/%d", id))
}

func (srv *Server) roundClose(w http.ResponseWriter, r *http.Request) error {
	return srv.roundSetOpen(w, r, false)
}

func (srv *Server) roundReopen(w http.ResponseWriter, r *http.Request) error {
	return srv.roundSetOpen(w, r, true)
}
