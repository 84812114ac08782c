package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/dossier"
	"tdkt/internal/org"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// dossierNav is the menu of rounds, appraisal and the holiday calendar
// (render.go puts awardNav before it).
var dossierNav = []navItem{
	{"Đợt xét khen thưởng", "/rounds", []auth.Role{auth.DeptHead, auth.Office, auth.Admin, auth.Leader, auth.Chair}},
	{"Thẩm định hồ sơ", "/appraisal", []auth.Role{auth.Office, auth.Admin}},
	{"Ngày nghỉ lễ, Tết", "/admin/holidays", []auth.Role{auth.Office, auth.Admin}},
}

// dossierScope is which dossiers the signed-in user may see: the office,
// admins and leaders see every unit's, a department head her unit's.
func dossierScope(r *http.Request) store.Scope {
	u := userFrom(r.Context())
	switch {
	case u == nil:
		return store.Scope{}
	case u.Roles.Has(auth.Office, auth.Admin, auth.Leader, auth.Chair):
		return store.Scope{All: true}
	case u.Roles.Has(auth.DeptHead) && u.UnitID != 0:
		return store.Scope{UnitID: u.UnitID}
	}
	return store.Scope{}
}

// headScope is the department head's own unit only, for her changes (an
// account that is also office still changes only its own unit's dossier).
func headScope(r *http.Request) store.Scope {
	u := userFrom(r.Context())
	if u == nil || !u.Roles.Has(auth.DeptHead) || u.UnitID == 0 {
		return store.Scope{}
	}
	return store.Scope{UnitID: u.UnitID}
}

// workflowActors is what the user is to a dossier in the workflow table.
func workflowActors(u *store.User, d store.Dossier) []dossier.Actor {
	var out []dossier.Actor
	if u == nil {
		return nil
	}
	if u.Roles.Has(auth.DeptHead) && u.UnitID == d.UnitID {
		out = append(out, dossier.UnitHead)
	}
	if u.Roles.Has(auth.Office) && u.UnitID != d.UnitID { // four eyes: not one's own unit's dossier
		out = append(out, dossier.Office)
	}
	if u.Roles.Has(auth.Chair) {
		out = append(out, dossier.Chair)
	}
	return out
}

// stateTag shows a dossier state.
func stateTag(s dossier.State) view.Tag {
	tone := view.ToneBlue
	switch s {
	case dossier.Draft, dossier.Closed, dossier.Withdrawn:
		tone = view.ToneGrey
	case dossier.Returned:
		tone = view.ToneRed
	case dossier.Appraised:
		tone = view.ToneGreen
	case dossier.Decided:
		tone = view.TonePurple
	}
	return view.Tag{Label: s.Label(), Tone: tone}
}

// nominationTag shows a nomination state.
func nominationTag(s dossier.NominationState) view.Tag {
	tone := view.ToneGrey
	switch s {
	case dossier.Eligible, dossier.Passed:
		tone = view.ToneGreen
	case dossier.Ineligible, dossier.Failed, dossier.RejectedExternal, dossier.Revoked:
		tone = view.ToneRed
	case dossier.OnHold:
		tone = view.ToneYellow
	case dossier.Awarded, dossier.AwardedExternal:
		tone = view.TonePurple
	case dossier.Forwarded:
		tone = view.ToneBlue
	}
	return view.Tag{Label: s.Label(), Tone: tone}
}

// verdictTag shows the engine's outcome ("" for a nomination stored
// without one).
func verdictTag(o award.Outcome) view.Tag {
	switch o {
	case award.Eligible:
		return view.Tag{Label: o.Label(), Tone: view.ToneGreen}
	case award.OnHold:
		return view.Tag{Label: o.Label(), Tone: view.ToneYellow}
	case "":
		return view.Tag{Label: "Chưa kiểm tra", Tone: view.ToneGrey}
	}
	return view.Tag{Label: o.Label(), Tone: view.ToneRed}
}

func decodeVerdict(b []byte) award.Verdict {
	var v award.Verdict
	if len(b) > 0 {
		json.Unmarshal(b, &v)
	}
	return v
}

// dossierPage renders the dossier page; upload carries a failed upload's
// input and problem.
func (srv *Server) dossierPage(w http.ResponseWriter, r *http.Request, status int, id int64, upload *view.UploadForm) error {
	ctx := r.Context()
	v, err := srv.store.DossierView(ctx, dossierScope(r), id)
	if err != nil {
		return err
	}
	u := userFrom(ctx)
	actors := workflowActors(u, v.Dossier)
	can := func(e dossier.Event) bool {
		_, ok := dossier.Find(v.State, e)
		return ok && slices.Contains(dossier.Available(v.State, actors), e)
	}
	check := v.Checklist()
	m := view.DossierDetail{
		ID: v.ID, Version: v.Version, RoundID: v.RoundID, Round: v.RoundTitle, Unit: v.UnitName,
		Deadline: v.RoundDeadline, State: stateTag(v.State), Explain: v.State.Explain(), Complete: check.Complete,
		CanEdit:   v.State.Editable() && slices.Contains(actors, dossier.UnitHead),
		CanSubmit: can(dossier.Submit) || can(dossier.Resubmit), Resubmit: v.State == dossier.Returned,
		CanWithdraw: can(dossier.Withdraw), CanReceive: can(dossier.Receive), CanReturn: can(dossier.Return),
		CanAppraise: can(dossier.Appraise), CanMark: v.State == dossier.Appraising && slices.Contains(actors, dossier.Office),
		ActionID: newSubmissionID(),
		FourEyes: u.Roles.Has(auth.Office) && u.UnitID == v.UnitID && (v.State == dossier.Submitted || v.State == dossier.Appraising),
	}
	states := make([]dossier.NominationState, len(v.Nominations))
	names := map[int64]string{}
	for i, n := range v.Nominations {
		states[i] = n.State
		names[n.ID] = n.SubjectName
		pick := decodeVerdict(n.PickVerdict)
		m.Nominations = append(m.Nominations, view.NominationItem{
			ID: n.ID, Version: n.Version, Subject: n.SubjectName, Position: n.Position, Award: n.AwardName(),
			State: nominationTag(n.State), Flagged: n.Flagged, Justification: n.Justification, Summary: n.Summary,
			Verdict: verdictTag(pick.Outcome), Reasons: pick.Reasons(), MarkReason: n.MarkReason,
		})
	}
	m.AllMarked = dossier.EveryMarked(states)
	if v.Settings.RegistrationRequired {
		for i, n := range v.Nominations {
			m.Nominations[i].Unregistered = !v.Registered[n.ID]
		}
	}
	m.Tasks = dossierTasks(v, check)
	for _, d := range v.Docs {
		of := "Cả hồ sơ"
		if d.NominationID != 0 {
			of = names[d.NominationID]
		}
		m.Docs = append(m.Docs, view.DocItem{ID: d.ID, Name: d.Name, Kind: d.DocKind.Label(), For: of,
			Size: fileSize(d.Size), Certified: d.Certified, At: d.CreatedAt})
	}
	for _, s := range v.Supplements {
		m.Supplements = append(m.Supplements, view.SupplementItem{Items: s.Items, By: s.RequestedBy, RequestedAt: s.RequestedAt,
			DueOn: s.DueOn, AnsweredAt: s.AnsweredAt})
	}
	m.History = dossierTimeline(v)
	if m.CanEdit {
		if upload != nil {
			m.Upload = *upload
		}
		m.Upload.DocKinds, m.Upload.Targets = docKindOptions(v), docTargets(v)
		m.Upload.Accept, m.Upload.Hint = attach.Accept(attach.Documents...), attach.Hint(attach.Documents...)
		if m.Upload.SubmissionID == "" {
			m.Upload.SubmissionID = newSubmissionID()
		}
	}
	title := "Hồ sơ " + v.UnitName
	return srv.render(w, r, status, view.DossierPage(srv.page(r, title, crumbRounds,
		view.Crumb{Label: v.RoundTitle, Href: fmt.Sprintf("/rounds/%d", v.RoundID)}, view.Crumb{Label: v.UnitName}), m))
}

// dossierTasks is the dossier as a task list: per nomination, the
// summary, the justification of a flagged pick and each required document.
func dossierTasks(v store.DossierView, c dossier.Checklist) []view.TaskSection {
	var out []view.TaskSection
	byID := map[int64]dossier.ItemCheck{}
	for _, it := range c.Items {
		byID[it.ID] = it
	}
	for _, n := range v.Nominations {
		it := byID[n.ID]
		sec := view.TaskSection{Title: n.SubjectName + " – " + n.AwardName()}
		edit := fmt.Sprintf("/dossiers/%d/nominations/%d/edit", v.ID, n.ID)
		st := view.TaskDone
		if it.SummaryMissing {
			st = view.TaskNotStarted
			if n.Summary != "" {
				st = view.TaskInProgress
			}
		}
		sec.Tasks = append(sec.Tasks, view.Task{Label: "Tóm tắt thành tích", Href: edit, Status: st})
		if n.Flagged {
			st := view.TaskDone
			if it.JustificationMissing {
				st = view.TaskNeedsFix
			}
			sec.Tasks = append(sec.Tasks, view.Task{Label: "Lý do đề nghị dù chưa đủ điều kiện", Href: edit, Status: st})
		}
		done := map[string]bool{}
		for _, k := range it.Done {
			done[k] = true
		}
		for _, k := range n.RequiredDocs(v.Commendation()) {
			t := view.Task{Label: k.Label(), Href: "#documents", Status: view.TaskNotStarted, Hint: "Chưa có tệp"}
			if done[string(k)] {
				t.Status, t.Hint = view.TaskDone, ""
			} else if v.State == dossier.Returned {
				t.Status = view.TaskNeedsFix
			}
			sec.Tasks = append(sec.Tasks, t)
		}
		out = append(out, sec)
	}
	return out
}

// docKindOptions lists the document kinds the dossier's awards require
// first, then the others.
func docKindOptions(v store.DossierView) []view.Option {
	opts := []view.Option{{Value: "", Label: "Chọn loại tài liệu"}}
	seen := map[award.DocKind]bool{}
	for _, n := range v.Nominations {
		for _, k := range n.RequiredDocs(v.Commendation()) {
			if !seen[k] {
				seen[k] = true
				opts = append(opts, view.Option{Value: string(k), Label: k.Label()})
			}
		}
	}
	for _, k := range award.DocKinds {
		if !seen[k] {
			opts = append(opts, view.Option{Value: string(k), Label: k.Label()})
		}
	}
	return opts
}

// docTargets lists the whole dossier and each nomination.
func docTargets(v store.DossierView) []view.Option {
	opts := []view.Option{{Value: "0", Label: "Cả hồ sơ (dùng chung cho mọi đề nghị)"}}
	for _, n := range v.Nominations {
		opts = append(opts, view.Option{Value: strconv.FormatInt(n.ID, 10), Label: n.SubjectName + " – " + n.AwardName()})
	}
	return opts
}

// dossierTimeline turns the dossier's events into its history, in words.
func dossierTimeline(v store.DossierView) []view.TimelineEntry {
	type details struct {
		State        string `json:"state"`
		NominationID int64  `json:"nomination_id"`
		PersonID     int64  `json:"person_id"`
		UnitID       int64  `json:"unit_id"`
		Award        string `json:"award"`
		DocKind      string `json:"doc_kind"`
		Name         string `json:"name"`
		Flagged      bool   `json:"flagged"`
	}
	parse := func(s string) details {
		var d details
		if s != "" {
			json.Unmarshal([]byte(s), &d)
		}
		return d
	}
	names := v.Names
	nomNames := map[int64]string{}
	for _, n := range v.Nominations {
		nomNames[n.ID] = n.SubjectName + " – " + n.AwardName()
	}
	subject := func(d details) string {
		if d.PersonID != 0 {
			return names.Name("person", d.PersonID) + " – " + award.Name(d.Award)
		}
		if d.UnitID != 0 {
			return names.Name("unit", d.UnitID) + " – " + award.Name(d.Award)
		}
		if s, ok := nomNames[d.NominationID]; ok {
			return s
		}
		return "một đề nghị đã bỏ"
	}
	var out []view.TimelineEntry
	for _, e := range v.Events {
		before, after := parse(e.Before), parse(e.After)
		te := view.TimelineEntry{At: e.At, Who: e.ActorName, Reason: e.Reason}
		if te.Who == "" {
			te.Who = "Hệ thống"
		}
		action := strings.TrimPrefix(e.Action, "dossier.")
		switch {
		case e.Action == "dossier.open":
			te.What = "Lập hồ sơ"
		case e.Action == "dossier.attach":
			te.What = "Đính kèm " + award.DocKind(after.DocKind).Label() + ": " + after.Name
		case e.Action == "dossier.detach":
			te.What = "Gỡ tài liệu " + before.Name
		case e.Action == "nomination.add":
			te.What = "Thêm đề nghị " + subject(after)
			if after.Flagged {
				te.Lines = []string{"Đề nghị dù chưa đủ điều kiện theo kết quả kiểm tra"}
			}
		case e.Action == "nomination.update":
			te.What = "Sửa tóm tắt thành tích: " + subject(after)
		case e.Action == "nomination.remove":
			te.What = "Bỏ đề nghị " + subject(before)
		case e.Action == "nomination.mark":
			te.What = "Kết luận thẩm định " + subject(after) + ": " + dossier.NominationState(after.State).Label()
		case dossier.Event(action).Valid():
			te.What = dossier.Event(action).Done()
			te.Lines = []string{"Trạng thái: " + dossier.State(before.State).Label() + " → " + dossier.State(after.State).Label()}
		default:
			te.What = e.Action
		}
		out = append(out, te)
	}
	return out
}

func (srv *Server) dossierShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return srv.dossierPage(w, r, http.StatusOK, id, nil)
}

func (srv *Server) dossierHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := srv.store.DossierView(r.Context(), dossierScope(r), id)
	if err != nil {
		return err
	}
	m := view.DossierHistory{ID: v.ID, Round: v.RoundTitle, Unit: v.UnitName, State: stateTag(v.State), History: dossierTimeline(v)}
	return srv.render(w, r, http.StatusOK, view.DossierHistoryPage(srv.page(r, "Lịch sử hồ sơ", crumbRounds,
		view.Crumb{Label: v.UnitName, Href: fmt.Sprintf("/dossiers/%d", v.ID)}, view.Crumb{Label: "Lịch sử"}), m))
}

// awardOptions lists the catalogue's awards in force for the round's year.
func awardOptions(year int) []view.Option {
	opts := []view.Option{{Value: "", Label: "Chọn danh hiệu hoặc hình thức"}}
	day := award.ConsiderationDate(year)
	for _, t := range award.Catalogue() {
		if t.ActiveOn(day) {
			opts = append(opts, view.Option{Value: t.Code, Label: awardOptionLabel(t)})
		}
	}
	return opts
}

// awardOptionLabel names an award in a list: "… (tập thể)" for a
// collective one whose name does not say so already, never twice.
func awardOptionLabel(t award.AwardType) string {
	if t.Subject == award.Collective && !strings.Contains(strings.ToLower(t.Name), "tập thể") {
		return t.Name + " (tập thể)"
	}
	return t.Name
}

func (srv *Server) nominationNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := view.NominationForm{Award: r.URL.Query().Get("award"), SubmissionID: newSubmissionID()}
	return srv.nominationFormPage(w, r, http.StatusOK, id, f)
}

func (srv *Server) nominationFormPage(w http.ResponseWriter, r *http.Request, status int, id int64, f view.NominationForm) error {
	ctx := r.Context()
	v, err := srv.store.DossierView(ctx, headScope(r), id)
	if err != nil {
		return err
	}
	if !v.State.Editable() {
		return &store.RuleError{Message: "Hồ sơ đang ở trạng thái “" + v.State.Label() + "” nên không thêm đề nghị được."}
	}
	f.DossierID, f.Round, f.Unit, f.Year = v.ID, v.RoundTitle, v.UnitName, v.RoundYear
	f.Awards = awardOptions(v.RoundYear)
	at, ok := award.Lookup(f.Award)
	if f.Award != "" && !ok {
		f.Award = ""
		f.Errors.Fields = map[string]string{"award": "Chọn danh hiệu hoặc hình thức khen thưởng trong danh sách."}
	}
	if ok {
		f.AwardName = at.Name
		f.Candidates, err = srv.candidates(ctx, v, at)
		if err != nil {
			return err
		}
		st, err := srv.store.Settings(ctx)
		if err != nil {
			return err
		}
		f.RegistrationRequired = st.RegistrationRequired
	}
	return srv.render(w, r, status, view.NominationFormPage(srv.page(r, "Thêm đề nghị", crumbRounds,
		view.Crumb{Label: v.UnitName, Href: fmt.Sprintf("/dossiers/%d", v.ID)}, view.Crumb{Label: "Thêm đề nghị"}), f))
}

// candidates lists who may be nominated for the award in the dossier —
// the unit's active people, or the unit itself — with the engine's verdict.
func (srv *Server) candidates(ctx context.Context, v store.DossierView, at award.AwardType) ([]view.Candidate, error) {
	already := map[string]bool{}
	for _, n := range v.Nominations {
		if n.AwardCode == at.Code {
			already[subjectValue(n.PersonID, n.SubjectUnitID)] = true
		}
	}
	var people []org.Person
	var subjects []store.Subject
	if at.Subject == award.Collective {
		subjects = []store.Subject{store.UnitSubject(v.UnitID)}
	} else {
		var err error
		if people, err = srv.store.AllPeople(ctx, store.PeopleFilter{UnitID: v.UnitID}); err != nil {
			return nil, err
		}
		subjects = make([]store.Subject, len(people))
		for i, p := range people {
			subjects[i] = store.PersonSubject(p.ID)
		}
	}
	vs, err := srv.store.Verdicts(ctx, award.ConsiderationDate(v.RoundYear), v.RoundYear, at, subjects)
	if err != nil {
		return nil, err
	}
	if at.Subject == award.Collective {
		sv := vs.Of[subjects[0]]
		val := subjectValue(0, v.UnitID)
		return []view.Candidate{{Value: val, Name: v.UnitName, Verdict: verdictTag(sv.Outcome), Reasons: sv.Reasons(),
			Already: already[val], Unregistered: sv.Unregistered}}, nil
	}
	out := make([]view.Candidate, 0, len(people))
	for i, p := range people {
		sv := vs.Of[subjects[i]]
		val := subjectValue(p.ID, 0)
		out = append(out, view.Candidate{Value: val, Name: p.FullName, Position: p.Position,
			Verdict: verdictTag(sv.Outcome), Reasons: sv.Reasons(), Already: already[val], Unregistered: sv.Unregistered})
	}
	return out, nil
}

func subjectValue(personID, unitID int64) string {
	if personID != 0 {
		return "p:" + strconv.FormatInt(personID, 10)
	}
	return "u:" + strconv.FormatInt(unitID, 10)
}

func parseSubject(s string) (personID, unitID int64, ok bool) {
	kind, id, found := strings.Cut(s, ":")
	n, err := parseID(id)
	if !found || err != nil {
		return 0, 0, false
	}
	switch kind {
	case "p":
		return n, 0, true
	case "u":
		return 0, n, true
	}
	return 0, 0, false
}

var nominationFieldOrder = []string{"award", "subject", "summary", "justification"}

func (srv *Server) nominationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := view.NominationForm{Award: text(r, "award"), Subject: text(r, "subject"), Summary: text(r, "summary"),
		Justification: text(r, "justification"), SubmissionID: submissionID(r)}
	p := validate.Problems{}
	at, ok := award.Lookup(f.Award)
	p.Check(ok, "award", "Chọn danh hiệu hoặc hình thức khen thưởng trong danh sách.")
	personID, unitID, subjOK := parseSubject(f.Subject)
	p.Check(subjOK, "subject", "Chọn người hoặc tập thể được đề nghị.")
	p.Check(validate.Len(f.Summary) <= 10000, "summary", "Tóm tắt thành tích tối đa 10.000 ký tự.")
	p.Check(validate.Len(f.Justification) <= 5000, "justification", "Lý do tối đa 5.000 ký tự.")
	if p.OK() {
		v, err := srv.store.DossierView(ctx, headScope(r), id)
		if err != nil {
			return err
		}
		// The verdict is worked out again here: what the page showed is
		// not trusted.
		verdict, err := srv.verdictFor(ctx, v, at, personID, unitID)
		if err != nil {
			return err
		}
		eligible := verdict.Outcome == award.Eligible
		if !eligible && validate.Len(f.Justification) < 5 {
			p.Add("justification", "Đối tượng này chưa đủ điều kiện theo kết quả kiểm tra: hãy ghi rõ lý do vẫn đề nghị.")
		}
		if p.OK() {
			_, err := srv.store.AddNomination(ctx, actor(r), headScope(r), id, store.NewNomination{PersonID: personID,
				SubjectUnitID: unitID, AwardCode: at.Code, Summary: f.Summary, Justification: f.Justification,
				Eligible: eligible, Verdict: verdict})
			var de *store.DuplicateError
			switch {
			case errors.As(err, &de):
				p.Add("subject", "Đối tượng này đã được đề nghị "+at.Name+" trong đợt xét này.")
			case err != nil:
				if err = saveErrors(err, p); err != nil {
					return err
				}
			default:
				srv.flash(r, "Đã thêm đề nghị "+at.Name+".")
				return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
			}
		}
	}
	f.Errors = formErrors(p, nominationFieldOrder)
	f.SubmissionID = newSubmissionID()
	return srv.nominationFormPage(w, r, http.StatusUnprocessableEntity, id, f)
}

// verdictFor evaluates one subject of a dossier for an award: the unit of
// the dossier or one of its people (anyone else is not found).
func (srv *Server) verdictFor(ctx context.Context, v store.DossierView, at award.AwardType, personID, unitID int64) (award.Verdict, error) {
	subject := store.UnitSubject(unitID)
	switch {
	case unitID != 0:
		if unitID != v.UnitID {
			return award.Verdict{}, errNotFoundPage
		}
	default:
		p, err := srv.store.Person(ctx, personID)
		if err != nil || p.UnitID != v.UnitID {
			return award.Verdict{}, errNotFoundPage
		}
		subject = store.PersonSubject(personID)
	}
	vs, err := srv.store.Verdicts(ctx, award.ConsiderationDate(v.RoundYear), v.RoundYear, at, []store.Subject{subject})
	if err != nil {
		return award.Verdict{}, err
	}
	sv, ok := vs.Of[subject]
	if !ok {
		return award.Verdict{}, errNotFoundPage
	}
	return sv.Verdict, nil
}

func (srv *Server) nominationEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	nid, err := idParam(r, "nom")
	if err != nil {
		return err
	}
	n, err := srv.store.Nomination(r.Context(), headScope(r), id, nid)
	if err != nil {
		return err
	}
	f := view.NominationEdit{DossierID: id, ID: n.ID, Version: n.Version, Subject: n.SubjectName, Award: n.AwardName(),
		Flagged: n.Flagged, Summary: n.Summary, Justification: n.Justification}
	return srv.render(w, r, http.StatusOK, view.NominationEditPage(srv.page(r, "Sửa đề nghị", crumbRounds,
		view.Crumb{Label: "Hồ sơ", Href: fmt.Sprintf("/dossiers/%d", id)}, view.Crumb{Label: n.SubjectName}), f))
}

func (srv *Server) nominationUpdate(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	nid, err := idParam(r, "nom")
	if err != nil {
		return err
	}
	ctx := r.Context()
	n, err := srv.store.Nomination(ctx, headScope(r), id, nid)
	if err != nil {
		return err
	}
	f := view.NominationEdit{DossierID: id, ID: nid, Version: version, Subject: n.SubjectName, Award: n.AwardName(),
		Flagged: n.Flagged, Summary: text(r, "summary"), Justification: text(r, "justification")}
	p := validate.Problems{}
	p.Check(validate.Len(f.Summary) <= 10000, "summary", "Tóm tắt thành tích tối đa 10.000 ký tự.")
	p.Check(!n.Flagged || validate.Len(f.Justification) >= 5, "justification", "Hãy ghi rõ lý do vẫn đề nghị (ít nhất 5 ký tự).")
	p.Check(validate.Len(f.Justification) <= 5000, "justification", "Lý do tối đa 5.000 ký tự.")
	status := http.StatusUnprocessableEntity
	if p.OK() {
		n.Version, n.Summary, n.Justification = version, f.Summary, f.Justification
		err := srv.store.UpdateNomination(ctx, actor(r), headScope(r), id, n)
		if errors.Is(err, store.ErrConflict) {
			p.Add("", "Người khác vừa sửa đề nghị này. Nội dung bạn nhập vẫn được giữ bên dưới; hãy kiểm tra rồi lưu lại.")
			if cur, err := srv.store.Nomination(ctx, headScope(r), id, nid); err == nil {
				f.Version = cur.Version
			}
			status = http.StatusConflict
		} else if err = saveErrors(err, p); err != nil {
			return err
		} else if p.OK() {
			srv.flash(r, "Đã lưu đề nghị.")
			return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
		}
	}
	f.Errors = formErrors(p, nominationFieldOrder)
	return srv.render(w, r, status, view.NominationEditPage(srv.page(r, "Sửa đề nghị", crumbRounds,
		view.Crumb{Label: "Hồ sơ", Href: fmt.Sprintf("/dossiers/%d", id)}, view.Crumb{Label: n.SubjectName}), f))
}

func (srv *Server) nominationRemoveConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	nid, err := idParam(r, "nom")
	if err != nil {
		return err
	}
	n, err := srv.store.Nomination(r.Context(), headScope(r), id, nid)
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/dossiers/%d", id)
	return srv.render(w, r, http.StatusOK, view.Confirm(srv.page(r, "Bỏ đề nghị", crumbRounds, view.Crumb{Label: "Hồ sơ", Href: back},
		view.Crumb{Label: "Bỏ đề nghị"}), "Bỏ đề nghị “"+n.SubjectName+" – "+n.AwardName()+"”?",
		"Đề nghị và các tài liệu đính kèm riêng cho đề nghị này sẽ được bỏ khỏi hồ sơ. Lịch sử hồ sơ vẫn ghi lại việc này.",
		fmt.Sprintf("/dossiers/%d/nominations/%d/remove", id, nid), "Bỏ đề nghị", back,
		map[string]string{"version": strconv.Itoa(n.Version)}, false, view.Errors{}))
}

func (srv *Server) nominationRemove(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	nid, err := idParam(r, "nom")
	if err != nil {
		return err
	}
	if err := srv.store.RemoveNomination(r.Context(), actor(r), headScope(r), id, nid, version); err != nil {
		return err
	}
	srv.flash(r, "Đã bỏ đề nghị khỏi hồ sơ.")
	return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
}

func (srv *Server) documentUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	// The dossier is checked first, so that another unit's id gets the
	// same 404 as a missing one whatever the upload holds.
	if _, err := srv.store.Dossier(ctx, headScope(r), id); err != nil {
		return err
	}
	file, problem, err := srv.readUpload(w, r, "file", attach.Documents...)
	if err != nil {
		return err
	}
	up := view.UploadForm{DocKind: r.PostFormValue("doc_kind"), Target: r.PostFormValue("target"),
		Certified: r.PostFormValue("certified") != "", Error: problem, SubmissionID: submissionID(r)}
	p := validate.Problems{}
	kind := award.DocKind(up.DocKind)
	p.Check(kind.Valid(), "doc_kind", "Chọn loại tài liệu.")
	var nomID int64
	if up.Target != "" && up.Target != "0" {
		nomID, err = parseID(up.Target)
		p.Check(err == nil, "target", "Chọn tài liệu này của cả hồ sơ hay của đề nghị nào.")
	}
	if problem != "" {
		p.Add("file", problem)
	}
	status := uploadStatus(problem)
	if p.OK() {
		_, err := srv.store.AddDossierDoc(ctx, actor(r), headScope(r), id, store.NewDoc{NominationID: nomID, DocKind: kind,
			Certified: up.Certified, File: file})
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			srv.flash(r, "Đã đính kèm “"+file.Name+"”.")
			return redirect(w, r, fmt.Sprintf("/dossiers/%d#documents", id))
		}
		status = http.StatusConflict
	}
	up.Errors = formErrors(p, []string{"doc_kind", "target", "file"})
	up.Error = up.Errors.Fields["file"]
	up.SubmissionID = newSubmissionID()
	return srv.dossierPage(w, r, status, id, &up)
}

func (srv *Server) documentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := idParam(r, "doc")
	if err != nil {
		return err
	}
	a, data, err := srv.store.DossierFile(r.Context(), dossierScope(r), id, doc)
	if err != nil {
		return err
	}
	serveAttachment(w, r, a, data)
	return nil
}

func (srv *Server) documentRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := idParam(r, "doc")
	if err != nil {
		return err
	}
	if err := srv.store.RemoveDossierDoc(r.Context(), actor(r), headScope(r), id, doc); err != nil {
		return err
	}
	srv.flash(r, "Đã gỡ tài liệu khỏi hồ sơ.")
	return redirect(w, r, fmt.Sprintf("/dossiers/%d#documents", id))
}

func (srv *Server) dossierCheck(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := srv.store.DossierView(r.Context(), headScope(r), id)
	if err != nil {
		return err
	}
	c := v.Checklist()
	m := view.DossierCheck{ID: v.ID, Version: v.Version, Round: v.RoundTitle, Unit: v.UnitName, Complete: c.Complete,
		Resubmit: v.State == dossier.Returned, SubmissionID: newSubmissionID()}
	if !v.State.Editable() {
		m.Complete = false
		m.Missing = append(m.Missing, "Hồ sơ đang ở trạng thái “"+v.State.Label()+"”, không nộp được.")
	}
	if len(v.Nominations) == 0 {
		m.Missing = append(m.Missing, "Hồ sơ chưa có đề nghị nào.")
	}
	byID := map[int64]dossier.ItemCheck{}
	for _, it := range c.Items {
		byID[it.ID] = it
	}
	docs := map[int64][]string{}
	for _, d := range v.Docs {
		docs[d.NominationID] = append(docs[d.NominationID], d.DocKind.Label()+": "+d.Name)
	}
	m.Rows = append(m.Rows, view.SummaryRow{Key: "Đợt xét", Value: v.RoundTitle})
	m.Rows = append(m.Rows, view.SummaryRow{Key: "Đơn vị", Value: v.UnitName})
	for _, n := range v.Nominations {
		it := byID[n.ID]
		row := view.SummaryRow{Key: n.SubjectName, Value: n.AwardName(), ChangeHref: fmt.Sprintf("/dossiers/%d/nominations/%d/edit", v.ID, n.ID),
			ChangeWhat: "đề nghị " + n.SubjectName}
		row.Lines = append(row.Lines, "Tóm tắt: "+n.Summary)
		if n.Flagged {
			row.Lines = append(row.Lines, "Đề nghị dù chưa đủ điều kiện. Lý do: "+n.Justification)
		}
		if v.Settings.RegistrationRequired && !v.Registered[n.ID] {
			row.Lines = append(row.Lines, "Lưu ý: chưa đăng ký thi đua năm "+strconv.Itoa(v.RoundYear)+".")
		}
		row.Lines = append(row.Lines, docs[n.ID]...)
		m.Rows = append(m.Rows, row)
		if it.SummaryMissing {
			m.Missing = append(m.Missing, n.SubjectName+": chưa có tóm tắt thành tích (ít nhất 20 ký tự).")
		}
		if it.JustificationMissing {
			m.Missing = append(m.Missing, n.SubjectName+": chưa ghi lý do đề nghị dù chưa đủ điều kiện.")
		}
		for _, k := range it.Missing {
			m.Missing = append(m.Missing, n.SubjectName+": thiếu "+award.DocKind(k).Label()+".")
		}
	}
	m.Rows = append(m.Rows, view.SummaryRow{Key: "Tài liệu chung", Value: fmt.Sprintf("%d tệp", len(docs[0])), Lines: docs[0],
		ChangeHref: fmt.Sprintf("/dossiers/%d#documents", v.ID), ChangeWhat: "tài liệu chung"})
	return srv.render(w, r, http.StatusOK, view.DossierCheckPage(srv.page(r, "Kiểm tra hồ sơ", crumbRounds,
		view.Crumb{Label: v.UnitName, Href: fmt.Sprintf("/dossiers/%d", v.ID)}, view.Crumb{Label: "Kiểm tra trước khi nộp"}), m))
}

// fire runs a workflow event from a posted form with its version.
func (srv *Server) fire(r *http.Request, sc store.Scope, id int64, version int, ev dossier.Event, reason string, dueOn time.Time) error {
	ctx := r.Context()
	d, err := srv.store.Dossier(ctx, sc, id)
	if err != nil {
		return err
	}
	t := store.Transition{DossierID: id, Version: version, Event: ev, Actors: workflowActors(userFrom(ctx), d), Reason: reason, DueOn: dueOn}
	return srv.store.FireDossier(ctx, actor(r), sc, t)
}

func (srv *Server) dossierSubmit(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	sc := headScope(r)
	d, err := srv.store.Dossier(r.Context(), sc, id)
	if err != nil {
		return err
	}
	ev := dossier.Submit
	if d.State == dossier.Returned {
		ev = dossier.Resubmit
	}
	if err := srv.fire(r, sc, id, version, ev, "", time.Time{}); err != nil {
		return err
	}
	srv.flash(r, "Đã nộp hồ sơ. Văn phòng Sở sẽ tiếp nhận và thẩm định; phòng sẽ nhận được thông báo về kết quả.")
	return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
}

func (srv *Server) dossierWithdrawConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := srv.store.Dossier(r.Context(), headScope(r), id)
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/dossiers/%d", id)
	return srv.render(w, r, http.StatusOK, view.Confirm(srv.page(r, "Rút hồ sơ", crumbRounds, view.Crumb{Label: "Hồ sơ", Href: back},
		view.Crumb{Label: "Rút hồ sơ"}), "Rút hồ sơ đợt xét “"+d.RoundTitle+"”?",
		"Hồ sơ đã rút vẫn được lưu lại nhưng không được xét và không nộp lại được trong đợt này.",
		back+"/withdraw", "Rút hồ sơ", back, map[string]string{"version": strconv.Itoa(d.Version), "submission_id": newSubmissionID()}, true, view.Errors{}))
}

func (srv *Server) dossierWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	if err := srv.fire(r, headScope(r), id, version, dossier.Withdraw, text(r, "reason"), time.Time{}); err != nil {
		return err
	}
	srv.flash(r, "Đã rút hồ sơ.")
	return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
}

var crumbRounds = view.Crumb{Label: "Đợt xét", Href: "/rounds"}
