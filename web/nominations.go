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
	for k, msg := range dossier.CheckNomination(f.Summary, f.Justification, false, true) {
		p.Add(k, msg)
	}
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
		for k, msg := range dossier.CheckNomination(f.Summary, f.Justification, !eligible, true) {
			p.Add(k, msg)
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
