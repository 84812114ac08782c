package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/calendar"
	"tdkt/internal/dossier"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// dossierPageSize is how many dossiers a round page or the queue shows.
const dossierPageSize = 50

// parseCursor reads a dossier list's "after" parameter, "key.id"; a
// malformed one is the first page.
func parseCursor(r *http.Request) store.DossierCursor {
	k, id, ok := strings.Cut(r.URL.Query().Get("after"), ".")
	if !ok {
		return store.DossierCursor{}
	}
	key, err1 := strconv.ParseInt(k, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	// The key is a sort order or a submission time in microseconds: one
	// beyond ±2^53 (year 2255) is no cursor tdkt wrote.
	if err1 != nil || err2 != nil || n <= 0 || key > 1<<53 || key < -(1<<53) {
		return store.DossierCursor{}
	}
	return store.DossierCursor{Key: key, ID: n}
}

// dossierPages links a paged dossier list at base.
func dossierPages(base string, after store.DossierCursor, p store.DossierPage, summary string) view.Keyset {
	k := view.Keyset{Summary: summary}
	if after.ID != 0 {
		k.First = base
	}
	if p.HasNext {
		k.Next = fmt.Sprintf("%s?after=%d.%d", base, p.Next.Key, p.Next.ID)
	}
	return k
}

// overdueBefore is the start of the earliest (re)submission day that is
// not yet past its appraisal deadline today: a dossier submitted before
// it is overdue. The deadline grows with the submission date, so a
// binary search over the days before today finds it.
func overdueBefore(cal *calendar.Calendar, today time.Time, days int) time.Time {
	overdue := func(d time.Time) bool { return cal.WorkingDaysBetween(today, cal.AddWorkingDays(d, days)) < 0 }
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, view.Vietnam)
	// lo is overdue (or the search's floor), hi is not: today never is.
	lo, hi := -(10*days + 400), 0
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if overdue(day.AddDate(0, 0, mid)) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return day.AddDate(0, 0, hi)
}

func (srv *Server) appraisalQueue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := srv.store.Settings(ctx)
	if err != nil {
		return err
	}
	cal, err := srv.store.Calendar(ctx)
	if err != nil {
		return err
	}
	days := st.AppraisalDays
	if days <= 0 {
		days = 20
	}
	today := srv.today()
	f := store.DossierFilter{States: []dossier.State{dossier.Submitted, dossier.Appraising}}
	after := parseCursor(r)
	page, err := srv.store.DossierPageOf(ctx, store.Scope{All: true}, f, store.BySubmission, after, dossierPageSize)
	if err != nil {
		return err
	}
	total, overdue, err := srv.store.DossierCounts(ctx, store.Scope{All: true}, f, overdueBefore(cal, today, days))
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("%d hồ sơ chờ thẩm định", total)
	if overdue > 0 {
		summary += fmt.Sprintf(", %d hồ sơ quá hạn", overdue)
	}
	m := view.AppraisalQueue{Days: days, Pages: dossierPages("/appraisal", after, page, summary)}
	for _, d := range page.Dossiers {
		due := cal.AddWorkingDays(d.SubmittedAt.In(view.Vietnam), days)
		m.Rows = append(m.Rows, view.QueueRow{ID: d.ID, Unit: d.UnitName, Round: d.RoundTitle, State: stateTag(d.State),
			SubmittedAt: d.SubmittedAt, Due: due, DaysLeft: cal.WorkingDaysBetween(today, due), Nominations: d.Nominations, Marked: d.Marked})
	}
	return srv.render(w, r, http.StatusOK, view.AppraisalQueuePage(srv.page(r, "Hồ sơ chờ thẩm định"), m))
}

func (srv *Server) dossierReceive(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	if err := srv.fire(r, store.Scope{All: true}, id, version, dossier.Receive, "", time.Time{}); err != nil {
		return err
	}
	srv.flash(r, "Đã tiếp nhận hồ sơ. Hãy kết luận từng đề nghị.")
	return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
}

func (srv *Server) dossierAppraise(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	if err := srv.fire(r, store.Scope{All: true}, id, version, dossier.Appraise, "", time.Time{}); err != nil {
		return err
	}
	srv.flash(r, "Đã hoàn tất thẩm định hồ sơ. Đơn vị đã nhận được thông báo.")
	return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
}

func (srv *Server) returnFormPage(w http.ResponseWriter, r *http.Request, status int, f view.ReturnForm) error {
	d, err := srv.store.Dossier(r.Context(), store.Scope{All: true}, f.ID)
	if err != nil {
		return err
	}
	f.Round, f.Unit = d.RoundTitle, d.UnitName
	if f.Version == 0 {
		f.Version = d.Version
	}
	return srv.render(w, r, status, view.ReturnFormPage(srv.page(r, "Trả lại hồ sơ", crumbRounds,
		view.Crumb{Label: d.UnitName, Href: fmt.Sprintf("/dossiers/%d", d.ID)}, view.Crumb{Label: "Trả lại để bổ sung"}), f))
}

func (srv *Server) dossierReturnForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st, err := srv.store.Settings(ctx)
	if err != nil {
		return err
	}
	cal, err := srv.store.Calendar(ctx)
	if err != nil {
		return err
	}
	days := st.ReturnDays
	if days <= 0 {
		days = 5
	}
	due := cal.AddWorkingDays(srv.today(), days)
	return srv.returnFormPage(w, r, http.StatusOK, view.ReturnForm{ID: id, DueOn: formDate(due), SubmissionID: newSubmissionID()})
}

func (srv *Server) dossierReturn(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	f := view.ReturnForm{ID: id, Version: version, Items: textarea(r, "items"), DueOn: text(r, "due_on"), SubmissionID: submissionID(r)}
	p := validate.Problems{}
	p.Check(validate.Len(f.Items) >= 5, "items", "Hãy ghi rõ những nội dung đơn vị cần bổ sung.")
	p.Check(validate.Len(f.Items) <= 5000, "items", "Danh sách bổ sung tối đa 5.000 ký tự.")
	due, ok := validate.ParseDate(f.DueOn)
	p.Check(ok, "due_on", "Hạn bổ sung phải có dạng ngày/tháng/năm, ví dụ 15/12/2025.")
	status := http.StatusUnprocessableEntity
	if p.OK() {
		err := srv.fire(r, store.Scope{All: true}, id, version, dossier.Return, f.Items, due)
		if errors.Is(err, store.ErrConflict) {
			p.Add("", "Hồ sơ vừa được người khác thay đổi nên chưa trả lại được. Nội dung bạn nhập vẫn được giữ; hãy kiểm tra hồ sơ rồi gửi lại.")
			f.Version = 0
			status = http.StatusConflict
		} else if err = saveErrors(err, p); err != nil {
			return err
		} else if p.OK() {
			srv.flash(r, "Đã trả lại hồ sơ để bổ sung. Trưởng phòng đã nhận được thông báo.")
			return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
		}
	}
	f.Errors = formErrors(p, []string{"items", "due_on"})
	f.SubmissionID = newSubmissionID()
	return srv.returnFormPage(w, r, status, f)
}

var markFieldOrder = []string{"mark", "reason"}

func markOptions() []view.Option {
	return []view.Option{
		{Value: string(dossier.Eligible), Label: "Đủ điều kiện"},
		{Value: string(dossier.Ineligible), Label: "Không đủ điều kiện"},
		{Value: string(dossier.OnHold), Label: "Tạm dừng xét (đang có vụ việc chưa kết luận)"},
	}
}

// currentVerdict evaluates a nomination now, under the rules in force on
// its round's consideration date.
func (srv *Server) currentVerdict(r *http.Request, d store.Dossier, n store.Nomination) (award.Verdict, award.RuleSet, error) {
	at, ok := award.Lookup(n.AwardCode)
	if !ok {
		return award.Verdict{}, award.RuleSet{}, errNotFoundPage
	}
	subject := store.UnitSubject(n.SubjectUnitID)
	if n.PersonID != 0 {
		subject = store.PersonSubject(n.PersonID)
	}
	vs, err := srv.store.Verdicts(r.Context(), award.ConsiderationDate(d.RoundYear), d.RoundYear, at, []store.Subject{subject})
	if err != nil {
		return award.Verdict{}, vs.Rules, err
	}
	sv, ok := vs.Of[subject]
	if !ok {
		return award.Verdict{}, vs.Rules, errNotFoundPage
	}
	return sv.Verdict, vs.Rules, nil
}

func (srv *Server) markFormPage(w http.ResponseWriter, r *http.Request, status int, id, nid int64, f view.MarkForm) error {
	ctx := r.Context()
	d, err := srv.store.Dossier(ctx, store.Scope{All: true}, id)
	if err != nil {
		return err
	}
	n, err := srv.store.Nomination(ctx, store.Scope{All: true}, id, nid)
	if err != nil {
		return err
	}
	v, rules, err := srv.currentVerdict(r, d, n)
	if err != nil {
		return err
	}
	f.DossierID, f.ID, f.Subject, f.Award, f.Summary = id, nid, n.SubjectName, n.AwardName(), n.Summary
	f.Flagged, f.Justification = n.Flagged, n.Justification
	f.Verdict, f.RuleSet, f.Marks = verdictTag(v.Outcome), rules.Name, markOptions()
	if f.Version == 0 {
		f.Version = n.Version
	}
	if f.Mark == "" && n.State.Marked() {
		f.Mark, f.Reason = string(n.State), n.MarkReason
	}
	for _, c := range v.Checks {
		f.Checks = append(f.Checks, view.CheckLine{Text: c.Text, Article: c.Article, Passed: c.Passed, Manual: c.Manual})
	}
	if f.SubmissionID == "" {
		f.SubmissionID = newSubmissionID()
	}
	return srv.render(w, r, status, view.MarkFormPage(srv.page(r, "Thẩm định đề nghị", crumbRounds,
		view.Crumb{Label: d.UnitName, Href: fmt.Sprintf("/dossiers/%d", id)}, view.Crumb{Label: n.SubjectName}), f))
}

func (srv *Server) markForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	nid, err := idParam(r, "nom")
	if err != nil {
		return err
	}
	return srv.markFormPage(w, r, http.StatusOK, id, nid, view.MarkForm{})
}

func (srv *Server) markSave(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	nid, err := idParam(r, "nom")
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := view.MarkForm{Version: version, Mark: text(r, "mark"), Reason: text(r, "reason"), SubmissionID: submissionID(r)}
	p := validate.Problems{}
	mark := dossier.NominationState(f.Mark)
	p.Check(mark.Marked(), "mark", "Chọn kết luận thẩm định.")
	p.Check(mark == dossier.Eligible || mark == "" || validate.Len(f.Reason) >= 5, "reason", "Hãy ghi rõ lý do (ít nhất 5 ký tự).")
	p.Check(validate.Len(f.Reason) <= 2000, "reason", "Lý do tối đa 2.000 ký tự.")
	status := http.StatusUnprocessableEntity
	if p.OK() {
		d, err := srv.store.Dossier(ctx, store.Scope{All: true}, id)
		if err != nil {
			return err
		}
		n, err := srv.store.Nomination(ctx, store.Scope{All: true}, id, nid)
		if err != nil {
			return err
		}
		v, rules, err := srv.currentVerdict(r, d, n)
		if err != nil {
			return err
		}
		err = srv.store.MarkNomination(ctx, actor(r), store.Mark{DossierID: id, NominationID: nid, Version: version, Mark: mark,
			Reason: f.Reason, Verdict: v, RuleSet: rules.Code})
		if errors.Is(err, store.ErrConflict) {
			p.Add("", "Người khác vừa kết luận đề nghị này. Kết luận bạn chọn vẫn được giữ; hãy xem lại rồi lưu.")
			f.Version = 0
			status = http.StatusConflict
		} else if err = saveErrors(err, p); err != nil {
			return err
		} else if p.OK() {
			srv.flash(r, "Đã lưu kết luận: "+n.SubjectName+" – "+mark.Label()+".")
			return redirect(w, r, fmt.Sprintf("/dossiers/%d#nominations", id))
		}
	}
	f.Errors = formErrors(p, markFieldOrder)
	f.SubmissionID = newSubmissionID()
	return srv.markFormPage(w, r, status, id, nid, f)
}

// holidayYears are the years the calendar page offers.
func holidayYears(now time.Time) []int {
	y := now.Year()
	return []int{y - 2, y - 1, y, y + 1}
}

func (srv *Server) holidayPage(w http.ResponseWriter, r *http.Request, status int, m view.HolidayList) error {
	days, err := srv.store.Holidays(r.Context())
	if err != nil {
		return err
	}
	m.Years = holidayYears(srv.today())
	for _, d := range days {
		if d.Date.Year() == m.Year {
			m.Rows = append(m.Rows, view.HolidayRow{Date: d.Date, Key: d.Date.Format(time.DateOnly), Name: d.Name, Working: d.Working})
		}
	}
	return srv.render(w, r, status, view.HolidayListPage(srv.page(r, "Ngày nghỉ lễ, Tết"), m))
}

func (srv *Server) holidayList(w http.ResponseWriter, r *http.Request) error {
	year := srv.today().Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	return srv.holidayPage(w, r, http.StatusOK, view.HolidayList{Year: year})
}

func (srv *Server) holidaySave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	m := view.HolidayList{Date: text(r, "date"), Name: text(r, "name"), Working: r.PostFormValue("working") != ""}
	p := validate.Problems{}
	day, ok := validate.ParseDate(m.Date)
	p.Check(ok && !day.IsZero(), "date", "Ngày phải có dạng ngày/tháng/năm, ví dụ 01/01/2026.")
	p.Check(validate.Len(m.Name) >= 1 && validate.Len(m.Name) <= 200, "name", "Nhập tên ngày nghỉ (tối đa 200 ký tự).")
	if ok && m.Working {
		p.Check(day.Weekday() == time.Saturday || day.Weekday() == time.Sunday, "date", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
	}
	m.Year = srv.today().Year()
	if ok && !day.IsZero() {
		m.Year = day.Year()
	}
	if p.OK() {
		if err := srv.store.SaveHoliday(r.Context(), actor(r), calendar.Day{Date: day, Name: m.Name, Working: m.Working}); err != nil {
			return err
		}
		srv.flash(r, "Đã lưu ngày "+m.Date+".")
		return redirect(w, r, fmt.Sprintf("/admin/holidays?year=%d", day.Year()))
	}
	m.Errors = formErrors(p, []string{"date", "name"})
	return srv.holidayPage(w, r, http.StatusUnprocessableEntity, m)
}

func holidayDay(r *http.Request) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, r.PathValue("day"))
	if err != nil {
		return time.Time{}, errNotFoundPage
	}
	return d, nil
}

func (srv *Server) holidayRemoveConfirm(w http.ResponseWriter, r *http.Request) error {
	day, err := holidayDay(r)
	if err != nil {
		return err
	}
	days, err := srv.store.Holidays(r.Context())
	if err != nil {
		return err
	}
	name := ""
	for _, d := range days {
		if d.Date.Equal(day) {
			name = d.Name
		}
	}
	if name == "" {
		return errNotFoundPage
	}
	back := fmt.Sprintf("/admin/holidays?year=%d", day.Year())
	return srv.render(w, r, http.StatusOK, view.Confirm(srv.page(r, "Xóa ngày nghỉ"), "Xóa ngày "+view.Date(day)+" ("+name+")?",
		"Các thời hạn tính từ nay sẽ coi ngày này như một ngày bình thường.", "/admin/holidays/"+day.Format(time.DateOnly)+"/remove",
		"Xóa", back, nil, false, view.Errors{}))
}

func (srv *Server) holidayRemove(w http.ResponseWriter, r *http.Request) error {
	day, err := holidayDay(r)
	if err != nil {
		return err
	}
	if err := srv.store.RemoveHoliday(r.Context(), actor(r), day); err != nil {
		return err
	}
	srv.flash(r, "Đã xóa ngày "+view.Date(day)+".")
	return redirect(w, r, fmt.Sprintf("/admin/holidays?year=%d", day.Year()))
}
