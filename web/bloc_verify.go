package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"tdkt/internal/bloc"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// Batch verification: every self-score still waiting on the user's
// verification on one page, verified in one submit; a row can be left
// for later, and an adjusted score carries its reason.

// pendingVerifications lists the scores the user verifies that still
// wait (self-scored), member by member in the bloc's order.
func pendingVerifications(r *http.Request, v store.BlocYearView, base string) (rows []view.VerifyRow, verifiesAny bool) {
	if v.Year.Phase != bloc.Scoring {
		return nil, false
	}
	for _, m := range v.Year.Members {
		if !verifies(r, v, m) {
			continue
		}
		verifiesAny = true
		for _, c := range v.Year.Criteria {
			s, ok := v.Scores[m.ID][c.ID]
			if !ok || !c.Kind.Scored() || s.Status != bloc.ScoreSelf {
				continue
			}
			rows = append(rows, view.VerifyRow{ScoreID: s.ID, Version: s.Version, Member: m.Name,
				MemberHref: fmt.Sprintf("%s/members/%d#c%d", base, m.ID, c.ID), Code: c.Code, Title: c.Title,
				Max: c.Max.String(), Self: s.Self.String(), Comment: s.SelfComment, Points: s.Self.String()})
		}
	}
	return rows, verifiesAny
}

func (srv *Server) blocVerifyShow(w http.ResponseWriter, r *http.Request) error {
	v, base, err := srv.loadBlocYear(r, true)
	if err != nil {
		return err
	}
	rows, mine := pendingVerifications(r, v, base)
	if !mine {
		return srv.hidden(r)
	}
	return srv.blocVerifyPage(w, r, http.StatusOK, v, base, rows, view.Errors{})
}

func (srv *Server) blocVerifyPage(w http.ResponseWriter, r *http.Request, status int, v store.BlocYearView, base string, rows []view.VerifyRow, errs view.Errors) error {
	m := view.BlocVerify{Bloc: v.Bloc, Year: v.Year, Base: base, Rows: rows, Verifier: verifierText(v), Errors: errs}
	return srv.render(w, r, status, view.BlocVerifyPage(srv.page(r, "Thẩm định điểm – "+v.Bloc.Name, crumbBlocs,
		view.Crumb{Label: fmt.Sprintf("%s – năm %d", v.Bloc.Name, v.Year.Year), Href: base}, view.Crumb{Label: "Thẩm định điểm"}), m))
}

func (srv *Server) blocVerifyAll(w http.ResponseWriter, r *http.Request) error {
	v, base, err := srv.loadBlocYear(r, true)
	if err != nil {
		return err
	}
	rows, mine := pendingVerifications(r, v, base)
	if !mine {
		return srv.hidden(r)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	// The rows the page showed; one that is no longer waiting (verified
	// by someone else meanwhile) is a conflict, one that never was ours
	// is not found.
	posted := map[int64]bool{}
	for _, s := range r.PostForm["score"] {
		id, err := parseID(s)
		if err != nil {
			return errNotFoundPage
		}
		posted[id] = true
	}
	pending := map[int64]bool{}
	for _, row := range rows {
		pending[row.ScoreID] = true
	}
	for id := range posted {
		if pending[id] {
			continue
		}
		s, ok := v.ScoreByID(id)
		if !ok {
			return errNotFoundPage
		}
		if m, _ := v.Member(s.MemberID); !verifies(r, v, m) {
			return srv.hidden(r)
		}
		return srv.blocVerifyPage(w, r, http.StatusConflict, v, base, rows,
			view.Errors{Message: "Một số điểm vừa được thẩm định hoặc thay đổi trong lúc bạn xem. Danh sách dưới đây là các điểm còn chờ; hãy xem lại rồi gửi lần nữa."})
	}
	var batch []store.Verification
	left, bad := 0, false
	for i := range rows {
		row := &rows[i]
		if !posted[row.ScoreID] {
			continue // appeared after the page was shown: left for the next look
		}
		sid := strconv.FormatInt(row.ScoreID, 10)
		row.Points, row.Reason = text(r, "points_"+sid), text(r, "reason_"+sid)
		row.Skip = r.PostFormValue("skip_"+sid) != ""
		if row.Skip {
			left++
			continue
		}
		version, err := strconv.Atoi(r.PostFormValue("version_" + sid))
		if err != nil {
			return &badRequestError{"version"}
		}
		s, _ := v.ScoreByID(row.ScoreID)
		c, _ := v.Criterion(s.CriterionID)
		pts, perr := c.ParsePoints(row.Points)
		if perr != nil {
			row.Error, bad = perr.Error(), true
			continue
		}
		if p := bloc.CheckVerification(c, s.Self, pts, row.Reason); !p.OK() {
			row.Error, bad = firstProblem(p, "verified", "reason"), true
			continue
		}
		batch = append(batch, store.Verification{ScoreID: row.ScoreID, Version: version, Points: pts, Reason: row.Reason})
	}
	if bad {
		return srv.blocVerifyPage(w, r, http.StatusUnprocessableEntity, v, base, rows, view.Errors{Message: "Một số dòng chưa hợp lệ; sửa các dòng có ghi lỗi, hoặc chọn “Để lại” để thẩm định sau."})
	}
	if len(batch) == 0 {
		return srv.blocVerifyPage(w, r, http.StatusUnprocessableEntity, v, base, rows, view.Errors{Message: "Chưa có điểm nào để thẩm định: mọi dòng đều được để lại."})
	}
	err = srv.store.VerifyScores(r.Context(), actor(r), v.Year.ID, batch)
	var se *store.ScoreError
	var re *store.RuleError
	if errors.As(err, &se) {
		for i := range rows {
			if rows[i].ScoreID != se.ScoreID {
				continue
			}
			switch {
			case errors.Is(err, store.ErrConflict):
				rows[i].Error = "Điểm này vừa được người khác thay đổi; hãy xem lại."
				err = errConflictRow
			case errors.As(err, &re):
				rows[i].Error = re.Message
				err = errRuleRow
			}
		}
	}
	switch {
	case errors.Is(err, errConflictRow):
		return srv.blocVerifyPage(w, r, http.StatusConflict, v, base, rows, view.Errors{Message: "Dữ liệu đã thay đổi trong lúc bạn nhập; chưa điểm nào được thẩm định."})
	case errors.Is(err, errRuleRow):
		return srv.blocVerifyPage(w, r, http.StatusUnprocessableEntity, v, base, rows, view.Errors{Message: "Chưa điểm nào được thẩm định; sửa dòng có ghi lỗi."})
	case err != nil:
		return err
	}
	msg := fmt.Sprintf("Đã thẩm định %d điểm.", len(batch))
	if left > 0 {
		msg = fmt.Sprintf("Đã thẩm định %d điểm; còn để lại %d điểm.", len(batch), left)
		srv.flash(r, msg)
		return redirect(w, r, base+"/verify")
	}
	srv.flash(r, msg)
	return redirect(w, r, base+"#matrix")
}

var (
	errConflictRow = errors.New("a row changed meanwhile")
	errRuleRow     = errors.New("a row was refused")
)

// firstProblem is the message of the first of fields that has one.
func firstProblem(p validate.Problems, fields ...string) string {
	for _, f := range fields {
		if msg, ok := p[f]; ok {
			return msg
		}
	}
	for _, msg := range p {
		return msg
	}
	return ""
}
