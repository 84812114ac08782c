package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/bloc"
	"tdkt/internal/org"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

var crumbBlocs = view.Crumb{Label: "Khối, Cụm thi đua", Href: "/blocs"}

// blocScope: the office, admin and leadership see every bloc; other
// accounts the bloc-years of their unit.
func blocScope(r *http.Request) store.BlocScope {
	u := userFrom(r.Context())
	return store.BlocScope{All: u.Roles.Has(auth.Admin, auth.Office, auth.Leader, auth.Chair), UnitID: u.UnitID}
}

// actsFor reports whether the user acts for member m: its own unit's
// accounts (department head or bloc member), or the office for the Sở's
// own (non-external) member in a provincial Khối or Cụm.
func actsFor(r *http.Request, v store.BlocYearView, m bloc.Member) bool {
	u := userFrom(r.Context())
	if u.UnitID != 0 && u.UnitID == m.UnitID && u.Roles.Has(auth.DeptHead, auth.BlocMember, auth.Office) {
		return true
	}
	return isOffice(r) && v.Bloc.Kind != bloc.Internal && !m.External
}

// verifies reports whether the user verifies member m's scores: the
// office (the council's standing body) in the internal bloc; in a Khối or Cụm the Khối trưởng's unit (or
// the office when the Sở is the Khối trưởng), and for the Khối trưởng's
// own scores a Khối phó's unit, so that no unit verifies itself.
func verifies(r *http.Request, v store.BlocYearView, m bloc.Member) bool {
	if v.Bloc.Kind == bloc.Internal {
		// Four eyes: nobody verifies his own unit; leadership verifies the
		// office's own scores.
		u := userFrom(r.Context())
		if u.UnitID != 0 && u.UnitID == m.UnitID {
			return false
		}
		return isOffice(r) || u.Roles.Has(auth.Leader, auth.Chair)
	}
	if m.Role == bloc.RoleHead {
		for _, d := range v.Year.Members {
			if d.Role == bloc.RoleDeputy && actsFor(r, v, d) {
				return true
			}
		}
		return false
	}
	head, ok := v.Year.Head()
	return ok && actsFor(r, v, head) && !actsFor(r, v, m)
}

func verifierText(v store.BlocYearView) string {
	if v.Bloc.Kind == bloc.Internal {
		return "Văn phòng Sở; điểm của Văn phòng Sở do Lãnh đạo Sở thẩm định (không ai thẩm định điểm của chính đơn vị mình)"
	}
	if head, ok := v.Year.Head(); ok {
		return "Khối trưởng (" + head.Name + "); điểm của Khối trưởng do Khối phó thẩm định"
	}
	return "Khối trưởng (chưa phân công)"
}

func (srv *Server) blocList(w http.ResponseWriter, r *http.Request) error {
	items, err := srv.store.ListBlocs(r.Context(), blocScope(r))
	if err != nil {
		return err
	}
	m := view.BlocList{CanManage: isOffice(r), Year: strconv.Itoa(srv.now().In(view.Vietnam).Year())}
	for _, it := range items {
		m.Items = append(m.Items, view.BlocListItem{ID: it.ID, Name: it.Name, Kind: it.Kind.Label(), Years: it.Years})
	}
	return srv.render(w, r, http.StatusOK, view.BlocListPage(srv.page(r, "Khối, Cụm thi đua"), m))
}

func (srv *Server) blocNew(w http.ResponseWriter, r *http.Request) error {
	return srv.render(w, r, http.StatusOK, view.BlocFormPage(srv.page(r, "Thêm Khối/Cụm thi đua", crumbBlocs, view.Crumb{Label: "Thêm"}),
		view.BlocForm{Kind: string(bloc.Khoi), SubmissionID: newSubmissionID()}))
}

func (srv *Server) blocCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := view.BlocForm{Name: text(r, "name"), Kind: text(r, "kind"), Description: validate.Block(r.PostFormValue("description")), SubmissionID: submissionID(r)}
	b := bloc.Bloc{Name: f.Name, Kind: bloc.Kind(f.Kind), Description: f.Description}
	p := b.Validate()
	if p.OK() {
		_, err := srv.store.CreateBloc(r.Context(), actor(r), b)
		var de *store.DuplicateError
		if errors.As(err, &de) {
			p.Add("name", "Đã có Khối/Cụm mang tên này.")
		} else if err != nil {
			return err
		} else {
			srv.flash(r, "Đã thêm “"+b.Name+"”. Hãy mở năm thi đua để thêm thành viên và tiêu chí.")
			return redirect(w, r, "/blocs")
		}
	}
	f.Errors = formErrors(p, []string{"name", "kind", "description"})
	return srv.render(w, r, http.StatusUnprocessableEntity, view.BlocFormPage(srv.page(r, "Thêm Khối/Cụm thi đua", crumbBlocs, view.Crumb{Label: "Thêm"}), f))
}

func (srv *Server) blocYearCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	year, _ := strconv.Atoi(text(r, "year"))
	if err := refuse(bloc.CheckYear(year), "year"); err != nil {
		return err
	}
	_, err = srv.store.CreateBlocYear(r.Context(), actor(r), id, year)
	var de *store.DuplicateError
	if errors.As(err, &de) {
		return redirect(w, r, fmt.Sprintf("/blocs/%d/%d", id, year))
	}
	if err != nil {
		return err
	}
	srv.flash(r, fmt.Sprintf("Đã mở năm thi đua %d (chép thành viên và tiêu chí của năm trước, nếu có).", year))
	return redirect(w, r, fmt.Sprintf("/blocs/%d/%d", id, year))
}

// blocYearOfPath loads the bloc-year of the path in the user's scope.
func (srv *Server) blocYearOfPath(r *http.Request) (store.BlocYearView, string, error) {
	return srv.loadBlocYear(r, false)
}

// loadBlocYear is blocYearOfPath, with the scores' texts when asked.
func (srv *Server) loadBlocYear(r *http.Request, texts bool) (store.BlocYearView, string, error) {
	id, err := pathID(r)
	if err != nil {
		return store.BlocYearView{}, "", err
	}
	ys := r.PathValue("year")
	year, err := strconv.Atoi(ys)
	if err != nil || year < 2000 || year > 2100 || strconv.Itoa(year) != ys {
		return store.BlocYearView{}, "", errNotFoundPage
	}
	load := srv.store.BlocYear
	if texts {
		load = srv.store.BlocYearWithTexts
	}
	v, err := load(r.Context(), id, year, blocScope(r))
	return v, fmt.Sprintf("/blocs/%d/%d", id, year), err
}

func (srv *Server) blocYearShow(w http.ResponseWriter, r *http.Request) error {
	return srv.blocYearPage(w, r, http.StatusOK, view.Errors{})
}

func (srv *Server) blocYearPage(w http.ResponseWriter, r *http.Request, status int, errs view.Errors) error {
	v, base, err := srv.blocYearOfPath(r)
	if err != nil {
		return err
	}
	m := blocYearModel(r, v, base)
	m.Errors = errs
	docs, err := srv.store.BlocDocuments(r.Context(), v.Year.ID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.ScoreID == 0 {
			m.Covenants = append(m.Covenants, fileLink(d.Attachment, fmt.Sprintf("%s/documents/%d", base, d.ID)))
		}
	}
	if m.Manage && v.Year.Phase == bloc.Setup {
		units, err := srv.store.ListUnits(r.Context(), store.UnitFilter{})
		if err != nil {
			return err
		}
		member := map[int64]bool{}
		for _, mb := range v.Year.Members {
			member[mb.UnitID] = true
		}
		m.Units = []view.Option{{Value: "", Label: "Chọn đơn vị"}}
		for _, u := range units {
			if member[u.ID] || (v.Bloc.Kind == bloc.Internal && u.Kind != org.Department) {
				continue // the internal bloc is the Sở's departments
			}
			m.Units = append(m.Units, view.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
		}
	}
	title := fmt.Sprintf("%s – năm %d", v.Bloc.Name, v.Year.Year)
	return srv.render(w, r, status, view.BlocYearView(srv.page(r, title, crumbBlocs, view.Crumb{Label: title}), m))
}

// blocYearModel builds the bloc-year page: members, matrix, ranking,
// votes and proposals. It is pure so that the benchmark measures it.
func blocYearModel(r *http.Request, v store.BlocYearView, base string) view.BlocYearPage {
	m := view.BlocYearPage{Bloc: v.Bloc, Year: v.Year, Base: base, Manage: isOffice(r), TieRule: bloc.TieRule,
		Verifier: verifierText(v), MaxTotal: bloc.MaxTotal(v.Year.Criteria).String()}
	m.Leadership.Deputies = map[string]bool{}
	pending, _ := pendingVerifications(r, v, base)
	m.PendingVerify = len(pending)
	for _, mb := range v.Year.Members {
		line := view.MemberLine{Member: mb, Href: fmt.Sprintf("%s/members/%d", base, mb.ID)}
		mine := actsFor(r, v, mb)
		line.CanSign = mine && !mb.Signed() && v.Year.Phase != bloc.Closed && v.Year.Covenant != ""
		line.CanRemove = m.Manage && v.Year.Phase == bloc.Setup
		if mine && m.MyMember == nil {
			mm := mb
			m.MyMember = &mm
		}
		switch mb.Role {
		case bloc.RoleHead:
			m.Leadership.Head = strconv.FormatInt(mb.ID, 10)
		case bloc.RoleDeputy:
			m.Leadership.Deputies[strconv.FormatInt(mb.ID, 10)] = true
		}
		m.Members = append(m.Members, line)
	}
	m.Sections = []view.Option{{Value: "", Label: "Không thuộc nhóm nào"}}
	for _, c := range v.Year.Criteria {
		if c.Kind.Scored() {
			m.Columns = append(m.Columns, c)
		} else {
			m.Sections = append(m.Sections, view.Option{Value: strconv.FormatInt(c.ID, 10), Label: strings.TrimSpace(c.Code + " " + c.Title)})
		}
	}
	m.Ranking = bloc.Rank(v.Year.Members, v.Year.Criteria, v.Scores)
	tally := bloc.Tally(v.Votes)
	proposed := map[int64]string{}
	for _, p := range v.Proposals {
		proposed[p.MemberID] = string(p.Award)
	}
	for _, s := range m.Ranking {
		row := view.MatrixRow{MemberID: s.MemberID, Name: s.Name, Href: fmt.Sprintf("%s/members/%d", base, s.MemberID),
			Total: s.Total.String(), Rank: s.Rank, Leading: s.Leading, Votes: tally[s.MemberID]}
		scores := v.Scores[s.MemberID]
		row.Cells = make([]view.MatrixCell, len(m.Columns))
		for i, c := range m.Columns {
			if sc, ok := scores[c.ID]; ok {
				row.Cells[i] = view.MatrixCell{Text: sc.Final().String(), Unverified: sc.Status == bloc.ScoreSelf}
			}
		}
		m.Matrix = append(m.Matrix, row)
		m.Proposals = append(m.Proposals, view.ProposalLine{MemberID: s.MemberID, Name: s.Name, Rank: s.Rank, Total: s.Total.String(), Award: proposed[s.MemberID]})
	}
	m.AwardOpts = []view.Option{{Value: "", Label: "Không đề nghị"}, {Value: string(bloc.AwardFlag), Label: bloc.AwardFlag.Label()},
		{Value: string(bloc.AwardMerit), Label: bloc.AwardMerit.Label()}}
	if m.MyMember != nil {
		m.MyVotes = map[string]bool{}
		for _, vt := range v.Votes {
			if vt.VoterID == m.MyMember.ID {
				m.MyVotes[strconv.FormatInt(vt.ChosenID, 10)] = true
			}
		}
		for _, s := range m.Ranking {
			if s.MemberID != m.MyMember.ID {
				m.VoteChoice = append(m.VoteChoice, view.Option{Value: strconv.FormatInt(s.MemberID, 10), Label: s.Name})
			}
		}
	}
	return m
}

// blocChange runs a change of the bloc-year (office) and redirects back;
// a refused change shows the page again with the message.
func (srv *Server) blocChange(w http.ResponseWriter, r *http.Request, anchor string,
	fn func(v store.BlocYearView, version int) (done string, err error)) error {
	v, base, err := srv.blocYearOfPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	done, err := fn(v, version)
	p := validate.Problems{}
	if err = saveErrors(err, p); err != nil {
		return err
	}
	if !p.OK() {
		return srv.blocYearPage(w, r, http.StatusUnprocessableEntity, formErrors(p, nil))
	}
	srv.flash(r, done)
	return redirect(w, r, base+anchor)
}

func (srv *Server) blocAddMember(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "#members", func(v store.BlocYearView, version int) (string, error) {
		unitID, _ := parseID(text(r, "unit_id"))
		label := text(r, "label")
		if err := refuse(bloc.CheckMember(unitID, label), "unit_id", "label"); err != nil {
			return "", err
		}
		err := srv.store.AddBlocMember(r.Context(), actor(r), v.Year.ID, version, unitID, label)
		var de *store.DuplicateError
		if errors.As(err, &de) {
			return "", refused("Đơn vị này đã là thành viên của Khối/Cụm trong năm.")
		}
		return "Đã thêm đơn vị thành viên.", err
	})
}

func (srv *Server) blocRemoveMember(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "#members", func(v store.BlocYearView, version int) (string, error) {
		mid, err := idParam(r, "member")
		if err != nil {
			return "", err
		}
		if _, ok := v.Member(mid); !ok {
			return "", errNotFoundPage
		}
		return "Đã bỏ đơn vị khỏi Khối/Cụm.", srv.store.RemoveBlocMember(r.Context(), actor(r), v.Year.ID, version, mid)
	})
}

func (srv *Server) blocLeadership(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "#members", func(v store.BlocYearView, version int) (string, error) {
		head, _ := parseID(text(r, "head"))
		var deputies []int64
		for _, s := range r.PostForm["deputies"] {
			id, _ := parseID(s) // 0 is no member: refused below
			deputies = append(deputies, id)
		}
		if err := refuse(bloc.CheckRoles(v.Year.Members, head, deputies), "head", "deputies"); err != nil {
			return "", err
		}
		err := srv.store.SetBlocLeadership(r.Context(), actor(r), v.Year.ID, version, head, deputies)
		if errors.Is(err, store.ErrNotFound) {
			// A member removed meanwhile.
			return "", refused("Chọn Khối trưởng, Khối phó trong danh sách thành viên.")
		}
		return "Đã lưu Khối trưởng, Khối phó.", err
	})
}

func (srv *Server) blocCovenant(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "#giao-uoc", func(v store.BlocYearView, version int) (string, error) {
		text := validate.Block(r.PostFormValue("covenant"))
		flag, err1 := atoi32(strings.TrimSpace(r.PostFormValue("quota_flag")))
		merit, err2 := atoi32(strings.TrimSpace(r.PostFormValue("quota_merit")))
		if err1 != nil || err2 != nil {
			return "", refused("Chỉ tiêu đề nghị phải là số nguyên.")
		}
		if err := refuse(bloc.CheckCovenant(text, flag, merit), "covenant", "quota_flag", "quota_merit"); err != nil {
			return "", err
		}
		return "Đã lưu giao ước và chỉ tiêu.", srv.store.SaveCovenant(r.Context(), actor(r), v.Year.ID, version, text, flag, merit)
	})
}

func (srv *Server) blocAddCriterion(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "#criteria", func(v store.BlocYearView, version int) (string, error) {
		c := bloc.Criterion{Kind: bloc.CriterionKind(text(r, "kind")), Code: text(r, "code"), Title: text(r, "title"), Weight: 100}
		if s := text(r, "parent_id"); s != "" {
			id, err := parseID(s)
			if err != nil {
				return "", refused("Chọn nhóm tiêu chí trong danh sách.")
			}
			c.ParentID = id
		}
		if c.Kind.Scored() {
			pts, err := bloc.ParsePoints(text(r, "max"))
			if err != nil {
				return "", refused("Điểm tối đa: " + err.Error())
			}
			c.Max = pts
			if s := text(r, "weight"); s != "" {
				w, err := atoi32(s)
				if err != nil {
					return "", refused("Trọng số phải là số nguyên (phần trăm).")
				}
				c.Weight = w
			}
		}
		if err := refuse(c.Validate(), "kind", "title", "max", "weight", "code", "parent_id"); err != nil {
			return "", err
		}
		return "Đã thêm tiêu chí.", srv.store.AddBlocCriterion(r.Context(), actor(r), v.Year.ID, version, c)
	})
}

func (srv *Server) blocDeleteCriterion(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "#criteria", func(v store.BlocYearView, version int) (string, error) {
		cid, err := idParam(r, "criterion")
		if err != nil {
			return "", err
		}
		return "Đã xóa tiêu chí.", srv.store.DeleteBlocCriterion(r.Context(), actor(r), v.Year.ID, version, cid)
	})
}

func (srv *Server) blocPhase(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "", func(v store.BlocYearView, version int) (string, error) {
		to := bloc.Phase(text(r, "to"))
		if to != bloc.Scoring && to != bloc.Closed {
			return "", &badRequestError{"phase"}
		}
		done := "Đã mở chấm điểm: các đơn vị đã ký giao ước tự chấm điểm từng tiêu chí."
		if to == bloc.Closed {
			done = "Đã khóa điểm. Bảng xếp hạng là kết quả chính thức."
		}
		return done, srv.store.SetBlocPhase(r.Context(), actor(r), v.Year.ID, version, to)
	})
}

func (srv *Server) blocProposals(w http.ResponseWriter, r *http.Request) error {
	return srv.blocChange(w, r, "#proposals", func(v store.BlocYearView, version int) (string, error) {
		var props []bloc.Proposal
		for key, vals := range r.PostForm {
			rest, ok := strings.CutPrefix(key, "award_")
			if !ok || len(vals) == 0 || vals[0] == "" {
				continue
			}
			id, err := parseID(rest)
			a := bloc.Award(vals[0])
			if err != nil || (a != bloc.AwardFlag && a != bloc.AwardMerit) {
				return "", refused("Chọn hình thức đề nghị trong danh sách.")
			}
			props = append(props, bloc.Proposal{MemberID: id, Award: a})
		}
		return "Đã lưu đề nghị khen thưởng của Khối/Cụm.", srv.store.SaveProposals(r.Context(), actor(r), v.Year.ID, version, props)
	})
}

func (srv *Server) blocCovenantUpload(w http.ResponseWriter, r *http.Request) error {
	v, base, err := srv.blocYearOfPath(r)
	if err != nil {
		return err
	}
	f, problem, err := srv.readUpload(w, r, "file", attach.Documents...)
	if err != nil {
		return err
	}
	if problem != "" {
		return srv.uploadProblem(w, r, problem)
	}
	if err := srv.store.AddBlocDocument(r.Context(), actor(r), v.Year.ID, 0, f); err != nil {
		return err
	}
	srv.flash(r, "Đã tải lên bản giao ước “"+f.Name+"”.")
	return redirect(w, r, base+"#giao-uoc")
}

func (srv *Server) blocDocument(w http.ResponseWriter, r *http.Request) error {
	v, _, err := srv.blocYearOfPath(r)
	if err != nil {
		return err
	}
	doc, err := idParam(r, "doc")
	if err != nil {
		return err
	}
	a, data, err := srv.store.BlocYearDocument(r.Context(), v.Year.ID, doc)
	if err != nil {
		return err
	}
	serveAttachment(w, r, a, data)
	return nil
}
