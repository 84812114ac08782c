package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

func historyLink(id int64) string { return "/people/" + strconv.FormatInt(id, 10) + "/history" }

func (srv *Server) historyForms(forms view.HistoryForms) view.HistoryForms {
	forms.Awards = []view.Option{{Value: "", Label: "Chọn danh hiệu, hình thức"}}
	for _, t := range award.Catalogue() {
		if t.Subject == award.Individual {
			forms.Awards = append(forms.Awards, view.Option{Value: t.Code, Label: t.Name})
		}
	}
	for _, k := range award.CommendationKinds {
		forms.Kinds = append(forms.Kinds, view.Option{Value: string(k), Label: k.Label()})
	}
	forms.Scopes = []view.Option{{Value: "", Label: "Chọn phạm vi"}}
	for _, s := range award.Scopes {
		forms.Scopes = append(forms.Scopes, view.Option{Value: string(s), Label: s.Label()})
	}
	forms.CaseKinds = []view.Option{{Value: "", Label: "Chọn loại vụ việc"}}
	for _, k := range award.CaseKinds {
		forms.CaseKinds = append(forms.CaseKinds, view.Option{Value: string(k), Label: k.Label()})
	}
	forms.Levels = []view.Option{{Value: "none", Label: "Không kỷ luật"}}
	for _, l := range award.Levels {
		forms.Levels = append(forms.Levels, view.Option{Value: string(l), Label: l.Label()})
	}
	if forms.Award.SubmissionID == "" {
		forms.Award.SubmissionID = newSubmissionID()
	}
	if forms.Award.Kind == "" {
		forms.Award.Kind = string(award.Merit)
	}
	if forms.Initiative.SubmissionID == "" {
		forms.Initiative.SubmissionID = newSubmissionID()
	}
	if forms.Case.SubmissionID == "" {
		forms.Case.SubmissionID = newSubmissionID()
	}
	return forms
}

// historyYears turns a history into the timeline, newest year first.
func historyYears(h award.History, personID int64, canEdit bool) []view.HistoryYear {
	by := map[int][]view.HistoryItem{}
	for y, r := range h.Ratings {
		by[y] = append(by[y], view.HistoryItem{Text: "Xếp loại: " + r.Label()})
	}
	for _, a := range h.Awards {
		it := view.HistoryItem{Text: award.Name(a.Code), Tag: view.Tag{Label: a.Kind.Label(), Tone: view.TonePurple}}
		if a.DecisionNo != "" {
			it.Detail = "Quyết định số " + a.DecisionNo
			if !a.DecisionDate.IsZero() {
				it.Detail += " ngày " + view.Date(a.DecisionDate)
			}
		}
		it.Detail = joinDetail(it.Detail, a.Source.Label())
		if canEdit && a.Source != award.FromDecision {
			it.DeleteHref = historyLink(personID) + "/awards/" + strconv.FormatInt(a.ID, 10) + "/delete"
		}
		by[a.Year] = append(by[a.Year], it)
	}
	for _, in := range h.Initiatives {
		kind := "Sáng kiến"
		if in.Research {
			kind = "Đề tài"
		}
		it := view.HistoryItem{Text: kind + " “" + in.Title + "” được công nhận " + view.Date(in.RecognisedOn),
			Detail: "phạm vi " + in.Scope.Label()}
		if in.UsedAsGrounds {
			it.Tag = view.Tag{Label: "Đã dùng làm căn cứ khen thưởng", Tone: view.ToneGrey}
		} else {
			it.Detail += ", chưa dùng làm căn cứ khen thưởng"
		}
		if canEdit {
			it.ToggleHref = historyLink(personID) + "/initiatives/" + strconv.FormatInt(in.ID, 10) + "/used"
			it.ToggleUsed = !in.UsedAsGrounds
		}
		y := in.RecognisedOn.Year()
		by[y] = append(by[y], it)
	}
	for _, c := range h.Cases {
		it := view.HistoryItem{Text: c.Kind.Label() + " từ " + view.Date(c.OpenedOn)}
		if c.Open() {
			it.Tag = view.Tag{Label: "Đang xem xét", Tone: view.ToneYellow}
			if canEdit {
				it.CloseID = c.ID
			}
		} else {
			it.Detail = "kết thúc " + view.Date(c.ClosedOn)
			if c.Level != "" {
				it.Tag = view.Tag{Label: c.Level.Label(), Tone: view.ToneRed}
				if !c.EndsOn.IsZero() {
					it.Detail += ", hết thời hạn kỷ luật " + view.Date(c.EndsOn)
				}
			} else {
				it.Detail += ", không kỷ luật"
			}
		}
		y := c.OpenedOn.Year()
		by[y] = append(by[y], it)
	}
	years := make([]int, 0, len(by))
	for y := range by {
		years = append(years, y)
	}
	slices.Sort(years)
	slices.Reverse(years)
	out := make([]view.HistoryYear, len(years))
	for i, y := range years {
		out[i] = view.HistoryYear{Year: y, Items: by[y]}
	}
	return out
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (srv *Server) historyPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	forms := view.HistoryForms{}
	if c := r.URL.Query().Get("close"); c != "" {
		cid, err := parseID(c)
		if err != nil {
			return err
		}
		forms.Close = view.HistoryCloseForm{CaseID: cid, Level: "none"}
	}
	return srv.renderHistory(w, r, http.StatusOK, id, forms)
}

func (srv *Server) renderHistory(w http.ResponseWriter, r *http.Request, status int, id int64, forms view.HistoryForms) error {
	ctx := r.Context()
	p, err := srv.store.Person(ctx, id)
	if err != nil {
		return err
	}
	h, err := srv.store.PersonHistory(ctx, id)
	if err != nil {
		return err
	}
	m := view.PersonHistory{PersonID: id, Name: p.FullName, RecruitedOn: view.Date(p.RecruitedOn), CanEdit: isOffice(r),
		Years: historyYears(h, id, isOffice(r)), Forms: srv.historyForms(forms)}
	page := srv.page(r, "Quá trình thi đua, khen thưởng", crumbPeople,
		view.Crumb{Label: p.FullName, Href: "/people/" + strconv.FormatInt(id, 10)}, view.Crumb{Label: "Quá trình thi đua, khen thưởng"})
	return srv.render(w, r, status, view.PersonHistoryPage(page, m))
}

func parseYear(s string) (int, bool) {
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1975 && y <= 2100
}

// awardForm reads and checks the form recording a past title or award of
// subject.
func awardForm(r *http.Request, subject award.Subject) (view.HistoryAwardForm, store.AwardEntry, award.AwardType, validate.Problems) {
	f := view.HistoryAwardForm{Year: text(r, "year"), Code: text(r, "code"), Kind: text(r, "kind"), DecisionNo: text(r, "decision_no"),
		DecisionDate: text(r, "decision_date"), SubmissionID: submissionID(r)}
	pr := validate.Problems{}
	e := store.AwardEntry{Code: f.Code, Kind: award.CommendationKind(f.Kind), DecisionNo: f.DecisionNo, Source: award.FromEntered}
	var ok bool
	e.Year, ok = parseYear(f.Year)
	pr.Check(ok, "year", "Nhập năm từ 1975 đến 2100, ví dụ 2024.")
	t, ok := award.Lookup(f.Code)
	pr.Check(ok && t.Subject == subject, "code", "Chọn danh hiệu, hình thức khen thưởng trong danh sách.")
	pr.Check(e.Kind.Valid(), "kind", "Chọn loại hình khen thưởng.")
	pr.Check(validate.Len(f.DecisionNo) <= 100, "decision_no", "Số quyết định dài tối đa 100 ký tự.")
	e.DecisionDate, _ = validate.Date(pr, "decision_date", "Ngày quyết định", f.DecisionDate, "20/12/2024")
	return f, e, t, pr
}

// addAward records e and reports a duplicate merit record (R14) as a
// problem; done is true when it was recorded.
func (srv *Server) addAward(r *http.Request, e store.AwardEntry, t award.AwardType, pr validate.Problems) (done bool, err error) {
	_, err = srv.store.AddAward(r.Context(), actor(r), e)
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		who := "người này"
		if e.UnitID != 0 {
			who = "tập thể này"
		}
		pr.Add("code", fmt.Sprintf("Năm %d %s đã được ghi nhận %s (công trạng). Một thành tích chỉ được khen thưởng một lần.", e.Year, who, t.Name))
		return false, nil
	case err != nil:
		return false, err
	}
	srv.flash(r, fmt.Sprintf("Đã ghi nhận %s năm %d.", t.Name, e.Year))
	return true, nil
}

func (srv *Server) historyAddAward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f, e, t, pr := awardForm(r, award.Individual)
	e.PersonID = id
	if pr.OK() {
		done, err := srv.addAward(r, e, t, pr)
		if err != nil {
			return err
		}
		if done {
			return redirect(w, r, historyLink(id))
		}
	}
	f.Errors = formErrors(pr, []string{"year", "code", "kind", "decision_no", "decision_date"})
	return srv.renderHistory(w, r, http.StatusUnprocessableEntity, id, view.HistoryForms{Award: f})
}

func (srv *Server) historyDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	eid, err := idParam(r, "entry")
	if err != nil {
		return err
	}
	h, err := srv.store.PersonHistory(r.Context(), id)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(h.Awards, func(a award.AwardRecord) bool { return a.ID == eid })
	if i < 0 {
		return errNotFoundPage
	}
	a := h.Awards[i]
	action := historyLink(id) + "/awards/" + strconv.FormatInt(eid, 10) + "/delete"
	p := srv.page(r, "Xoá khen thưởng", crumbPeople, view.Crumb{Label: h.Name, Href: historyLink(id)}, view.Crumb{Label: "Xoá"})
	return srv.render(w, r, http.StatusOK, view.Confirm(p, fmt.Sprintf("Xoá %s năm %d của %s?", award.Name(a.Code), a.Year, h.Name),
		"Bản ghi này sẽ không còn được tính khi xét điều kiện khen thưởng. Việc xoá được lưu vào nhật ký.",
		action, "Xoá", historyLink(id), nil, false, view.Errors{}))
}

func (srv *Server) historyDeleteAward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	eid, err := idParam(r, "entry")
	if err != nil {
		return err
	}
	if err := srv.store.DeleteAward(r.Context(), actor(r), id, eid); err != nil {
		return err
	}
	srv.flash(r, "Đã xoá bản ghi khen thưởng.")
	return redirect(w, r, historyLink(id))
}

func (srv *Server) historyAddInitiative(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := view.HistoryInitiativeForm{Title: text(r, "title"), Scope: text(r, "scope"), RecognisedOn: text(r, "recognised_on"),
		Research: r.PostFormValue("research") == "1", Used: r.PostFormValue("used") == "1", SubmissionID: submissionID(r)}
	pr := validate.Problems{}
	e := store.InitiativeEntry{PersonID: id, Title: f.Title, Research: f.Research, Scope: award.Scope(f.Scope), UsedAsGrounds: f.Used}
	pr.Check(f.Title != "" && validate.Len(f.Title) <= 500, "title", "Nhập tên sáng kiến, đề tài (tối đa 500 ký tự).")
	pr.Check(e.Scope.Valid(), "scope", "Chọn phạm vi ảnh hưởng.")
	var ok bool
	e.RecognisedOn, ok = validate.Date(pr, "recognised_on", "Ngày công nhận", f.RecognisedOn, "15/11/2025")
	pr.Check(!ok || !e.RecognisedOn.IsZero(), "recognised_on", "Nhập ngày công nhận, ví dụ 15/11/2025.")
	pr.Check(!ok || !e.RecognisedOn.After(srv.todayDate()), "recognised_on", "Ngày công nhận không được sau hôm nay ("+view.Date(srv.todayDate())+").")
	if pr.OK() {
		if _, err := srv.store.AddInitiative(r.Context(), actor(r), e); err != nil {
			return err
		}
		srv.flash(r, "Đã ghi nhận sáng kiến “"+f.Title+"”.")
		return redirect(w, r, historyLink(id))
	}
	f.Errors = formErrors(pr, []string{"title", "scope", "recognised_on"})
	return srv.renderHistory(w, r, http.StatusUnprocessableEntity, id, view.HistoryForms{Initiative: f})
}

func (srv *Server) historyInitiativeUsed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	eid, err := idParam(r, "entry")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	used := r.PostFormValue("used") == "1"
	if err := srv.store.SetInitiativeUsed(r.Context(), actor(r), id, eid, used); err != nil {
		return err
	}
	srv.flash(r, "Đã cập nhật sáng kiến.")
	return redirect(w, r, historyLink(id))
}

func (srv *Server) historyAddCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := view.HistoryCaseForm{Kind: text(r, "kind"), OpenedOn: text(r, "opened_on"), Note: text(r, "note"), SubmissionID: submissionID(r)}
	pr := validate.Problems{}
	e := store.CaseEntry{PersonID: id, Kind: award.CaseKind(f.Kind), Note: f.Note}
	pr.Check(e.Kind.Valid(), "kind", "Chọn loại vụ việc.")
	var ok bool
	e.OpenedOn, ok = validate.Date(pr, "opened_on", "Ngày bắt đầu xem xét", f.OpenedOn, "01/10/2025")
	pr.Check(!ok || !e.OpenedOn.IsZero(), "opened_on", "Nhập ngày bắt đầu xem xét, ví dụ 01/10/2025.")
	pr.Check(ok && !e.OpenedOn.After(srv.now().Add(24*time.Hour)), "opened_on", "Ngày bắt đầu xem xét không được sau hôm nay.")
	pr.Check(validate.Len(f.Note) <= 1000, "note", "Ghi chú dài tối đa 1.000 ký tự.")
	if pr.OK() {
		if _, err := srv.store.OpenCase(r.Context(), actor(r), e); err != nil {
			return err
		}
		srv.flash(r, "Đã ghi nhận vụ việc. Các đề nghị khen thưởng của người này được tạm dừng xét đến khi vụ việc kết thúc.")
		return redirect(w, r, historyLink(id))
	}
	f.Errors = formErrors(pr, []string{"kind", "opened_on", "note"})
	return srv.renderHistory(w, r, http.StatusUnprocessableEntity, id, view.HistoryForms{Case: f})
}

func (srv *Server) historyCloseCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cid, err := idParam(r, "entry")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := view.HistoryCloseForm{CaseID: cid, ClosedOn: text(r, "closed_on"), Level: text(r, "level"), EndsOn: text(r, "ends_on")}
	pr := validate.Problems{}
	closed, ok := validate.Date(pr, "closed_on", "Ngày kết thúc", f.ClosedOn, "15/12/2025")
	pr.Check(!ok || !closed.IsZero(), "closed_on", "Nhập ngày kết thúc, ví dụ 15/12/2025.")
	level := award.Level(f.Level)
	if f.Level == "none" {
		level = ""
	}
	pr.Check(level == "" || level.Valid(), "level", "Chọn hình thức kỷ luật trong danh sách.")
	ends, _ := validate.Date(pr, "ends_on", "Ngày hết thời hạn kỷ luật", f.EndsOn, "15/12/2026")
	pr.Check(level != "" || ends.IsZero(), "ends_on", "Chỉ nhập ngày hết thời hạn khi có hình thức kỷ luật.")
	if pr.OK() {
		err := srv.store.CloseCase(r.Context(), actor(r), id, cid, closed, level, ends)
		var re *store.RuleError
		switch {
		case errors.As(err, &re):
			pr.Add("closed_on", re.Message)
		case err != nil:
			return err
		default:
			srv.flash(r, "Đã ghi nhận kết thúc vụ việc.")
			return redirect(w, r, historyLink(id))
		}
	}
	f.Errors = formErrors(pr, []string{"closed_on", "level", "ends_on"})
	return srv.renderHistory(w, r, http.StatusUnprocessableEntity, id, view.HistoryForms{Close: f})
}
