package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tdkt/internal/award"
	"tdkt/internal/dossier"
	"tdkt/internal/org"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// A dossier's nominations (đề nghị): the form with the candidates and their
// verdicts, create, edit, remove.

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
	if err := refuse(dossier.CanChangeNominations(v.State)); err != nil {
		return err
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

// maxPicks caps the nominees of one submit (a unit's whole staff fits).
const maxPicks = 500

// pick is one chosen nominee of the create form.
type pick struct {
	personID, unitID int64
	value, name      string
}

func (srv *Server) nominationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := view.NominationForm{Award: text(r, "award"), Subjects: map[string]bool{}, Summary: text(r, "summary"),
		Justification: text(r, "justification"), SubmissionID: submissionID(r)}
	p := validate.Problems{}
	at, ok := award.Lookup(f.Award)
	p.Check(ok, "award", "Chọn danh hiệu hoặc hình thức khen thưởng trong danh sách.")
	var picks []pick
	for _, raw := range r.PostForm["subject"] {
		val := validate.Text(raw)
		personID, unitID, subjOK := parseSubject(val)
		if !subjOK {
			p.Add("subject", "Chọn người hoặc tập thể được đề nghị trong danh sách.")
			continue
		}
		if !f.Subjects[val] {
			f.Subjects[val] = true
			picks = append(picks, pick{personID: personID, unitID: unitID, value: val})
		}
	}
	p.Check(len(picks) > 0, "subject", "Chọn người hoặc tập thể được đề nghị.")
	p.Check(len(picks) <= maxPicks, "subject", fmt.Sprintf("Mỗi lần chọn tối đa %d người.", maxPicks))
	for k, msg := range dossier.CheckNomination(f.Summary, f.Justification, false, true) {
		p.Add(k, msg)
	}
	if p.OK() {
		v, err := srv.store.DossierView(ctx, headScope(r), id)
		if err != nil {
			return err
		}
		// The verdicts are worked out again here, all at once: what the
		// page showed is not trusted.
		verdicts, err := srv.verdictsFor(ctx, v, at, picks)
		if err != nil {
			return err
		}
		var flagged []string
		ns := make([]store.NewNomination, len(picks))
		for i, pk := range picks {
			eligible := verdicts[i].Outcome == award.Eligible
			if !eligible {
				flagged = append(flagged, pk.name)
			}
			ns[i] = store.NewNomination{PersonID: pk.personID, SubjectUnitID: pk.unitID, AwardCode: at.Code, Summary: f.Summary,
				Justification: f.Justification, Eligible: eligible, Verdict: verdicts[i]}
		}
		for k, msg := range dossier.CheckNomination(f.Summary, f.Justification, len(flagged) > 0, true) {
			if k == "justification" && len(picks) > 1 {
				msg = "Chưa đủ điều kiện theo kết quả kiểm tra: " + strings.Join(flagged, ", ") + ". Hãy ghi rõ lý do vẫn đề nghị."
			}
			p.Add(k, msg)
		}
		if p.OK() {
			_, err := srv.store.AddNominations(ctx, actor(r), headScope(r), id, ns)
			who := ""
			var ne *store.NominationError
			if errors.As(err, &ne) && ne.Index < len(picks) {
				who = picks[ne.Index].name + ": "
			}
			var de *store.DuplicateError
			var re *store.RuleError
			switch {
			case errors.As(err, &de):
				p.Add("subject", who+"đối tượng này đã được đề nghị "+at.Name+" trong đợt xét này.")
			case errors.As(err, &re) && who != "":
				p.Add("subject", who+re.Message)
			case err != nil:
				if err = saveErrors(err, p); err != nil {
					return err
				}
			default:
				if len(ns) == 1 {
					srv.flash(r, "Đã thêm đề nghị "+at.Name+".")
				} else {
					srv.flash(r, fmt.Sprintf("Đã thêm %d đề nghị %s.", len(ns), at.Name))
				}
				return redirect(w, r, fmt.Sprintf("/dossiers/%d", id))
			}
		}
	}
	f.Errors = formErrors(p, nominationFieldOrder)
	f.SubmissionID = newSubmissionID()
	return srv.nominationFormPage(w, r, http.StatusUnprocessableEntity, id, f)
}

// verdictsFor evaluates the picks of a dossier for an award with one call
// of the engine, and names them; a subject that is not the dossier's unit
// or one of its active people is not found.
func (srv *Server) verdictsFor(ctx context.Context, v store.DossierView, at award.AwardType, picks []pick) ([]award.Verdict, error) {
	subjects := make([]store.Subject, len(picks))
	var people map[int64]org.Person
	for i, pk := range picks {
		if pk.unitID != 0 {
			if pk.unitID != v.UnitID {
				return nil, errNotFoundPage
			}
			picks[i].name = v.UnitName
			subjects[i] = store.UnitSubject(pk.unitID)
			continue
		}
		if people == nil {
			list, err := srv.store.AllPeople(ctx, store.PeopleFilter{UnitID: v.UnitID})
			if err != nil {
				return nil, err
			}
			people = make(map[int64]org.Person, len(list))
			for _, p := range list {
				people[p.ID] = p
			}
		}
		p, ok := people[pk.personID]
		if !ok {
			return nil, errNotFoundPage
		}
		picks[i].name = p.FullName
		subjects[i] = store.PersonSubject(pk.personID)
	}
	vs, err := srv.store.Verdicts(ctx, award.ConsiderationDate(v.RoundYear), v.RoundYear, at, subjects)
	if err != nil {
		return nil, err
	}
	out := make([]award.Verdict, len(picks))
	for i, s := range subjects {
		sv, ok := vs.Of[s]
		if !ok {
			return nil, errNotFoundPage
		}
		out[i] = sv.Verdict
	}
	return out, nil
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
	p := dossier.CheckNomination(f.Summary, f.Justification, n.Flagged, false)
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
