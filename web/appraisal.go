package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
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

// parseCursor reads a dossier list's position: "after" (the page after)
// or "before" (the page before), each "key.id"; a malformed one is the
// first page.
func parseCursor(r *http.Request) store.DossierCursor {
	q := r.URL.Query()
	raw, back := q.Get("after"), false
	if raw == "" {
		raw, back = q.Get("before"), true
	}
	k, id, ok := strings.Cut(raw, ".")
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
	return store.DossierCursor{Key: key, ID: n, Back: back}
}

// dossierSort reads a dossier list's "sort" parameter (view.DossierSortKeys).
func dossierSort(r *http.Request, def view.Sort) (view.Sort, store.DossierSort) {
	s := view.ParseSort(r.URL.Query().Get("sort"), view.DossierSortKeys, def)
	order := map[string]store.DossierOrder{"unit": store.ByUnit, "state": store.ByState, "submitted": store.BySubmission}[s.Key]
	return s, store.DossierSort{Order: order, Desc: s.Desc}
}

// dossierPages links a paged dossier list at base, in the sort s.
func dossierPages(base string, s view.Sort, p store.DossierPage, summary string) view.Keyset {
	k := view.Keyset{Summary: summary}
	link := func(param string, c store.DossierCursor) string {
		q := url.Values{}
		if s.Key != "" {
			q.Set("sort", s.Param())
		}
		if param != "" {
			q.Set(param, fmt.Sprintf("%d.%d", c.Key, c.ID))
		}
		if len(q) == 0 {
			return base
		}
		return base + "?" + q.Encode()
	}
	if p.HasPrev {
		k.First, k.Prev = link("", store.DossierCursor{}), link("before", p.Prev)
	}
	if p.HasNext {
		k.Next = link("after", p.Next)
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
	st, cal, err := srv.store.SettingsAndCalendar(ctx)
	if err != nil {
		return err
	}
	days := st.AppraisalTerm()
	today := srv.today()
	f := store.DossierFilter{States: []dossier.State{dossier.Submitted, dossier.Appraising}}
	vs, order := dossierSort(r, view.Sort{Key: "submitted"})
	page, err := srv.store.DossierPageOf(ctx, store.Scope{All: true}, f, order, parseCursor(r), dossierPageSize)
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
	m := view.AppraisalQueue{Days: days, Sort: vs, Pages: dossierPages("/appraisal", vs, page, summary)}
	for _, d := range page.Dossiers {
		due := cal.AddWorkingDays(d.SubmittedAt.In(view.Vietnam), days)
		if m.CalendarNote == "" {
			m.CalendarNote = calendarNote(cal, d.SubmittedAt.In(view.Vietnam), due)
		}
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
	st, cal, err := srv.store.SettingsAndCalendar(r.Context())
	if err != nil {
		return err
	}
	due := cal.AddWorkingDays(srv.today(), st.ReturnTerm())
	return srv.returnFormPage(w, r, http.StatusOK, view.ReturnForm{ID: id, DueOn: formDate(due), CalendarNote: calendarNote(cal, srv.today(), due),
		SubmissionID: newSubmissionID()})
}

func (srv *Server) dossierReturn(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	f := view.ReturnForm{ID: id, Version: version, Items: textarea(r, "items"), DueOn: text(r, "due_on"), SubmissionID: submissionID(r)}
	p := dossier.CheckReturn(f.Items)
	due, ok := validate.Date(p, "due_on", "Hạn bổ sung", f.DueOn, "15/12/2025")
	p.Check(!ok || due.IsZero() || !due.Before(srv.todayDate()), "due_on",
		"Hạn bổ sung đã qua; chọn một ngày từ hôm nay ("+view.Date(srv.todayDate())+") trở đi, hoặc để trống.")
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
	if decides, err := srv.actsAsOffice(ctx, d.UnitID); err != nil {
		return err
	} else if !decides {
		return errForbidden // four eyes: not one's own unit's dossier
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
	mark := dossier.NominationState(f.Mark)
	p := dossier.CheckMark(mark, f.Reason)
	status := http.StatusUnprocessableEntity
	if p.OK() {
		d, err := srv.store.Dossier(ctx, store.Scope{All: true}, id)
		if err != nil {
			return err
		}
		if decides, err := srv.actsAsOffice(ctx, d.UnitID); err != nil {
			return err
		} else if !decides {
			return errForbidden // four eyes
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

// calendarNote warns when a working-day count from one date to another
// crosses a year whose days off the office has not confirmed.
func calendarNote(cal *calendar.Calendar, from, to time.Time) string {
	if to.Before(from) {
		from, to = to, from
	}
	for y := from.Year(); y <= to.Year(); y++ {
		if !cal.Confirmed(y) {
			return fmt.Sprintf("Số ngày làm việc đang tạm tính theo lịch nghỉ lễ, Tết năm %d do hệ thống đề xuất; Văn phòng cần đối chiếu với thông báo của Chính phủ và xác nhận.", y)
		}
	}
	return ""
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
	confirmed, at, err := srv.store.HolidayYearConfirmed(r.Context(), m.Year)
	if err != nil {
		return err
	}
	m.Years = holidayYears(srv.today())
	m.Confirmed, m.Tet, m.Hung = confirmed, view.Date(calendar.Tet(m.Year)), view.Date(calendar.HungKings(m.Year))
	if !at.IsZero() {
		m.ConfirmedAt = view.Date(at)
	}
	stored := map[string]bool{}
	for _, d := range days {
		if d.Date.Year() == m.Year {
			k := d.Date.Format(time.DateOnly)
			stored[k] = true
			m.Rows = append(m.Rows, view.HolidayRow{Date: d.Date, Key: k, Name: d.Name, Working: d.Working})
		}
	}
	if !confirmed {
		for _, d := range calendar.Proposed(m.Year) {
			if k := d.Date.Format(time.DateOnly); !stored[k] {
				m.Rows = append(m.Rows, view.HolidayRow{Date: d.Date, Key: k, Name: d.Name, Working: d.Working, Proposed: true})
			}
		}
		sort.Slice(m.Rows, func(i, j int) bool { return m.Rows[i].Date.Before(m.Rows[j].Date) })
	}
	return srv.render(w, r, status, view.HolidayListPage(srv.page(r, "Ngày nghỉ lễ, Tết"), m))
}

// holidayConfirm records that the year's days off agree with the
// Government's notice: the proposed days are stored as they stand.
func (srv *Server) holidayConfirm(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 2000 || year > 2100 || strconv.Itoa(year) != r.PathValue("year") {
		return errNotFoundPage
	}
	if err := srv.store.ConfirmHolidayYear(r.Context(), actor(r), year); err != nil {
		return err
	}
	srv.flash(r, fmt.Sprintf("Đã xác nhận lịch nghỉ lễ, Tết năm %d.", year))
	return redirect(w, r, fmt.Sprintf("/admin/holidays?year=%d", year))
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
	dp := validate.Problems{}
	day, ok := validate.Date(dp, "date", "Ngày", m.Date, "01/01/2026")
	dp.Check(!ok || !day.IsZero(), "date", "Nhập ngày, ví dụ 01/01/2026.")
	p := calendar.Day{Date: day, Name: m.Name, Working: m.Working}.Check()
	for k, v := range dp {
		p[k] = v
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
