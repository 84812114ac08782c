package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/attach"
	"tdkt/internal/bloc"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// Bloc scoring: a member's page (self-scoring, verification, disputes,
// evidence), the signature of the covenant, the votes (suy tôn) and the score
// sheet export.

// memberOfPath loads the bloc-year and the {member} of the path; a member
// of another bloc-year is a 404.
func (srv *Server) memberOfPath(r *http.Request) (store.BlocYearView, string, bloc.Member, error) {
	v, base, err := srv.loadBlocYear(r, true)
	if err != nil {
		return v, base, bloc.Member{}, err
	}
	mid, err := idParam(r, "member")
	if err != nil {
		return v, base, bloc.Member{}, err
	}
	m, ok := v.Member(mid)
	if !ok {
		return v, base, m, errNotFoundPage
	}
	return v, base, m, nil
}

func (srv *Server) blocSign(w http.ResponseWriter, r *http.Request) error {
	v, base, m, err := srv.memberOfPath(r)
	if err != nil {
		return err
	}
	if !actsFor(r, v, m) {
		return srv.hidden(r)
	}
	if err := srv.store.SignCovenant(r.Context(), actor(r), v.Year.ID, m.ID, srv.now()); err != nil {
		return err
	}
	srv.flash(r, "Đã ký giao ước thi đua cho "+m.Name+".")
	return redirect(w, r, base+"#members")
}

func (srv *Server) blocVote(w http.ResponseWriter, r *http.Request) error {
	v, base, m, err := srv.memberOfPath(r)
	if err != nil {
		return err
	}
	if !actsFor(r, v, m) {
		return srv.hidden(r)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var chosen []int64
	for _, s := range r.PostForm["chosen"] {
		id, err := parseID(s)
		if err != nil {
			return refused("Chọn đơn vị trong danh sách.")
		}
		chosen = append(chosen, id)
	}
	err = srv.store.SaveVotes(r.Context(), actor(r), v.Year.ID, m.ID, chosen)
	p := validate.Problems{}
	if err = saveErrors(err, p); err != nil {
		return err
	}
	if !p.OK() {
		return srv.blocYearPage(w, r, http.StatusUnprocessableEntity, view.Errors{Fields: map[string]string{"chosen": p[""]}, Order: []string{"chosen"}})
	}
	srv.flash(r, "Đã ghi phiếu suy tôn của "+m.Name+".")
	return redirect(w, r, base+"#vote")
}

// breakdownInput is what the user typed on one row, kept after an error.
type breakdownInput struct {
	criterionID    int64
	points, reason string
	comment        string
	err            string
}

func (srv *Server) blocMemberShow(w http.ResponseWriter, r *http.Request) error {
	return srv.memberPage(w, r, http.StatusOK, breakdownInput{}, "")
}

func (srv *Server) memberPage(w http.ResponseWriter, r *http.Request, status int, in breakdownInput, notice string) error {
	v, base, m, err := srv.memberOfPath(r)
	if err != nil {
		return err
	}
	mb := memberBreakdown(r, v, base, m)
	mb.Notice = notice
	docs, err := srv.store.BlocDocuments(r.Context(), v.Year.ID)
	if err != nil {
		return err
	}
	evidence := map[int64][]view.FileLink{}
	for _, d := range docs {
		if d.ScoreID != 0 {
			evidence[d.ScoreID] = append(evidence[d.ScoreID], fileLink(d.Attachment, fmt.Sprintf("%s/documents/%d", base, d.ID)))
		}
	}
	for i := range mb.Rows {
		if id := mb.Rows[i].S.ID; id != 0 {
			mb.Rows[i].Evidence = evidence[id]
		}
	}
	for i := range mb.Rows {
		if mb.Rows[i].C.ID == in.criterionID {
			mb.Rows[i].Points, mb.Rows[i].Comment, mb.Rows[i].Reason, mb.Rows[i].Error = in.points, in.comment, in.reason, in.err
		}
	}
	title := m.Name + " – " + v.Bloc.Name
	return srv.render(w, r, status, view.MemberBreakdownPage(srv.page(r, title, crumbBlocs,
		view.Crumb{Label: fmt.Sprintf("%s – năm %d", v.Bloc.Name, v.Year.Year), Href: base}, view.Crumb{Label: m.Name}), mb))
}

// memberBreakdown builds one member's score sheet with the forms the user may use.
func memberBreakdown(r *http.Request, v store.BlocYearView, base string, m bloc.Member) view.MemberBreakdown {
	mine := actsFor(r, v, m)
	verifier := verifies(r, v, m)
	open := v.Year.Phase == bloc.Scoring
	scores := v.Scores[m.ID]
	out := view.MemberBreakdown{Bloc: v.Bloc, Year: v.Year, Base: base, Member: m, Totals: bloc.Sum(v.Year.Criteria, scores)}
	for _, c := range v.Year.Criteria {
		s := scores[c.ID]
		s.MemberID = m.ID
		row := view.ScoreRow{C: c, S: s}
		if c.Kind.Scored() && open && m.Signed() {
			_, row.CanSelf = bloc.ScoreNext(s.Status, bloc.EventSelfScore, bloc.ByMember)
			row.CanSelf = row.CanSelf && mine
			_, row.CanDispute = bloc.ScoreNext(s.Status, bloc.EventDispute, bloc.ByMember)
			row.CanDispute = row.CanDispute && mine && !verifier
			_, row.CanVerify = bloc.ScoreNext(s.Status, bloc.EventVerify, bloc.ByVerifier)
			row.CanVerify = row.CanVerify && verifier
			_, row.CanResolve = bloc.ScoreNext(s.Status, bloc.EventResolve, bloc.ByVerifier)
			row.CanResolve = row.CanResolve && verifier
			row.CanAttach = mine && s.Status == bloc.ScoreSelf
		}
		switch {
		case row.CanSelf && s.Status != bloc.ScoreNone:
			row.Points, row.Comment = s.Self.String(), s.SelfComment
		case row.CanVerify && s.Status == bloc.ScoreSelf:
			row.Points = s.Self.String()
		case row.CanVerify || row.CanResolve:
			row.Points = s.Verified.String()
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func (srv *Server) blocSelfScore(w http.ResponseWriter, r *http.Request) error {
	v, base, m, err := srv.memberOfPath(r)
	if err != nil {
		return err
	}
	if !actsFor(r, v, m) {
		return srv.hidden(r)
	}
	cid, err := idParam(r, "criterion")
	if err != nil {
		return err
	}
	c, ok := v.Criterion(cid)
	if !ok || !c.Kind.Scored() {
		return errNotFoundPage
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	in := breakdownInput{criterionID: cid, points: text(r, fmt.Sprintf("points_%d", cid)), comment: text(r, fmt.Sprintf("comment_%d", cid))}
	pts, perr := c.ParsePoints(in.points)
	if perr == nil && validate.Len(in.comment) > 2000 {
		perr = &bloc.Problem{Message: "Giải trình không quá 2000 ký tự."}
	}
	if perr != nil {
		in.err = perr.Error()
		return srv.memberPage(w, r, http.StatusUnprocessableEntity, in, "")
	}
	err = srv.store.SelfScore(r.Context(), actor(r), v.Year.ID, m.ID, cid, version, pts, in.comment)
	return srv.scoreResult(w, r, err, in, base, m, cid, "Đã lưu điểm tự chấm.")
}

// scoreResult answers a score change: 409 keeps the input, a refused
// change shows its message on the row, success goes back to the row.
func (srv *Server) scoreResult(w http.ResponseWriter, r *http.Request, err error, in breakdownInput, base string, m bloc.Member, cid int64, done string) error {
	var re *store.RuleError
	switch {
	case errors.Is(err, store.ErrConflict):
		in.err = "Điểm này vừa được người khác thay đổi. Nội dung bạn nhập vẫn được giữ; hãy xem lại rồi gửi lần nữa."
		return srv.memberPage(w, r, http.StatusConflict, in, "Dữ liệu đã thay đổi trong lúc bạn nhập.")
	case errors.As(err, &re):
		in.err = re.Message
		return srv.memberPage(w, r, http.StatusUnprocessableEntity, in, "")
	case err != nil:
		return err
	}
	srv.flash(r, done)
	return redirect(w, r, fmt.Sprintf("%s/members/%d#c%d", base, m.ID, cid))
}

// blocScoreStep handles verify, dispute and resolve of one score.
func (srv *Server) blocScoreStep(e bloc.ScoreEvent) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, base, err := srv.blocYearOfPath(r)
		if err != nil {
			return err
		}
		sid, err := idParam(r, "score")
		if err != nil {
			return err
		}
		s, ok := v.ScoreByID(sid)
		if !ok {
			return errNotFoundPage
		}
		m, _ := v.Member(s.MemberID)
		c, _ := v.Criterion(s.CriterionID)
		allowed := verifies(r, v, m)
		if e == bloc.EventDispute {
			allowed = actsFor(r, v, m)
		}
		if !allowed {
			return srv.hidden(r)
		}
		if err := parseForm(r); err != nil {
			return err
		}
		version, err := formVersion(r)
		if err != nil {
			return err
		}
		// The path's {member} is absent here; the breakdown page needs it.
		r.SetPathValue("member", strconv.FormatInt(m.ID, 10))
		in := breakdownInput{criterionID: c.ID, points: text(r, fmt.Sprintf("points_%d", c.ID)), reason: text(r, fmt.Sprintf("reason_%d", c.ID))}
		if validate.Len(in.reason) > 2000 {
			in.err = "Nội dung không quá 2000 ký tự."
			return srv.memberPage(w, r, http.StatusUnprocessableEntity, in, "")
		}
		var pts bloc.Points
		if e != bloc.EventDispute {
			p, perr := c.ParsePoints(in.points)
			if perr != nil {
				in.err = perr.Error()
				return srv.memberPage(w, r, http.StatusUnprocessableEntity, in, "")
			}
			pts = p
		}
		var done string
		switch e {
		case bloc.EventVerify:
			err, done = srv.store.VerifyScore(r.Context(), actor(r), v.Year.ID, sid, version, pts, in.reason), "Đã thẩm định điểm."
		case bloc.EventDispute:
			err, done = srv.store.DisputeScore(r.Context(), actor(r), v.Year.ID, sid, version, in.reason), "Đã gửi khiếu nại điểm."
		case bloc.EventResolve:
			err, done = srv.store.ResolveDispute(r.Context(), actor(r), v.Year.ID, sid, version, pts, in.reason), "Đã giải quyết khiếu nại."
		}
		return srv.scoreResult(w, r, err, in, base, m, c.ID, done)
	}
}

// blocExport downloads the scoring matrix and the ranking as .xlsx: one
// sheet with a line per ranked member (each criterion's final score,
// totals, rank, honour votes) and one with every score's detail.
func (srv *Server) blocExport(w http.ResponseWriter, r *http.Request) error {
	v, _, err := srv.loadBlocYear(r, true)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Bảng điểm"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	var cols []bloc.Criterion
	for _, c := range v.Year.Criteria {
		if c.Kind.Scored() {
			cols = append(cols, c)
		}
	}
	header := []any{"Hạng", "Đơn vị"}
	for _, c := range cols {
		header = append(header, strings.TrimSpace(c.Code+" "+c.Title)+" (tối đa "+c.Max.String()+")")
	}
	header = append(header, "Điểm tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Dẫn đầu", "Phiếu suy tôn")
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	end, _ := excelize.CoordinatesToCellName(len(header), 1)
	if err := f.SetCellStyle(sheet, "A1", end, bold); err != nil {
		return err
	}
	tally := bloc.Tally(v.Votes)
	for i, s := range bloc.Rank(v.Year.Members, v.Year.Criteria, v.Scores) {
		row := []any{s.Rank, s.Name}
		for _, c := range cols {
			if sc, ok := v.Scores[s.MemberID][c.ID]; ok {
				row = append(row, sc.Final().Float())
			} else {
				row = append(row, nil)
			}
		}
		lead := ""
		if s.Leading {
			lead = "Dẫn đầu"
		}
		row = append(row, s.Base.Float(), s.Bonus.Float(), s.Deduction.Float(), s.Total.Float(), lead, tally[s.MemberID])
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	note, _ := excelize.CoordinatesToCellName(1, len(v.Year.Members)+4)
	if err := f.SetCellValue(sheet, note, "Quy tắc xếp hạng: "+bloc.TieRule); err != nil {
		return err
	}
	const detail = "Chi tiết"
	if _, err := f.NewSheet(detail); err != nil {
		return err
	}
	dh := []any{"Đơn vị", "Mục", "Tiêu chí", "Tự chấm", "Giải trình", "Thẩm định", "Lý do điều chỉnh", "Trạng thái", "Khiếu nại", "Trả lời khiếu nại"}
	if err := f.SetSheetRow(detail, "A1", &dh); err != nil {
		return err
	}
	line := 2
	for _, m := range v.Year.Members {
		for _, c := range cols {
			sc, ok := v.Scores[m.ID][c.ID]
			if !ok {
				continue
			}
			var verified any
			if sc.Status != bloc.ScoreSelf {
				verified = sc.Verified.Float()
			}
			row := []any{m.Name, c.Code, c.Title, sc.Self.Float(), sc.SelfComment, verified, sc.VerifyReason, sc.Status.Label(), sc.DisputeReason, sc.ResolveNote}
			cell, _ := excelize.CoordinatesToCellName(1, line)
			if err := f.SetSheetRow(detail, cell, &row); err != nil {
				return err
			}
			line++
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return serveXLSX(w, fmt.Sprintf("bang-diem-khoi-%d-%d.xlsx", v.Bloc.ID, v.Year.Year), buf.Bytes())
}

func (srv *Server) blocEvidenceUpload(w http.ResponseWriter, r *http.Request) error {
	v, base, err := srv.blocYearOfPath(r)
	if err != nil {
		return err
	}
	sid, err := idParam(r, "score")
	if err != nil {
		return err
	}
	s, ok := v.ScoreByID(sid)
	if !ok {
		return errNotFoundPage
	}
	m, _ := v.Member(s.MemberID)
	if !actsFor(r, v, m) {
		return srv.hidden(r)
	}
	back := fmt.Sprintf("%s/members/%d#c%d", base, m.ID, s.CriterionID)
	f, problem, err := srv.readUpload(w, r, "file", attach.Documents...)
	if err != nil {
		return err
	}
	if problem != "" {
		// Said on the score's row, as the dossier's upload does.
		r.SetPathValue("member", strconv.FormatInt(m.ID, 10))
		return srv.memberPage(w, r, uploadStatus(problem), breakdownInput{criterionID: s.CriterionID, err: "Minh chứng chưa được thêm: " + problem}, "")
	}
	if err := srv.store.AddBlocDocument(r.Context(), actor(r), v.Year.ID, sid, f); err != nil {
		return err
	}
	srv.flash(r, "Đã thêm minh chứng “"+f.Name+"”.")
	return redirect(w, r, back)
}
