package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"tdkt/internal/org"
	"tdkt/internal/staffimport"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

const (
	// maxUploadBytes caps the whole multipart body: the 5 MB file plus
	// room for the multipart framing.
	maxUploadBytes = 6 << 20
	// importValidShown bounds the rows without errors listed in a preview.
	importValidShown = 500
)

var crumbImport = view.Crumb{Label: "Nhập từ Excel", Href: "/people/import"}

// Messages about an uploaded file as a whole.
const (
	msgImportNoFile   = "Chọn tệp Excel (.xlsx) chứa danh sách cán bộ để tải lên."
	msgImportEmpty    = "Tệp đã chọn không có nội dung. Hãy chọn lại tệp."
	msgImportTooLarge = "Tệp lớn hơn 5 MB. Hãy chia danh sách thành nhiều tệp nhỏ hơn rồi tải lên lần lượt."
	msgImportNotXLSX  = "Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Nếu danh sách đang ở dạng .xls hoặc .csv, hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”."
)

func (srv *Server) importFormPage(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	var m view.ImportUpload
	if msg != "" {
		m.Errors = view.Errors{Fields: map[string]string{"file": msg}, Order: []string{"file"}}
	}
	return srv.render(w, r, status, view.ImportUploadPage(srv.page(r, "Nhập danh sách từ Excel", crumbPeople, view.Crumb{Label: "Nhập từ Excel"}), m))
}

func (srv *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	return srv.importFormPage(w, r, http.StatusOK, "")
}

// importTemplate is built once: it never changes.
var importTemplate = sync.OnceValues(staffimport.Template)

func (srv *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := importTemplate()
	if err != nil {
		return fmt.Errorf("import template: %w", err)
	}
	return serveXLSX(w, "mau-danh-sach-can-bo.xlsx", b)
}

// importFileError maps a problem with the file as a whole to a status and
// a message; ok is false for errors that are not the user's.
func importFileError(err error) (status int, msg string, ok bool) {
	var he *staffimport.HeaderError
	switch {
	case errors.Is(err, staffimport.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, msgImportTooLarge, true
	case errors.Is(err, staffimport.ErrNotXLSX):
		return http.StatusUnprocessableEntity, msgImportNotXLSX, true
	case errors.Is(err, staffimport.ErrZipLimits):
		return http.StatusUnprocessableEntity, "Tệp Excel có cấu trúc bất thường (quá lớn khi giải nén hoặc quá nhiều thành phần) nên không được xử lý. Hãy chép danh sách sang một tệp .xlsx mới rồi tải lên lại.", true
	case errors.Is(err, staffimport.ErrTooManyRows):
		return http.StatusUnprocessableEntity, "Tệp có hơn 5.000 dòng dữ liệu. Hãy chia danh sách thành nhiều tệp.", true
	case errors.Is(err, staffimport.ErrTooManyColumns):
		return http.StatusUnprocessableEntity, "Trang tính có hơn 50 cột. Hãy chỉ giữ các cột như tệp mẫu.", true
	case errors.Is(err, staffimport.ErrEmpty):
		return http.StatusUnprocessableEntity, "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề. Hãy kiểm tra rằng danh sách nằm ở trang tính đầu tiên.", true
	case errors.As(err, &he):
		return http.StatusUnprocessableEntity, he.Error(), true
	}
	return 0, "", false
}

// displayName is the name of an uploaded file as shown and stored: the base
// name only, clean text, at most 200 characters.
func displayName(s string) string {
	s = strings.ReplaceAll(s, `\`, "/")
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	s = validate.Text(s)
	if validate.Len(s) > 200 {
		s = string([]rune(s)[:200])
	}
	if s == "" || s == "." || s == ".." {
		s = "tệp không tên.xlsx"
	}
	return s
}

func (srv *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	// limitBody leaves multipart bodies alone: this is the upload's own cap.
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
	err := r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return srv.importFormPage(w, r, http.StatusRequestEntityTooLarge, msgImportTooLarge)
		case errors.Is(err, http.ErrNotMultipart):
			return srv.importFormPage(w, r, http.StatusUnprocessableEntity, msgImportNoFile)
		}
		return &badRequestError{err.Error()}
	}
	file, fh, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return srv.importFormPage(w, r, http.StatusUnprocessableEntity, msgImportNoFile)
	}
	if err != nil {
		return fmt.Errorf("import upload: %w", err)
	}
	defer file.Close()
	switch {
	case fh.Size == 0:
		return srv.importFormPage(w, r, http.StatusUnprocessableEntity, msgImportEmpty)
	case fh.Size > staffimport.MaxFileSize:
		return srv.importFormPage(w, r, http.StatusRequestEntityTooLarge, msgImportTooLarge)
	}
	ctx := r.Context()
	units, err := srv.store.ListUnits(ctx, store.UnitFilter{})
	if err != nil {
		return err
	}
	res, err := staffimport.Parse(file, fh.Size, staffimport.UnitMap(units), srv.now())
	if err != nil {
		status, msg, ok := importFileError(err)
		if !ok {
			return fmt.Errorf("import upload: %w", err)
		}
		srv.log.Info("import_rejected", "err", err, "size", fh.Size, "request_id", requestID(ctx))
		return srv.importFormPage(w, r, status, msg)
	}
	var unitIDs []int64
	for _, row := range res.Rows {
		if row.Person.UnitID != 0 {
			unitIDs = append(unitIDs, row.Person.UnitID)
		}
	}
	existing, err := srv.store.StaffOfUnits(ctx, unitIDs)
	if err != nil {
		return err
	}
	res.MarkExisting(existing)
	id, err := srv.store.CreateImport(ctx, actor(r), displayName(fh.Filename), res.Rows, len(res.Rows), res.ErrorRows)
	if err != nil {
		return err
	}
	return redirect(w, r, "/people/import/"+strconv.FormatInt(id, 10))
}

// loadImport returns the import of the path, scoped to the signed-in
// account, with its rows.
func (srv *Server) loadImport(r *http.Request) (store.ImportRecord, []staffimport.Row, error) {
	id, err := pathID(r)
	if err != nil {
		return store.ImportRecord{}, nil, err
	}
	rec, err := srv.store.Import(r.Context(), id, userFrom(r.Context()).ID)
	if err != nil {
		return store.ImportRecord{}, nil, err
	}
	var rows []staffimport.Row
	if err := json.Unmarshal(rec.Rows, &rows); err != nil {
		return store.ImportRecord{}, nil, fmt.Errorf("import %d rows: %w", id, err)
	}
	return rec, rows, nil
}

func (srv *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	rec, rows, err := srv.loadImport(r)
	if err != nil {
		return err
	}
	m := view.ImportPreview{ID: rec.ID, Filename: rec.Filename, Status: rec.Status, CreatedAt: rec.CreatedAt,
		RowCount: rec.RowCount, ErrorRows: rec.ErrorCount}
	var valid []view.ImportRow
	for _, row := range rows {
		c := row.Cells
		vr := view.ImportRow{Line: row.Line, FullName: c.FullName, Unit: c.Unit, Gender: c.Gender, BirthDate: c.BirthDate,
			Position: c.Position, Leader: c.Leader, Employment: c.Employment, Recruited: c.RecruitedOn, Errors: row.Errors}
		if len(row.Errors) > 0 {
			m.Rows = append(m.Rows, vr)
		} else if len(valid) < importValidShown {
			valid = append(valid, vr)
		} else {
			m.Hidden++
		}
	}
	m.Rows = append(m.Rows, valid...)
	return srv.render(w, r, http.StatusOK, view.ImportPreviewPage(
		srv.page(r, "Xem trước danh sách nhập", crumbPeople, crumbImport, view.Crumb{Label: "Xem trước"}), m))
}

// importRefused explains why an import cannot be applied or cancelled
// (served as a 409 page).
func importRefused(rec store.ImportRecord) error {
	switch {
	case rec.Status == store.ImportApplied:
		return &store.RuleError{Message: "Danh sách trong tệp “" + rec.Filename + "” đã được nhập trước đó; hệ thống không ghi thêm lần nữa."}
	case rec.Status == store.ImportCancelled:
		return &store.RuleError{Message: "Lần nhập từ tệp “" + rec.Filename + "” đã được hủy; không có dữ liệu nào được ghi. Hãy tải tệp lên lại nếu cần."}
	case rec.ErrorCount > 0:
		return &store.RuleError{Message: fmt.Sprintf("Tệp “%s” còn %s dòng lỗi nên chưa thể nhập. Sửa tệp rồi tải lên lại; chưa có dữ liệu nào được ghi.",
			rec.Filename, view.Number(int64(rec.ErrorCount)))}
	}
	return store.ErrConflict
}

func (srv *Server) importApply(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rec, rows, err := srv.loadImport(r)
	if err != nil {
		return err
	}
	if rec.Status != store.ImportPreview || rec.ErrorCount > 0 {
		return importRefused(rec)
	}
	ctx := r.Context()
	now := srv.now()
	people := make([]org.Person, 0, len(rows))
	for _, row := range rows {
		p := row.Person
		p.Normalize()
		if len(row.Errors) > 0 || !p.Validate(now).OK() {
			// The rows were checked at upload; a row that no longer passes
			// (e.g. a birthday crossing an age limit) means uploading again.
			return &store.RuleError{Message: fmt.Sprintf("Dòng %d của tệp “%s” không còn hợp lệ. Hãy tải tệp lên lại; chưa có dữ liệu nào được ghi.", row.Line, rec.Filename)}
		}
		people = append(people, p)
	}
	n, err := srv.store.ApplyPeopleImport(ctx, actor(r), rec.ID, people)
	if errors.Is(err, store.ErrConflict) {
		// Applied or cancelled meanwhile (e.g. a double click).
		if cur, cerr := srv.store.Import(ctx, rec.ID, userFrom(ctx).ID); cerr == nil {
			return importRefused(cur)
		}
	}
	if err != nil {
		return err
	}
	srv.flash(r, "Đã nhập "+view.Number(int64(n))+" người từ tệp “"+rec.Filename+"”.")
	return redirect(w, r, "/people")
}

func (srv *Server) importCancel(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	rec, err := srv.store.Import(ctx, id, userFrom(ctx).ID)
	if err != nil {
		return err
	}
	if err := srv.store.CancelImport(ctx, actor(r), id); err != nil {
		if errors.Is(err, store.ErrConflict) {
			if cur, cerr := srv.store.Import(ctx, id, userFrom(ctx).ID); cerr == nil {
				return importRefused(cur)
			}
		}
		return err
	}
	srv.flash(r, "Đã hủy lần nhập từ tệp “"+rec.Filename+"”; không có dữ liệu nào được ghi.")
	return redirect(w, r, "/people/import")
}
