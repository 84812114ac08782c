package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/council"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// councilNav is the council's menu entry.
var councilNav = []navItem{
	{"Hội đồng TĐ-KT", "/council/sessions", councilReaders},
}

// councilReaders may open the roster and the list of sessions; a session
// itself is open to its seated members and to these roles but council.
var councilReaders = []auth.Role{auth.Council, auth.Chair, auth.Office, auth.Admin, auth.Leader}

var crumbCouncil = view.Crumb{Label: "Hội đồng TĐ-KT", Href: "/council/sessions"}

// seesAllSessions: the office, admins, the chair and leaders read every
// session; other members only those they sit on.
func seesAllSessions(u *store.User) bool {
	return u.Roles.Has(auth.Office, auth.Admin, auth.Chair, auth.Leader)
}

func seatRoleOptions() []view.Option {
	out := []view.Option{{Value: "", Label: "Chọn vai trò"}}
	for _, r := range council.Roles {
		out = append(out, view.Option{Value: string(r), Label: r.Label()})
	}
	return out
}

func (srv *Server) councilRoster(w http.ResponseWriter, r *http.Request) error {
	return srv.councilRosterPage(w, r, http.StatusOK, view.SeatForm{})
}

func (srv *Server) councilRosterPage(w http.ResponseWriter, r *http.Request, status int, f view.SeatForm) error {
	ctx := r.Context()
	seats, err := srv.store.CouncilRoster(ctx, time.Time{})
	if err != nil {
		return err
	}
	today := srv.today()
	m := view.CouncilRoster{CanEdit: isOffice(r)}
	for _, s := range seats {
		to := ""
		if !s.To.IsZero() {
			to = view.Date(s.To)
		}
		m.Rows = append(m.Rows, view.CouncilSeatRow{ID: s.ID, Name: s.PersonName, Position: s.Position, Unit: s.UnitName,
			Role: s.Role.Label(), From: view.Date(s.From), To: to, Active: s.ActiveOn(today)})
	}
	if m.CanEdit {
		people, err := srv.store.ListPeople(ctx, store.PeopleFilter{Limit: 5000})
		if err != nil {
			return err
		}
		f.People = []view.Option{{Value: "", Label: "Chọn cán bộ"}}
		for _, p := range people.People {
			f.People = append(f.People, view.Option{Value: view.Itoa(p.ID), Label: p.FullName + " – " + p.Position})
		}
		f.Roles = seatRoleOptions()
		if f.SubmissionID == "" {
			f.SubmissionID = newSubmissionID()
		}
		m.Form = f
	}
	return srv.render(w, r, status, view.CouncilRosterPage(srv.page(r, "Hội đồng Thi đua - Khen thưởng", crumbCouncil), m))
}

// seatInput reads and checks the seat form.
func seatInput(r *http.Request, f *view.SeatForm) (store.CouncilSeat, validate.Problems) {
	p := validate.Problems{}
	f.Role, f.From, f.To = text(r, "role"), text(r, "from"), text(r, "to")
	c := store.CouncilSeat{Role: council.Role(f.Role)}
	p.Check(c.Role.Valid(), "role", "Chọn vai trò trong Hội đồng.")
	var ok bool
	if c.From, ok = validate.ParseDate(f.From); !ok {
		p.Add("from", "Nhập ngày bắt đầu theo dạng ngày/tháng/năm.")
	}
	if f.To != "" {
		if c.To, ok = validate.ParseDate(f.To); !ok {
			p.Add("to", "Nhập ngày kết thúc theo dạng ngày/tháng/năm.")
		}
	}
	return c, p
}

func (srv *Server) councilSeatCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := view.SeatForm{Person: text(r, "person"), SubmissionID: submissionID(r)}
	c, p := seatInput(r, &f)
	person, err := parseID(f.Person)
	p.Check(err == nil, "person", "Chọn cán bộ.")
	c.PersonID = person
	if p.OK() {
		_, err := srv.store.AddCouncilSeat(r.Context(), actor(r), c)
		var rule *store.RuleError
		switch {
		case errors.As(err, &rule):
			p.Add("", rule.Message)
		case errors.Is(err, store.ErrNotFound):
			p.Add("person", "Chọn cán bộ.")
		case err != nil:
			return err
		default:
			srv.flash(r, "Đã thêm thành viên Hội đồng.")
			return redirect(w, r, "/council")
		}
	}
	f.Errors = formErrors(p, []string{"person", "role", "from", "to"})
	return srv.councilRosterPage(w, r, http.StatusUnprocessableEntity, f)
}

func (srv *Server) councilSeatEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	s, err := srv.store.CouncilSeat(r.Context(), id)
	if err != nil {
		return err
	}
	f := view.SeatForm{ID: s.ID, Version: s.Version, Name: s.PersonName, Role: string(s.Role), From: formDate(s.From), To: formDate(s.To)}
	return srv.seatEditPage(w, r, http.StatusOK, f)
}

func (srv *Server) seatEditPage(w http.ResponseWriter, r *http.Request, status int, f view.SeatForm) error {
	f.Roles = seatRoleOptions()
	return srv.render(w, r, status, view.SeatEditPage(srv.page(r, "Sửa thành viên Hội đồng", crumbCouncil,
		view.Crumb{Label: "Thành viên", Href: "/council"}, view.Crumb{Label: f.Name}), f))
}

func (srv *Server) councilSeatUpdate(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	old, err := srv.store.CouncilSeat(r.Context(), id)
	if err != nil {
		return err
	}
	f := view.SeatForm{ID: id, Version: version, Name: old.PersonName}
	c, p := seatInput(r, &f)
	c.ID, c.Version = id, version
	if p.OK() {
		err := srv.store.UpdateCouncilSeat(r.Context(), actor(r), c)
		var rule *store.RuleError
		switch {
		case errors.As(err, &rule):
			p.Add("", rule.Message)
		case errors.Is(err, store.ErrConflict):
			p.Add("", "Người khác vừa sửa thành viên này. Hãy xem lại rồi lưu.")
			f.Version = old.Version
		case err != nil:
			return err
		default:
			srv.flash(r, "Đã lưu thành viên Hội đồng.")
			return redirect(w, r, "/council")
		}
	}
	f.Errors = formErrors(p, []string{"role", "from", "to"})
	return srv.seatEditPage(w, r, http.StatusUnprocessableEntity, f)
}

func sessionTag(s council.State) view.Tag {
	switch s {
	case council.Open:
		return view.Tag{Label: s.Label(), Tone: view.ToneYellow}
	case council.Closed:
		return view.Tag{Label: s.Label(), Tone: view.ToneBlue}
	case council.Concluded:
		return view.Tag{Label: s.Label(), Tone: view.ToneGreen}
	}
	return view.Tag{Label: s.Label(), Tone: view.ToneGrey}
}

func (srv *Server) councilSessions(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	var person int64
	if !seesAllSessions(u) {
		person = u.PersonID
		if person == 0 {
			person = -1
		}
	}
	list, err := srv.store.CouncilSessions(r.Context(), person)
	if err != nil {
		return err
	}
	m := view.CouncilSessions{CanCreate: isOffice(r), OwnOnly: person != 0}
	for _, s := range list {
		m.Rows = append(m.Rows, view.SessionRow{ID: s.ID, Title: s.Title, HeldOn: view.Date(s.HeldOn), Place: s.Place,
			State: sessionTag(s.State), Items: s.Items, Present: s.Present, Members: s.Members})
	}
	return srv.render(w, r, http.StatusOK, view.CouncilSessionsPage(srv.page(r, "Phiên họp Hội đồng", crumbCouncil), m))
}

func thresholdText(f council.Fraction) string {
	return "cần ≥ " + f.Percent() + " tổng số thành viên đồng ý"
}

func modeOptions() []view.Option {
	return []view.Option{{Value: string(council.Electronic), Label: "Bỏ phiếu kín trên hệ thống"},
		{Value: string(council.Paper), Label: "Bỏ phiếu giấy (Thư ký nhập số phiếu, người thứ hai xác nhận)"}}
}

func modeLabel(m council.Mode) string {
	if m == council.Paper {
		return "Bỏ phiếu giấy"
	}
	return "Bỏ phiếu kín trên hệ thống"
}

func (srv *Server) sessionNew(w http.ResponseWriter, r *http.Request) error {
	return srv.sessionFormPage(w, r, http.StatusOK, view.SessionForm{Mode: string(council.Electronic)}, nil)
}

func (srv *Server) sessionFormPage(w http.ResponseWriter, r *http.Request, status int, f view.SessionForm, picked map[int64]bool) error {
	cands, err := srv.store.AgendaCandidates(r.Context())
	if err != nil {
		return err
	}
	var last string
	for _, c := range cands {
		if c.AwardCode != last {
			f.Groups = append(f.Groups, view.AgendaGroup{Award: c.AwardName(), Threshold: thresholdText(council.ThresholdFor(c.AwardCode))})
			last = c.AwardCode
		}
		g := &f.Groups[len(f.Groups)-1]
		g.Items = append(g.Items, view.AgendaLine{ID: c.NominationID, DossierID: c.DossierID, Subject: c.SubjectName,
			Position: c.Position, Unit: c.UnitName, Checked: picked == nil || picked[c.NominationID]})
	}
	f.Modes = modeOptions()
	if f.SubmissionID == "" {
		f.SubmissionID = newSubmissionID()
	}
	return srv.render(w, r, status, view.SessionFormPage(srv.page(r, "Tạo phiên họp", crumbCouncil, view.Crumb{Label: "Tạo phiên họp"}), f))
}

func (srv *Server) sessionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := view.SessionForm{Title: text(r, "title"), HeldOn: text(r, "held_on"), Place: text(r, "place"), Mode: text(r, "mode"),
		SubmissionID: submissionID(r)}
	p := validate.Problems{}
	p.Check(validate.Len(f.Title) >= 1, "title", "Nhập tên phiên họp.")
	p.Check(validate.Len(f.Title) <= 300, "title", "Tên phiên họp tối đa 300 ký tự.")
	p.Check(validate.Len(f.Place) <= 300, "place", "Địa điểm tối đa 300 ký tự.")
	held, ok := validate.ParseDate(f.HeldOn)
	p.Check(ok, "held_on", "Nhập ngày họp theo dạng ngày/tháng/năm.")
	mode := council.Mode(f.Mode)
	p.Check(mode == council.Electronic || mode == council.Paper, "mode", "Chọn hình thức bỏ phiếu.")
	picked := map[int64]bool{}
	var ids []int64
	for _, v := range r.PostForm["nominations"] {
		id, err := parseID(v)
		if err != nil {
			return &badRequestError{"nomination id"}
		}
		if !picked[id] {
			picked[id] = true
			ids = append(ids, id)
		}
	}
	p.Check(len(ids) > 0, "nominations", "Chọn ít nhất một đề nghị đưa vào chương trình.")
	if p.OK() {
		id, err := srv.store.CreateCouncilSession(r.Context(), actor(r), store.NewCouncilSession{Title: f.Title, HeldOn: held,
			Place: f.Place, Mode: mode, NominationIDs: ids})
		var rule *store.RuleError
		switch {
		case errors.As(err, &rule):
			p.Add("", rule.Message)
		case err != nil:
			return err
		default:
			srv.flash(r, "Đã tạo phiên họp. Hãy đánh dấu thành viên có mặt trước khi bỏ phiếu.")
			return redirect(w, r, fmt.Sprintf("/council/sessions/%d", id))
		}
	}
	f.Errors = formErrors(p, []string{"title", "held_on", "place", "mode", "nominations"})
	return srv.sessionFormPage(w, r, http.StatusUnprocessableEntity, f, picked)
}

// sessionFor reads a session view the user may see: the office, admins,
// the chair and leaders see any; other users only sessions they sit on
// (ErrNotFound otherwise, like a missing session).
func (srv *Server) sessionFor(r *http.Request) (store.SessionView, error) {
	id, err := pathID(r)
	if err != nil {
		return store.SessionView{}, err
	}
	u := userFrom(r.Context())
	return srv.store.CouncilSessionView(r.Context(), id, u.PersonID, seesAllSessions(u))
}

// roundViews turns closed ballots into the tally tables, with the
// published receipt codes.
func (srv *Server) roundViews(r *http.Request, v store.SessionView, codes bool) ([]view.RoundView, error) {
	items := map[int64]store.AgendaItem{}
	for _, it := range v.Items {
		items[it.ID] = it
	}
	var out []view.RoundView
	for _, res := range v.Results {
		rv := view.RoundView{Round: res.Ballot.Round, Mode: string(res.Ballot.Mode), Total: res.Tally.Total, Present: res.Tally.Present,
			Voted: res.Tally.Voted, ClosedAt: view.DateTime(res.Ballot.ClosedAt)}
		for i, l := range res.Tally.Items {
			it := items[l.Key]
			rv.Lines = append(rv.Lines, view.ResultLine{Position: i + 1, Subject: it.SubjectName, Unit: it.UnitName, Award: it.AwardName(),
				Threshold: "≥ " + l.Threshold.Percent() + ", cần " + strconv.Itoa(l.Need) + "/" + strconv.Itoa(l.Total), Need: l.Need,
				Agree: l.Agree, Disagree: l.Disagree, Abstain: l.Abstain, Written: l.Written, Recused: l.Recused, NotVoted: l.NotVoted,
				Percent: l.Percent(), Passed: l.Passed})
			rv.Heads = append(rv.Heads, strconv.Itoa(i+1)+". "+it.SubjectName)
		}
		for _, e := range res.Entitled {
			rv.Entitled = append(rv.Entitled, view.AttendLine{MemberID: e.MemberID, Name: e.Name, Role: e.Role.Label(), Present: e.Present, Voted: e.Voted})
		}
		if codes && res.Ballot.Mode == council.Electronic {
			pub, err := srv.store.PublishedBallots(r.Context(), res.Ballot.ID)
			if err != nil {
				return nil, err
			}
			for _, b := range pub {
				row := view.CodeRow{Code: b.Code}
				for _, l := range res.Tally.Items {
					c, ok := b.Choices[l.Key]
					if !ok {
						row.Choices = append(row.Choices, "—")
						continue
					}
					row.Choices = append(row.Choices, c.Label())
				}
				rv.Codes = append(rv.Codes, row)
			}
		}
		out = append(out, rv)
	}
	return out, nil
}

func resultTag(result string) view.Tag {
	switch result {
	case "passed":
		return view.Tag{Label: "Đạt", Tone: view.ToneGreen}
	case "failed":
		return view.Tag{Label: "Không đạt", Tone: view.ToneRed}
	}
	return view.Tag{}
}

func agendaGroups(items []store.AgendaItem, removable bool) []view.AgendaGroup {
	var out []view.AgendaGroup
	last := ""
	for _, it := range items {
		if it.AwardCode != last {
			out = append(out, view.AgendaGroup{Award: it.AwardName(), Threshold: thresholdText(it.Threshold())})
			last = it.AwardCode
		}
		g := &out[len(out)-1]
		g.Items = append(g.Items, view.AgendaLine{ID: it.ID, DossierID: it.DossierID, Subject: it.SubjectName, Position: it.Position,
			Unit: it.UnitName, Summary: it.Summary, Result: resultTag(it.Result), CanRemove: removable})
	}
	return out
}

func (srv *Server) sessionShow(w http.ResponseWriter, r *http.Request) error {
	v, err := srv.sessionFor(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	s := v.Session
	office, chair := isOffice(r), u.Roles.Has(auth.Chair)
	m := view.SessionDetail{ID: s.ID, Version: s.Version, Title: s.Title, HeldOn: view.Date(s.HeldOn), Place: s.Place,
		Mode: modeLabel(s.Mode), State: sessionTag(s.State), RuleSet: s.Rules().Decree, Members: s.Members, Present: s.Present,
		Quorum: v.QuorumNeed(), QuorumText: v.Quorum.String() + " tổng số thành viên", QuorumMet: v.QuorumMet(),
		Groups: agendaGroups(v.Items, office && s.State == council.Draft && len(v.Items) > 1)}
	written := map[int64]bool{}
	for _, wv := range v.Written {
		written[wv.MemberID] = true
	}
	seated, present := false, false
	for _, a := range v.Attendance {
		m.Attendance = append(m.Attendance, view.AttendLine{MemberID: a.MemberID, Name: a.Name, Role: a.Role.Label(),
			Position: a.Position, Present: a.Present, Written: written[a.MemberID]})
		if a.PersonID == u.PersonID && u.PersonID != 0 {
			seated, present = true, a.Present
		}
	}
	m.CanAttend = office && (s.State == council.Draft)
	m.CanOpen = chair && s.State == council.Draft
	m.CanConclude = chair && s.State == council.Closed
	m.CanSecondRound = chair && s.State == council.Closed && s.Round < v.MaxRounds
	if v.Open != nil {
		m.Open, m.Round, m.Voted, m.Present = true, v.Open.Round, v.Open.Voted, v.Open.Present
		m.CanClose, m.CanReset = chair, chair
		m.CanWrite = office
		m.Paper = v.Open.Mode == council.Paper
		m.CanPaper = office || chair
		if seated && present && v.Open.Mode == council.Electronic {
			mb, err := srv.store.MemberBallot(r.Context(), s.ID, u.PersonID)
			if err != nil {
				return err
			}
			m.CanVote, m.HasVoted = !mb.Voted, mb.Voted
		}
	}
	if m.Rounds, err = srv.roundViews(r, v, true); err != nil {
		return err
	}
	return srv.render(w, r, http.StatusOK, view.SessionPage(srv.page(r, s.Title, crumbCouncil, view.Crumb{Label: s.Title}), m))
}

func (srv *Server) sessionAttendance(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	var present []int64
	for _, v := range r.PostForm["present"] {
		m, err := parseID(v)
		if err != nil {
			return &badRequestError{"member id"}
		}
		present = append(present, m)
	}
	if err := srv.store.SetAttendance(r.Context(), actor(r), id, version, present); err != nil {
		return err
	}
	srv.flash(r, "Đã lưu danh sách thành viên có mặt.")
	return redirect(w, r, fmt.Sprintf("/council/sessions/%d", id))
}

func (srv *Server) sessionAgendaRemove(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	item, err := idParam(r, "item")
	if err != nil {
		return err
	}
	if err := srv.store.RemoveFromAgenda(r.Context(), actor(r), id, version, item); err != nil {
		return err
	}
	srv.flash(r, "Đã bỏ đề nghị khỏi chương trình phiên họp.")
	return redirect(w, r, fmt.Sprintf("/council/sessions/%d", id))
}

// sessionStep runs one of the chair's session events.
func (srv *Server) sessionStep(e council.Event) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, version, err := idAndVersion(r)
		if err != nil {
			return err
		}
		ctx, a := r.Context(), actor(r)
		req := store.SessionAction{SessionID: id, Version: version}
		msg := ""
		switch e {
		case council.OpenBallot:
			err, msg = srv.store.OpenBallot(ctx, a, req), "Đã bắt đầu bỏ phiếu."
		case council.CloseBallot:
			_, err = srv.store.CloseBallot(ctx, a, req)
			msg = "Đã kết thúc bỏ phiếu và kiểm phiếu."
		case council.SecondRound:
			err, msg = srv.store.SecondRound(ctx, a, req), "Đã bắt đầu bỏ phiếu vòng tiếp theo."
		case council.Conclude:
			err, msg = srv.store.ConcludeSession(ctx, a, req), "Đã kết luận phiên họp."
		default:
			return errNotFoundPage
		}
		if err != nil {
			return err
		}
		srv.flash(r, msg)
		return redirect(w, r, fmt.Sprintf("/council/sessions/%d", id))
	}
}

func (srv *Server) sessionResetForm(w http.ResponseWriter, r *http.Request) error {
	v, err := srv.sessionFor(r)
	if err != nil {
		return err
	}
	if v.Open == nil {
		return store.ErrBallotNotOpen
	}
	return srv.render(w, r, http.StatusOK, view.ResetPage(srv.page(r, "Hủy kết quả bỏ phiếu", crumbCouncil,
		view.Crumb{Label: v.Session.Title, Href: fmt.Sprintf("/council/sessions/%d", v.Session.ID)}), v.Session.ID, v.Session.Version, "", view.Errors{}))
}

func (srv *Server) sessionReset(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	reason := textarea(r, "reason")
	p := validate.Problems{}
	p.Check(validate.Len(reason) >= 5, "reason", "Hãy ghi rõ lý do (ít nhất 5 ký tự).")
	p.Check(validate.Len(reason) <= 2000, "reason", "Lý do tối đa 2.000 ký tự.")
	if p.OK() {
		err := srv.store.ResetBallot(r.Context(), actor(r), store.SessionAction{SessionID: id, Version: version, Reason: reason})
		if err != nil {
			return err
		}
		srv.flash(r, "Đã hủy kết quả bỏ phiếu.")
		return redirect(w, r, fmt.Sprintf("/council/sessions/%d", id))
	}
	return srv.render(w, r, http.StatusUnprocessableEntity, view.ResetPage(srv.page(r, "Hủy kết quả bỏ phiếu", crumbCouncil), id, version,
		reason, formErrors(p, []string{"reason"})))
}

// voteLines turns a member's ballot into the form's items, with each
// dossier's verdict under the session date's rules (R32).
func (srv *Server) voteLines(r *http.Request, s store.CouncilSession, lines []store.BallotLine, choices map[int64]string) ([]view.VoteLine, error) {
	docs, err := srv.store.SessionDocs(r.Context(), s.ID)
	if err != nil {
		return nil, err
	}
	// The verdicts under the rules in force on the session's date (R32),
	// one call per award on the ballot.
	subjects := map[string][]store.Subject{}
	years := map[string]int{}
	for _, l := range lines {
		sub := store.PersonSubject(l.PersonID)
		if l.PersonID == 0 {
			sub = store.UnitSubject(l.SubjectUnitID)
		}
		subjects[l.AwardCode] = append(subjects[l.AwardCode], sub)
		years[l.AwardCode] = l.Year
	}
	verdicts := map[string]store.Verdicts{}
	for code, subs := range subjects {
		at, ok := award.Lookup(code)
		if !ok {
			continue
		}
		vs, err := srv.store.Verdicts(r.Context(), s.HeldOn, years[code], at, subs)
		if err != nil {
			return nil, err
		}
		verdicts[code] = vs
	}
	out := make([]view.VoteLine, 0, len(lines))
	for _, l := range lines {
		vl := view.VoteLine{ItemID: l.ID, Position: l.Position, Subject: l.SubjectName, Role: l.AgendaItem.Position, Unit: l.UnitName,
			Award: l.AwardName(), Threshold: thresholdText(l.Threshold()), Summary: l.Summary, Recusal: l.Recusal, Choice: choices[l.ID]}
		if vs, ok := verdicts[l.AwardCode]; ok {
			sub := store.PersonSubject(l.PersonID)
			if l.PersonID == 0 {
				sub = store.UnitSubject(l.SubjectUnitID)
			}
			if v, ok := vs.Of[sub]; ok {
				vl.Verdict, vl.RuleSet = verdictTag(v.Outcome), vs.Rules.Name
				for _, c := range v.Checks {
					vl.Checks = append(vl.Checks, view.CheckLine{Text: c.Text, Article: c.Article, Passed: c.Passed, Manual: c.Manual})
				}
			}
		}
		for _, d := range docs[l.DossierID] {
			if d.NominationID != 0 && d.NominationID != l.NominationID {
				continue
			}
			vl.Docs = append(vl.Docs, view.Link{Label: d.DocKind.Label() + " – " + d.Name,
				Href: fmt.Sprintf("/council/sessions/%d/documents/%d", s.ID, d.ID)})
		}
		out = append(out, vl)
	}
	return out, nil
}

func (srv *Server) voteForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return srv.voteFormPage(w, r, http.StatusOK, id, nil, view.Errors{})
}

func (srv *Server) voteFormPage(w http.ResponseWriter, r *http.Request, status int, id int64, choices map[int64]string, e view.Errors) error {
	u := userFrom(r.Context())
	if u.PersonID == 0 {
		return store.ErrNotFound
	}
	mb, err := srv.store.MemberBallot(r.Context(), id, u.PersonID)
	if err != nil {
		return err
	}
	if mb.Voted {
		return &store.RuleError{Message: "Bạn đã bỏ phiếu trong vòng này. Mỗi thành viên chỉ bỏ phiếu một lần."}
	}
	if !mb.Present {
		return &store.RuleError{Message: "Bạn không có tên trong danh sách có mặt của phiên họp nên không bỏ phiếu trực tuyến được. Hãy gửi ý kiến bằng văn bản cho Thư ký Hội đồng."}
	}
	f := view.VoteForm{SessionID: id, Title: mb.Session.Title, HeldOn: view.Date(mb.Session.HeldOn), Round: mb.Ballot.Round, Errors: e}
	if f.Lines, err = srv.voteLines(r, mb.Session, mb.Lines, choices); err != nil {
		return err
	}
	for i := range f.Lines {
		f.Lines[i].Error = e.Fields["item-"+view.Itoa(f.Lines[i].ItemID)]
	}
	return srv.render(w, r, status, view.VoteFormPage(srv.page(r, "Phiếu bầu", crumbCouncil,
		view.Crumb{Label: mb.Session.Title, Href: fmt.Sprintf("/council/sessions/%d", id)}, view.Crumb{Label: "Phiếu bầu"}), f))
}

// readChoices reads the item-<id> radios of a ballot form.
func readChoices(r *http.Request) map[int64]council.Choice {
	out := map[int64]council.Choice{}
	for k, v := range r.PostForm {
		rest, ok := strings.CutPrefix(k, "item-")
		if !ok || len(v) == 0 {
			continue
		}
		id, err := parseID(rest)
		if err != nil {
			continue
		}
		out[id] = council.Choice(v[0])
	}
	return out
}

func (srv *Server) voteCast(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	u := userFrom(r.Context())
	if u.PersonID == 0 {
		return store.ErrNotFound
	}
	choices := readChoices(r)
	code, err := srv.store.CastVote(r.Context(), actor(r), id, u.PersonID, choices)
	var rule *store.RuleError
	switch {
	case errors.Is(err, store.ErrAlreadyVoted):
		return &store.RuleError{Message: "Bạn đã bỏ phiếu trong vòng này. Mỗi thành viên chỉ bỏ phiếu một lần; mã phiếu chỉ hiển thị ngay sau khi bỏ phiếu."}
	case errors.As(err, &rule):
		back := map[int64]string{}
		for k, v := range choices {
			if v.Valid() {
				back[k] = string(v)
			}
		}
		e := view.Errors{Message: rule.Message, Fields: map[string]string{}}
		return srv.voteFormPage(w, r, http.StatusUnprocessableEntity, id, back, e)
	case err != nil:
		return err
	}
	s, err := srv.store.CouncilSession(r.Context(), id, u.PersonID, true)
	if err != nil {
		return err
	}
	// The answer is the same page for every choice: only the random code
	// differs (reliability.md S40(e)).
	return srv.render(w, r, http.StatusOK, view.VoteReceiptPage(srv.page(r, "Đã bỏ phiếu", crumbCouncil,
		view.Crumb{Label: s.Title, Href: fmt.Sprintf("/council/sessions/%d", id)}), view.VoteReceipt{SessionID: id, Title: s.Title, Code: code}))
}

func (srv *Server) writtenForm(w http.ResponseWriter, r *http.Request) error {
	return srv.writtenFormPage(w, r, http.StatusOK, nil, view.Errors{})
}

func (srv *Server) writtenFormPage(w http.ResponseWriter, r *http.Request, status int, choices map[int64]string, e view.Errors) error {
	v, err := srv.sessionFor(r)
	if err != nil {
		return err
	}
	member, err := idParam(r, "member")
	if err != nil {
		return err
	}
	if v.Open == nil {
		return store.ErrBallotNotOpen
	}
	var who *store.Attendee
	for i := range v.Attendance {
		if v.Attendance[i].MemberID == member {
			who = &v.Attendance[i]
		}
	}
	if who == nil {
		return store.ErrNotFound
	}
	if who.Present {
		return &store.RuleError{Message: "Thành viên có mặt bỏ phiếu tại phiên họp, không gửi ý kiến bằng văn bản."}
	}
	lines, err := srv.store.WrittenBallot(r.Context(), v.Session.ID, member)
	if err != nil {
		return err
	}
	if choices == nil {
		choices = map[int64]string{}
		for _, wv := range v.Written {
			if wv.MemberID == member {
				choices[wv.AgendaItemID] = string(wv.Choice)
			}
		}
	}
	f := view.VoteForm{SessionID: v.Session.ID, Title: v.Session.Title, HeldOn: view.Date(v.Session.HeldOn), Round: v.Open.Round,
		Member: who.Name, MemberID: member, Errors: e}
	if f.Lines, err = srv.voteLines(r, v.Session, lines, choices); err != nil {
		return err
	}
	return srv.render(w, r, status, view.VoteFormPage(srv.page(r, "Ý kiến bằng văn bản", crumbCouncil,
		view.Crumb{Label: v.Session.Title, Href: fmt.Sprintf("/council/sessions/%d", v.Session.ID)}), f))
}

func (srv *Server) writtenSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	member, err := idParam(r, "member")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	choices := readChoices(r)
	err = srv.store.EnterWrittenVotes(r.Context(), actor(r), id, member, choices)
	var rule *store.RuleError
	if errors.As(err, &rule) {
		back := map[int64]string{}
		for k, v := range choices {
			back[k] = string(v)
		}
		return srv.writtenFormPage(w, r, http.StatusUnprocessableEntity, back, view.Errors{Message: rule.Message})
	}
	if err != nil {
		return err
	}
	srv.flash(r, "Đã lưu ý kiến bằng văn bản.")
	return redirect(w, r, fmt.Sprintf("/council/sessions/%d", id))
}

func (srv *Server) sessionDocument(w http.ResponseWriter, r *http.Request) error {
	v, err := srv.sessionFor(r)
	if err != nil {
		return err
	}
	doc, err := idParam(r, "doc")
	if err != nil {
		return err
	}
	a, body, err := srv.store.SessionDocFile(r.Context(), v.Session.ID, doc)
	if err != nil {
		return err
	}
	serveAttachment(w, r, a, body)
	return nil
}

func (srv *Server) sessionMinutes(w http.ResponseWriter, r *http.Request) error {
	v, err := srv.sessionFor(r)
	if err != nil {
		return err
	}
	if len(v.Results) == 0 {
		return store.ErrNotFound
	}
	s := v.Session
	m := view.Minutes{ID: s.ID, Title: s.Title, HeldOn: view.Date(s.HeldOn), Place: s.Place, RuleSet: s.Rules().Decree,
		Members: s.Members, Present: s.Present, DateLine: "Tây Ninh, " + longDate(s.HeldOn)}
	written := map[int64]bool{}
	for _, res := range v.Results {
		for _, e := range res.Entitled {
			written[e.MemberID] = written[e.MemberID] || e.Written
		}
	}
	for _, a := range v.Attendance {
		m.Attendance = append(m.Attendance, view.AttendLine{Name: a.Name, Role: a.Role.Label(), Present: a.Present, Written: written[a.MemberID]})
		switch a.Role {
		case council.Chair:
			m.Chair = a.Name
		case council.Secretary:
			m.Secretary = a.Name
		}
	}
	if m.Rounds, err = srv.roundViews(r, v, false); err != nil {
		return err
	}
	for _, it := range v.Items {
		line := it.SubjectName + " (" + it.UnitName + "): " + it.AwardName()
		switch it.Result {
		case "passed":
			m.Passed = append(m.Passed, line)
		case "failed":
			m.Failed = append(m.Failed, line)
		}
	}
	return srv.render(w, r, http.StatusOK, view.MinutesPage(srv.page(r, "Biên bản họp Hội đồng", crumbCouncil,
		view.Crumb{Label: s.Title, Href: fmt.Sprintf("/council/sessions/%d", s.ID)}, view.Crumb{Label: "Biên bản"}), m))
}

// longDate is "ngày 05 tháng 01 năm 2025" (NĐ 30/2020: days 1–9 and
// months 1–2 take a leading zero).
func longDate(t time.Time) string {
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// councilTodos adds a council member's work to his home page: the open
// ballots he has still to vote on, and the sessions he sits on that have
// not concluded.
func (srv *Server) councilTodos(r *http.Request, personID int64, h *view.Home) error {
	open, err := srv.store.OpenBallotsFor(r.Context(), personID)
	if err != nil {
		return err
	}
	voting := map[int64]bool{}
	for _, b := range open {
		voting[b.SessionID] = true
		switch {
		case b.Voted:
			h.Tasks = append(h.Tasks, view.Todo{Text: fmt.Sprintf("Phiên họp “%s”: bạn đã bỏ phiếu vòng %d; chờ Chủ tịch Hội đồng kết thúc bỏ phiếu.", b.Title, b.Round),
				Href: fmt.Sprintf("/council/sessions/%d", b.SessionID)})
		case b.Present:
			h.Tasks = append(h.Tasks, view.Todo{Text: fmt.Sprintf("Bỏ phiếu: phiên họp “%s” ngày %s (vòng %d).", b.Title, view.Date(b.HeldOn), b.Round),
				Href: fmt.Sprintf("/council/sessions/%d/vote", b.SessionID)})
		}
	}
	sessions, err := srv.store.CouncilSessions(r.Context(), personID)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		if s.State == council.Concluded || voting[s.ID] {
			continue
		}
		h.Tasks = append(h.Tasks, view.Todo{Text: fmt.Sprintf("Phiên họp Hội đồng “%s” ngày %s (%s).", s.Title, view.Date(s.HeldOn),
			strings.ToLower(s.State.Label())), Href: fmt.Sprintf("/council/sessions/%d", s.ID)})
	}
	return nil
}

// paperLines are the open paper ballot's items with the counts entered.
func paperLines(v store.SessionView) []view.PaperLine {
	var out []view.PaperLine
	pos := 0
	for _, it := range v.Items {
		if it.Result != "pending" {
			continue
		}
		pos++
		l := view.PaperLine{ItemID: it.ID, Position: pos, Subject: it.SubjectName, Unit: it.UnitName, Award: it.AwardName()}
		if pc, ok := v.Paper[it.ID]; ok {
			l.Agree, l.Disagree, l.Abstain = strconv.Itoa(pc.Counts.Agree), strconv.Itoa(pc.Counts.Disagree), strconv.Itoa(pc.Counts.Abstain)
		}
		out = append(out, l)
	}
	return out
}

// openPaper reads a session whose paper ballot is open.
func (srv *Server) openPaper(r *http.Request) (store.SessionView, error) {
	v, err := srv.sessionFor(r)
	if err != nil {
		return v, err
	}
	if v.Open == nil || v.Open.Mode != council.Paper {
		return v, store.ErrNotFound
	}
	return v, nil
}

func (srv *Server) paperForm(w http.ResponseWriter, r *http.Request) error {
	v, err := srv.openPaper(r)
	if err != nil {
		return err
	}
	return srv.paperFormPage(w, r, http.StatusOK, v, paperLines(v), view.Errors{})
}

func (srv *Server) paperFormPage(w http.ResponseWriter, r *http.Request, status int, v store.SessionView, lines []view.PaperLine, e view.Errors) error {
	u := userFrom(r.Context())
	f := view.PaperForm{SessionID: v.Session.ID, Title: v.Session.Title, Round: v.Open.Round, Present: v.Open.Present, Lines: lines, Errors: e}
	var entered, confirmed int64
	for _, pc := range v.Paper {
		entered, confirmed = pc.EnteredBy, pc.ConfirmedBy
	}
	name := func(id int64) (string, error) {
		us, err := srv.store.User(r.Context(), id)
		if err != nil {
			return "", err
		}
		return us.Name, nil
	}
	var err error
	if entered != 0 {
		if f.EnteredBy, err = name(entered); err != nil {
			return err
		}
	}
	if confirmed != 0 {
		if f.Confirmed, err = name(confirmed); err != nil {
			return err
		}
	}
	f.CanEnter = isOffice(r) && confirmed == 0
	f.CanConfirm = entered != 0 && confirmed == 0 && entered != u.ID && u.Roles.Has(auth.Office, auth.Admin, auth.Chair)
	return srv.render(w, r, status, view.PaperFormPage(srv.page(r, "Số phiếu giấy", crumbCouncil,
		view.Crumb{Label: v.Session.Title, Href: fmt.Sprintf("/council/sessions/%d", v.Session.ID)}, view.Crumb{Label: "Số phiếu giấy"}), f))
}

func (srv *Server) paperSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	v, err := srv.openPaper(r)
	if err != nil {
		return err
	}
	lines := paperLines(v)
	counts := map[int64]council.Counts{}
	p := validate.Problems{}
	for i := range lines {
		l := &lines[i]
		l.Errors = map[string]string{}
		id := view.Itoa(l.ItemID)
		l.Agree, l.Disagree, l.Abstain = text(r, "agree-"+id), text(r, "disagree-"+id), text(r, "abstain-"+id)
		var c council.Counts
		for _, f := range []struct {
			key, val string
			dst      *int
		}{{"agree", l.Agree, &c.Agree}, {"disagree", l.Disagree, &c.Disagree}, {"abstain", l.Abstain, &c.Abstain}} {
			n, err := strconv.Atoi(f.val)
			if err != nil || n < 0 || n > 1000 {
				l.Errors[f.key] = "Nhập số phiếu (số nguyên, không âm)."
				p.Add(f.key+"-"+id, "Đề nghị "+strconv.Itoa(l.Position)+": nhập số phiếu (số nguyên, không âm).")
				continue
			}
			*f.dst = n
		}
		counts[l.ItemID] = c
	}
	if p.OK() {
		err := srv.store.EnterPaperCounts(r.Context(), actor(r), v.Session.ID, counts)
		var rule *store.RuleError
		switch {
		case errors.As(err, &rule):
			p.Add("", rule.Message)
		case err != nil:
			return err
		default:
			srv.flash(r, "Đã lưu số phiếu giấy; cần người thứ hai xác nhận.")
			return redirect(w, r, fmt.Sprintf("/council/sessions/%d/paper", v.Session.ID))
		}
	}
	return srv.paperFormPage(w, r, http.StatusUnprocessableEntity, v, lines, formErrors(p, nil))
}

func (srv *Server) paperConfirm(w http.ResponseWriter, r *http.Request) error {
	v, err := srv.openPaper(r)
	if err != nil {
		return err
	}
	if err := srv.store.ConfirmPaperCounts(r.Context(), actor(r), v.Session.ID); err != nil {
		return err
	}
	srv.flash(r, "Đã xác nhận số phiếu giấy.")
	return redirect(w, r, fmt.Sprintf("/council/sessions/%d", v.Session.ID))
}

func (srv *Server) ballotPapers(w http.ResponseWriter, r *http.Request) error {
	v, err := srv.openPaper(r)
	if err != nil {
		return err
	}
	m := view.BallotPapers{SessionID: v.Session.ID, Title: v.Session.Title, HeldOn: view.Date(v.Session.HeldOn), Round: v.Open.Round,
		Lines: paperLines(v)}
	for i := range v.Open.Present {
		m.Numbers = append(m.Numbers, i+1)
	}
	return srv.render(w, r, http.StatusOK, view.BallotPapersPage(srv.page(r, "Phiếu bầu", crumbCouncil,
		view.Crumb{Label: v.Session.Title, Href: fmt.Sprintf("/council/sessions/%d", v.Session.ID)}, view.Crumb{Label: "Phiếu bầu"}), m))
}
