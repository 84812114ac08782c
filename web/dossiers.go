package web

import (
	"context"
	"encoding/json"
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
	"tdkt/internal/store"
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
func (srv *Server) workflowActors(ctx context.Context, u *store.User, d store.Dossier) ([]dossier.Actor, error) {
	c, err := srv.workflowCaller(ctx, u)
	return c.Actors(d.UnitID), err
}

// workflowCaller is the user as the dossier workflow sees him; for
// leadership, with the office's units (whose dossiers it checks).
func (srv *Server) workflowCaller(ctx context.Context, u *store.User) (dossier.Caller, error) {
	if u == nil {
		return dossier.Caller{}, nil
	}
	c := dossier.Caller{UnitID: u.UnitID, UnitHead: u.Roles.Has(auth.DeptHead), Office: u.Roles.Has(auth.Office),
		Chair: u.Roles.Has(auth.Chair), Leader: u.Roles.Has(auth.Leader, auth.Chair)}
	if c.Leader {
		var err error
		if c.OfficeUnits, err = srv.store.OfficeUnits(ctx); err != nil {
			return c, err
		}
	}
	return c, nil
}

// ownWorkCheckers names who checks an office unit's own work, or nil for
// another unit's (four eyes).
func (srv *Server) ownWorkCheckers(ctx context.Context, unitID int64) ([]string, error) {
	units, err := srv.store.OfficeUnits(ctx)
	if err != nil || !slices.Contains(units, unitID) {
		return nil, err
	}
	return srv.store.OwnWorkCheckers(ctx, unitID)
}

// actsAsOffice reports whether the user does the office's part on the
// unit's work (four eyes; see dossier.Caller.ActsAsOffice).
func (srv *Server) actsAsOffice(ctx context.Context, unitID int64) (bool, error) {
	c, err := srv.workflowCaller(ctx, userFrom(ctx))
	return c.ActsAsOffice(unitID), err
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
	actors, err := srv.workflowActors(ctx, u, v.Dossier)
	if err != nil {
		return err
	}
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
	}
	if v.State == dossier.Submitted || v.State == dossier.Appraising {
		if m.FourEyes, err = srv.ownWorkCheckers(ctx, v.UnitID); err != nil {
			return err
		}
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
	docTask := func(k award.DocKind, done bool) view.Task {
		t := view.Task{Label: k.Label(), Href: "#documents", Status: view.TaskNotStarted, Hint: "Chưa có tệp"}
		if done {
			t.Status, t.Hint = view.TaskDone, ""
		} else if v.State == dossier.Returned {
			t.Status = view.TaskNeedsFix
		}
		return t
	}
	// The documents made once for the whole dossier come first, once.
	if len(c.Shared.Done)+len(c.Shared.Missing) > 0 {
		sec := view.TaskSection{Title: "Tài liệu chung của cả hồ sơ"}
		for _, k := range award.DocKinds {
			switch {
			case slices.Contains(c.Shared.Done, string(k)):
				sec.Tasks = append(sec.Tasks, docTask(k, true))
			case slices.Contains(c.Shared.Missing, string(k)):
				sec.Tasks = append(sec.Tasks, docTask(k, false))
			}
		}
		out = append(out, sec)
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
		own, _ := award.SplitDocs(n.RequiredDocs(v.Commendation()))
		for _, k := range own {
			sec.Tasks = append(sec.Tasks, docTask(k, done[string(k)]))
		}
		out = append(out, sec)
	}
	return out
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
	for _, k := range c.Shared.Missing {
		m.Missing = append(m.Missing, "Cả hồ sơ: thiếu "+award.DocKind(k).Label()+".")
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

// fire runs a workflow event from a posted form with its version; the
// store reads the dossier once, under its lock.
func (srv *Server) fire(r *http.Request, sc store.Scope, id int64, version int, ev dossier.Event, reason string, dueOn time.Time) error {
	by, err := srv.workflowCaller(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	t := store.Transition{DossierID: id, Version: version, Event: ev, By: by, Reason: reason, DueOn: dueOn}
	return srv.store.FireDossier(r.Context(), actor(r), sc, t)
}

func (srv *Server) dossierSubmit(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	// Submit or resubmit: the workflow table decides from the state.
	if err := srv.fire(r, headScope(r), id, version, dossier.Submit, "", time.Time{}); err != nil {
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
