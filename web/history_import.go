package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"tdkt/internal/attach"
	"tdkt/internal/award"
	"tdkt/internal/historyimport"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// The import of past award history from .xlsx (office and admin; the routes
// are in routes.go).
const historyImportPath = "/people/history/import"

var historyImportTemplate = sync.OnceValues(historyimport.Template)

func (srv *Server) historyImportPage(w http.ResponseWriter, r *http.Request, status int, m view.HistoryImport) error {
	p := srv.page(r, "Nhập quá trình khen thưởng từ Excel", crumbPeople, view.Crumb{Label: "Nhập quá trình khen thưởng"})
	return srv.render(w, r, status, view.HistoryImportPage(p, m))
}

func (srv *Server) historyImportForm(w http.ResponseWriter, r *http.Request) error {
	return srv.historyImportPage(w, r, http.StatusOK, view.HistoryImport{})
}

func (srv *Server) historyImportTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := historyImportTemplate()
	if err != nil {
		return fmt.Errorf("history import template: %w", err)
	}
	return serveXLSX(w, "mau-qua-trinh-khen-thuong.xlsx", b)
}

func fileProblem(m view.HistoryImport, msg string) view.HistoryImport {
	m.Errors = view.Errors{Fields: map[string]string{"file": msg}, Order: []string{"file"}}
	return m
}

// historyImportUpload reads the sheet and shows the preview; it writes
// nothing.
func (srv *Server) historyImportUpload(w http.ResponseWriter, r *http.Request) error {
	f, problem, err := srv.readUpload(w, r, "file", attach.XLSX)
	if err != nil {
		return err
	}
	m := view.HistoryImport{}
	if problem != "" {
		return srv.historyImportPage(w, r, uploadStatus(problem), fileProblem(m, problem))
	}
	if len(f.Data) > historyimport.MaxFileSize {
		return srv.historyImportPage(w, r, http.StatusRequestEntityTooLarge, fileProblem(m, "Tệp lớn hơn 5 MB. Hãy chia danh sách thành nhiều tệp nhỏ hơn."))
	}
	ctx := r.Context()
	people, err := srv.store.EveryPerson(ctx)
	if err != nil {
		return err
	}
	res, err := historyimport.Parse(f.Data, historyimport.NewDirectory(people), srv.reviewYear())
	switch {
	case errors.Is(err, historyimport.ErrNoHeader):
		return srv.historyImportPage(w, r, http.StatusUnprocessableEntity, fileProblem(m,
			"Không tìm thấy dòng tiêu đề có các cột “Họ và tên” (hoặc “Mã”), “Năm” và “Danh hiệu, hình thức” trong 5 dòng đầu. Hãy dùng tệp mẫu."))
	case errors.Is(err, historyimport.ErrEmpty):
		return srv.historyImportPage(w, r, http.StatusUnprocessableEntity, fileProblem(m, "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
	case errors.Is(err, historyimport.ErrTooManyRows):
		return srv.historyImportPage(w, r, http.StatusUnprocessableEntity, fileProblem(m,
			fmt.Sprintf("Tệp có hơn %d dòng. Hãy chia thành nhiều tệp.", historyimport.MaxRows)))
	case err != nil:
		return srv.historyImportPage(w, r, http.StatusUnprocessableEntity, fileProblem(m,
			"Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”."))
	}
	if err := srv.markRecorded(r, &res); err != nil {
		return err
	}
	m, err = historyImportModel(res, f.Name)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !res.OK() {
		status = http.StatusUnprocessableEntity
	}
	return srv.historyImportPage(w, r, status, m)
}

// markRecorded flags rows whose merit award is already recorded (R14).
func (srv *Server) markRecorded(r *http.Request, res *historyimport.Result) error {
	var ids []int64
	for _, row := range res.Rows {
		if row.PersonID != 0 {
			ids = append(ids, row.PersonID)
		}
	}
	hs, err := srv.store.HistoriesOf(r.Context(), ids, 2100)
	if err != nil {
		return err
	}
	rec := map[historyimport.Recorded]bool{}
	for id, h := range hs {
		for _, a := range h.Awards {
			if a.Kind == award.Merit {
				rec[historyimport.Recorded{PersonID: id, Year: a.Year, Code: a.Code}] = true
			}
		}
	}
	res.MarkRecorded(rec)
	return nil
}

func historyImportModel(res historyimport.Result, name string) (view.HistoryImport, error) {
	m := view.HistoryImport{FileName: name, Total: len(res.Rows), ErrorRows: res.ErrorRows, Shown: true}
	for _, row := range res.Rows {
		v := view.HistoryImportRow{Line: row.Line, Person: row.Person, Unit: row.Unit, Errors: row.Errors}
		if row.Year != 0 {
			v.Year = strconv.Itoa(row.Year)
		}
		if row.Code != "" {
			v.Award = award.Name(row.Code)
		}
		if row.Kind != "" {
			v.Kind = row.Kind.Label()
		}
		if row.DecisionNo != "" {
			v.Decision = "Số " + row.DecisionNo
		}
		if !row.DecisionDate.IsZero() {
			v.Decision = strings.TrimSpace(v.Decision + " ngày " + view.Date(row.DecisionDate))
		}
		m.Rows = append(m.Rows, v)
	}
	if res.OK() {
		b, err := json.Marshal(res.Rows)
		if err != nil {
			return m, err
		}
		m.Payload, m.SubmissionID = string(b), newSubmissionID()
	}
	return m, nil
}

// historyImportApply records the previewed rows, checked again, in one
// transaction with one audit event.
func (srv *Server) historyImportApply(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var rows []historyimport.Row
	if err := json.Unmarshal([]byte(r.PostFormValue("rows")), &rows); err != nil || len(rows) == 0 {
		return srv.historyImportPage(w, r, http.StatusUnprocessableEntity, fileProblem(view.HistoryImport{},
			"Không đọc được danh sách đã kiểm tra. Hãy tải tệp lên lại."))
	}
	ctx := r.Context()
	// A replayed form (double click, back and resubmit) records nothing twice.
	if done, err := srv.store.ImportSubmitted(ctx, actor(r)); err != nil || done {
		if err == nil {
			srv.flash(r, "Các khen thưởng này đã được ghi nhận.")
			err = redirect(w, r, historyImportPath)
		}
		return err
	}
	people, err := srv.store.EveryPerson(ctx)
	if err != nil {
		return err
	}
	res := historyimport.Recheck(rows, historyimport.NewDirectory(people), srv.reviewYear())
	if err := srv.markRecorded(r, &res); err != nil {
		return err
	}
	if !res.OK() {
		m, err := historyImportModel(res, "")
		if err != nil {
			return err
		}
		return srv.historyImportPage(w, r, http.StatusUnprocessableEntity, m)
	}
	entries := make([]store.AwardEntry, len(res.Rows))
	for i, row := range res.Rows {
		entries[i] = store.AwardEntry{PersonID: row.PersonID, Year: row.Year, Code: row.Code, Kind: row.Kind,
			DecisionNo: row.DecisionNo, DecisionDate: row.DecisionDate, Source: award.FromImported}
	}
	n, err := srv.store.ImportAwards(ctx, actor(r), entries)
	var dup *store.DuplicateError
	if errors.As(err, &dup) {
		// Recorded meanwhile by someone else: show the rows again.
		if err := srv.markRecorded(r, &res); err != nil {
			return err
		}
		m, err := historyImportModel(res, "")
		if err != nil {
			return err
		}
		m.Errors = view.Errors{Fields: map[string]string{"file": "Một số khen thưởng vừa được ghi nhận bởi người khác. Chưa có dòng nào được ghi."},
			Order: []string{"file"}}
		return srv.historyImportPage(w, r, http.StatusConflict, m)
	}
	if err != nil {
		return err
	}
	srv.flash(r, fmt.Sprintf("Đã ghi nhận %d khen thưởng từ tệp Excel.", n))
	return redirect(w, r, historyImportPath)
}
