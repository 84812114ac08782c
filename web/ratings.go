package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/staffimport"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// awardNav is the menu of ratings and eligibility; awardAdminNav the
// admin's catalogue and settings, at the end of the menu.
var (
	awardNav = []navItem{
		{"Xếp loại", "/ratings", []auth.Role{auth.DeptHead, auth.Office, auth.Admin}},
		{"Ai đủ điều kiện?", "/eligibility", []auth.Role{auth.DeptHead, auth.Office, auth.Admin, auth.Leader}},
	}
	awardAdminNav = []navItem{
		{"Danh mục khen thưởng", "/admin/awards", []auth.Role{auth.Admin}},
		{"Thiết lập", "/admin/settings", []auth.Role{auth.Admin}},
	}
)

// pathYear reads {year}: anything but a year 2000–2100 is a 404.
func pathYear(r *http.Request) (int, error) {
	s := r.PathValue("year")
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2100 || strconv.Itoa(y) != s {
		return 0, errNotFoundPage
	}
	return y, nil
}

// reviewYear is the year under review today: the current year (ratings are
// done before 15/12 of the year).
func (srv *Server) reviewYear() int { return srv.now().In(view.Vietnam).Year() }

// workingYear is the year the ratings and eligibility pages open on: that
// of the open year-end round (in November 2026 the office may still be
// closing 2025), else the calendar year.
func (srv *Server) workingYear(ctx context.Context) (int, error) {
	y, ok, err := srv.store.OpenReviewYear(ctx)
	if err != nil || !ok {
		return srv.reviewYear(), err
	}
	return y, nil
}

func yearLink(y int) string { return "/ratings/" + strconv.Itoa(y) }

func ratingOptions() []view.Option {
	opts := []view.Option{{Value: "", Label: "Chưa xếp loại"}}
	for _, r := range award.Ratings {
		opts = append(opts, view.Option{Value: string(r), Label: r.Label()})
	}
	return opts
}

func (srv *Server) ratingsCurrent(w http.ResponseWriter, r *http.Request) error {
	y, err := srv.workingYear(r.Context())
	if err != nil {
		return err
	}
	http.Redirect(w, r, yearLink(y), http.StatusSeeOther)
	return nil
}

// ratingUnit is the unit whose sheet the request may see: a department
// head's own unit (another unit's id is the same 404 as a missing one);
// for the office the unit asked for, or 0 for the overview.
func ratingUnit(r *http.Request, raw string) (int64, error) {
	u := userFrom(r.Context())
	if raw == "" {
		if isOffice(r) {
			return 0, nil
		}
		if u.UnitID == 0 {
			return 0, errNotFoundPage
		}
		return u.UnitID, nil
	}
	id, err := parseID(raw)
	if err != nil {
		return 0, err
	}
	if !isOffice(r) && id != u.UnitID {
		return 0, errNotFoundPage
	}
	return id, nil
}

func (srv *Server) ratingsPage(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	unit, err := ratingUnit(r, r.URL.Query().Get("unit"))
	if err != nil {
		return err
	}
	if unit == 0 {
		return srv.ratingOverview(w, r, year)
	}
	sh, err := srv.store.RatingSheet(r.Context(), unit, year)
	if err != nil {
		return err
	}
	return srv.renderSheet(w, r, http.StatusOK, sheetModel(r, sh, nil))
}

func sheetModel(r *http.Request, sh store.RatingSheet, input map[int64]string) view.RatingSheet {
	m := view.RatingSheet{Year: sh.Year, UnitID: sh.UnitID, UnitName: sh.UnitName, Locked: sh.Locked, LockedAt: view.Date(sh.LockedAt),
		CanEdit: !sh.Locked, IsOffice: isOffice(r), Options: ratingOptions(),
		Prev: yearLink(sh.Year - 1), Next: yearLink(sh.Year + 1)}
	if m.IsOffice {
		q := "?unit=" + strconv.FormatInt(sh.UnitID, 10)
		m.Prev, m.Next = m.Prev+q, m.Next+q
	}
	for _, row := range sh.Rows {
		v := string(row.Rating)
		if in, ok := input[row.PersonID]; ok {
			v = in
		}
		m.Rows = append(m.Rows, view.RatingRow{PersonID: row.PersonID, Name: row.FullName, Position: row.Position, Rating: v, Version: row.Version})
	}
	return m
}

func (srv *Server) renderSheet(w http.ResponseWriter, r *http.Request, status int, m view.RatingSheet) error {
	title := fmt.Sprintf("Xếp loại năm %d", m.Year)
	p := srv.page(r, title, view.Crumb{Label: "Xếp loại", Href: yearLink(m.Year)}, view.Crumb{Label: m.UnitName})
	return srv.render(w, r, status, view.RatingSheetPage(p, m))
}

func (srv *Server) ratingsSave(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	unit, err := ratingUnit(r, r.PostFormValue("unit_id"))
	if err != nil || unit == 0 {
		return errNotFoundPage
	}
	input := map[int64]string{}
	var entries []store.RatingEntry
	bad := map[int64]bool{}
	for _, raw := range r.PostForm["p"] {
		id, err := parseID(raw)
		if err != nil {
			return &badRequestError{"person"}
		}
		key := strconv.FormatInt(id, 10)
		v, verr := atoi32(r.PostFormValue("v_" + key))
		if verr != nil || v < 0 {
			return &badRequestError{"version"}
		}
		val := r.PostFormValue("r_" + key)
		input[id] = val
		rating, ok := award.ParseRating(val)
		if !ok {
			bad[id] = true
			continue
		}
		entries = append(entries, store.RatingEntry{PersonID: id, Rating: rating, Version: v})
	}
	ctx := r.Context()
	if len(bad) == 0 && len(input) == 0 {
		return &badRequestError{"empty sheet"}
	}
	if len(bad) == 0 {
		n, err := srv.store.SaveRatings(ctx, actor(r), unit, year, entries)
		if err == nil {
			if n == 0 {
				srv.flash(r, "Không có thay đổi nào.")
			} else {
				srv.flash(r, fmt.Sprintf("Đã lưu xếp loại của %d người.", n))
			}
			to := yearLink(year)
			if isOffice(r) {
				to += "?unit=" + strconv.FormatInt(unit, 10)
			}
			return redirect(w, r, to)
		}
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
		// Someone saved the sheet meanwhile: show the current versions with
		// the user's choices kept.
		sh, serr := srv.store.RatingSheet(ctx, unit, year)
		if serr != nil {
			return serr
		}
		m := sheetModel(r, sh, input)
		m.Errors = view.Errors{Message: "Người khác vừa lưu xếp loại của đơn vị này nên chưa lưu được. Lựa chọn của bạn vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu xếp loại lần nữa."}
		return srv.renderSheet(w, r, http.StatusConflict, m)
	}
	sh, err := srv.store.RatingSheet(ctx, unit, year)
	if err != nil {
		return err
	}
	m := sheetModel(r, sh, input)
	m.Errors = view.Errors{Fields: map[string]string{}}
	for i, row := range m.Rows {
		if bad[row.PersonID] {
			m.Rows[i].Error = "Chọn một kết quả xếp loại trong danh sách."
			m.Errors.Fields["r_"+strconv.FormatInt(row.PersonID, 10)] = row.Name + ": chọn một kết quả xếp loại trong danh sách."
		}
	}
	return srv.renderSheet(w, r, http.StatusUnprocessableEntity, m)
}

func (srv *Server) ratingOverview(w http.ResponseWriter, r *http.Request, year int) error {
	ctx := r.Context()
	sum, err := srv.store.RatingSummary(ctx, year)
	if err != nil {
		return err
	}
	locked, at, version, err := srv.store.RatingYear(ctx, year)
	if err != nil {
		return err
	}
	st, err := srv.store.Settings(ctx)
	if err != nil {
		return err
	}
	m := view.RatingOverview{Year: year, Locked: locked, LockedAt: view.Date(at), YearVersion: version, Options: ratingOptions(),
		Prev: yearLink(year - 1), Next: yearLink(year + 1), CanUnlock: true}
	for _, u := range sum {
		line := view.RatingUnitLine{UnitID: u.UnitID, Name: u.UnitName, Staff: u.Staff, Rated: u.Rated(),
			HTXS: u.Counts[award.HTXS], HTT: u.Counts[award.HTT], HTNV: u.Counts[award.HTNV], KHT: u.Counts[award.KHT],
			UnitRating: string(u.UnitRating), UnitVersion: u.UnitVersion}
		// R31: HTXS above the cap (share of those rated HTT) is a warning.
		if line.HTXS > 0 && line.HTXS*100 > st.HTXSCapPct*line.HTT {
			line.Warning = fmt.Sprintf("HTXS vượt %d%% số HTT", st.HTXSCapPct)
		}
		m.Units = append(m.Units, line)
	}
	p := srv.page(r, fmt.Sprintf("Xếp loại năm %d", year), view.Crumb{Label: "Xếp loại"})
	return srv.render(w, r, http.StatusOK, view.RatingOverviewPage(p, m))
}

func (srv *Server) unitRatingsSave(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var entries []store.UnitRatingEntry
	for _, raw := range r.PostForm["u"] {
		id, err := parseID(raw)
		if err != nil {
			return &badRequestError{"unit"}
		}
		key := strconv.FormatInt(id, 10)
		v, verr := atoi32(r.PostFormValue("uv_" + key))
		rating, ok := award.ParseRating(r.PostFormValue("ur_" + key))
		if verr != nil || v < 0 || !ok {
			return &badRequestError{"unit rating"}
		}
		entries = append(entries, store.UnitRatingEntry{UnitID: id, Rating: rating, Version: v})
	}
	if _, err := srv.store.SaveUnitRatings(r.Context(), actor(r), year, entries); err != nil {
		return err
	}
	srv.flash(r, "Đã lưu xếp loại tập thể.")
	return redirect(w, r, yearLink(year))
}

func (srv *Server) ratingsLock(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	if err := srv.store.LockRatingYear(r.Context(), actor(r), year, v); err != nil {
		return err
	}
	srv.flash(r, fmt.Sprintf("Đã khoá kết quả xếp loại năm %d.", year))
	return redirect(w, r, yearLink(year))
}

func (srv *Server) ratingsUnlockConfirm(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	return srv.unlockPage(w, r, http.StatusOK, year, view.Errors{})
}

func (srv *Server) unlockPage(w http.ResponseWriter, r *http.Request, status, year int, e view.Errors) error {
	locked, _, version, err := srv.store.RatingYear(r.Context(), year)
	if err != nil {
		return err
	}
	if !locked {
		return redirect(w, r, yearLink(year))
	}
	y := strconv.Itoa(year)
	p := srv.page(r, "Mở khoá xếp loại năm "+y, view.Crumb{Label: "Xếp loại", Href: yearLink(year)}, view.Crumb{Label: "Mở khoá"})
	return srv.render(w, r, status, view.Confirm(p, "Mở khoá kết quả xếp loại năm "+y+"?",
		"Sau khi mở khoá, các trưởng phòng sửa được xếp loại năm "+y+". Ghi rõ lý do; lý do được lưu vào nhật ký.",
		yearLink(year)+"/unlock", "Mở khoá", yearLink(year), map[string]string{"version": strconv.Itoa(version)}, true, e))
}

func (srv *Server) ratingsUnlock(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	reason := text(r, "reason")
	if reason == "" {
		return srv.unlockPage(w, r, http.StatusUnprocessableEntity, year,
			view.Errors{Fields: map[string]string{"reason": "Nhập lý do mở khoá."}, Order: []string{"reason"}})
	}
	if err := srv.store.UnlockRatingYear(r.Context(), actor(r), year, v, reason); err != nil {
		return err
	}
	srv.flash(r, fmt.Sprintf("Đã mở khoá kết quả xếp loại năm %d.", year))
	return redirect(w, r, yearLink(year))
}

// Ratings import: the unit's list as .xlsx, filled in and uploaded, is shown
// as the bulk form with the file's values filled in (a preview); nothing is
// written until the user saves the form.

const (
	ratingsMaxFile = 5 << 20
	ratingsMaxRows = 2000
)

func (srv *Server) ratingsXLSX(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	unit, err := ratingUnit(r, r.URL.Query().Get("unit"))
	if err != nil || unit == 0 {
		return errNotFoundPage
	}
	sh, err := srv.store.RatingSheet(r.Context(), unit, year)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows := [][]any{{"Mã", "Họ và tên", "Chức vụ", "Xếp loại"}}
	for _, row := range sh.Rows {
		rows = append(rows, []any{row.PersonID, row.FullName, row.Position, row.Rating.Short()})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	f.SetColWidth(sheet, "B", "C", 32)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return serveXLSX(w, fmt.Sprintf("xep-loai-%d-%d.xlsx", year, unit), buf.Bytes())
}

// ratingsFromFile reads (person, rating) pairs from the first sheet: a
// header row (in the first 5 rows) with "Họ và tên" and "Xếp loại", and
// optionally "Mã" (the person's id in tdkt).
func ratingsFromFile(data []byte, sh store.RatingSheet) (input map[int64]string, problems []string, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("xlsx: panic: %v", v)
		}
	}()
	// Inflate with a hard limit first: excelize trusts the declared sizes.
	if _, err := attach.CheckZip(data, 1000, 50<<20, ""); err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: 50 << 20, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, errors.New("xlsx: no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byID, byName := map[int64]bool{}, map[string][]int64{}
	for _, row := range sh.Rows {
		byID[row.PersonID] = true
		k := staffimport.Key(row.FullName)
		byName[k] = append(byName[k], row.PersonID)
	}
	colID, colName, colRating := -1, -1, -1
	input = map[int64]string{}
	line := 0
	for rows.Next() {
		line++
		if line > ratingsMaxRows {
			return nil, nil, errTooManyRows
		}
		cells, err := rows.Columns()
		if err != nil {
			return nil, nil, err
		}
		if colName < 0 {
			for i, c := range cells {
				switch staffimport.Key(c) {
				case "ma", "ma can bo", "id":
					colID = i
				case "ho va ten", "ho ten":
					colName = i
				case "xep loai", "xep loai chat luong", "ket qua xep loai":
					colRating = i
				}
			}
			if colName < 0 || colRating < 0 {
				colName, colRating, colID = -1, -1, -1
				if line >= 5 {
					return nil, nil, errNoHeader
				}
			}
			continue
		}
		cell := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		name, rawRating := cell(colName), cell(colRating)
		if name == "" && rawRating == "" && cell(colID) == "" {
			continue
		}
		prefix := fmt.Sprintf("Dòng %d", line)
		var id int64
		if raw := cell(colID); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || !byID[n] {
				problems = append(problems, prefix+": mã “"+raw+"” không phải người của đơn vị.")
				continue
			}
			id = n
		} else {
			ids := byName[staffimport.Key(name)]
			switch len(ids) {
			case 0:
				problems = append(problems, prefix+": không tìm thấy “"+name+"” trong đơn vị.")
				continue
			case 1:
				id = ids[0]
			default:
				problems = append(problems, prefix+": đơn vị có nhiều người tên “"+name+"”; hãy điền cột Mã.")
				continue
			}
		}
		rating, ok := ratingFromText(rawRating)
		if !ok {
			problems = append(problems, prefix+": xếp loại “"+rawRating+"” không hợp lệ (dùng HTXS, HTT, HTNV hoặc KHT).")
			continue
		}
		if _, dup := input[id]; dup {
			problems = append(problems, prefix+": “"+name+"” xuất hiện nhiều lần; dùng dòng đầu tiên.")
			continue
		}
		input[id] = string(rating)
	}
	if colName < 0 {
		return nil, nil, errNoHeader
	}
	return input, problems, rows.Error()
}

var (
	errNoHeader    = errors.New("xlsx: no header")
	errTooManyRows = errors.New("xlsx: too many rows")
)

func ratingFromText(s string) (award.Rating, bool) {
	if r, ok := award.ParseRating(strings.ToUpper(strings.TrimSpace(s))); ok {
		return r, true
	}
	k := staffimport.Key(s)
	for _, r := range award.Ratings {
		if k == staffimport.Key(r.Label()) {
			return r, true
		}
	}
	return "", false
}

func (srv *Server) ratingsImport(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, ratingsMaxFile+(1<<20))
	perr := r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var mbe *http.MaxBytesError
	if perr != nil && !errors.As(perr, &mbe) && !errors.Is(perr, http.ErrNotMultipart) {
		return &badRequestError{perr.Error()}
	}
	unit, err := ratingUnit(r, r.PostFormValue("unit_id"))
	if err != nil || unit == 0 {
		return errNotFoundPage
	}
	sh, err := srv.store.RatingSheet(r.Context(), unit, year)
	if err != nil {
		return err
	}
	m := sheetModel(r, sh, nil)
	fail := func(status int, msg string) error {
		m.FileError = msg
		return srv.renderSheet(w, r, status, m)
	}
	switch {
	case errors.As(perr, &mbe):
		return fail(http.StatusRequestEntityTooLarge, "Tệp lớn hơn 5 MB.")
	case errors.Is(perr, http.ErrNotMultipart):
		return fail(http.StatusUnprocessableEntity, "Chọn tệp Excel (.xlsx) để tải lên.")
	}
	if sh.Locked {
		return fail(http.StatusConflict, fmt.Sprintf("Kết quả xếp loại năm %d đã được khoá, không nhập được nữa.", year))
	}
	file, fh, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return fail(http.StatusUnprocessableEntity, "Chọn tệp Excel (.xlsx) để tải lên.")
	}
	if err != nil {
		return &badRequestError{err.Error()}
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, ratingsMaxFile+1))
	if err != nil {
		return err
	}
	switch {
	case len(data) == 0:
		return fail(http.StatusUnprocessableEntity, "Tệp đã chọn không có nội dung. Hãy chọn lại tệp.")
	case len(data) > ratingsMaxFile:
		return fail(http.StatusRequestEntityTooLarge, "Tệp lớn hơn 5 MB.")
	}
	input, problems, err := ratingsFromFile(data, sh)
	switch {
	case errors.Is(err, errNoHeader):
		return fail(http.StatusUnprocessableEntity, "Không tìm thấy dòng tiêu đề có cột “Họ và tên” và “Xếp loại” trong 5 dòng đầu. Hãy dùng tệp tải về từ trang này.")
	case errors.Is(err, errTooManyRows):
		return fail(http.StatusUnprocessableEntity, "Tệp có quá nhiều dòng (tối đa 2.000).")
	case err != nil:
		return fail(http.StatusUnprocessableEntity, "Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”.")
	}
	m = sheetModel(r, sh, input)
	for i, row := range m.Rows {
		if _, ok := input[row.PersonID]; ok {
			m.Rows[i].FromFile = true
			m.FromFile++
		}
	}
	m.Preview, m.Problems = displayName(fh.Filename), problems
	return srv.renderSheet(w, r, http.StatusOK, m)
}
