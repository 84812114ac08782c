package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/bloc"
	"tdkt/internal/store"
	"tdkt/internal/vnfold"
	"tdkt/web/view"
)

// awardNav is the menu of ratings and eligibility; awardAdminNav the
// admin's catalogue and settings, at the end of the menu.
var (
	awardNav = []navItem{
		{"Xếp loại", "/ratings", []auth.Role{auth.DeptHead, auth.Office, auth.Admin, auth.Leader, auth.Chair}},
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

// readsAllRatings: the office and leadership see every unit's ratings
// (leadership read-only).
func readsAllRatings(r *http.Request) bool {
	return userFrom(r.Context()).Roles.Has(auth.Admin, auth.Office, auth.Leader, auth.Chair)
}

// ratingUnit is the unit whose sheet the request may see: a department
// head's own unit (another unit's id is the same 404 as a missing one);
// for the office and leadership the unit asked for, or 0 for the overview.
func ratingUnit(r *http.Request, raw string) (int64, error) {
	u := userFrom(r.Context())
	if raw == "" {
		if readsAllRatings(r) {
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
	if !readsAllRatings(r) && id != u.UnitID {
		return 0, errNotFoundPage
	}
	return id, nil
}

// editsRatings: the office, or the head of the sheet's unit.
func editsRatings(r *http.Request, unit int64) bool {
	u := userFrom(r.Context())
	return isOffice(r) || (u.Roles.Has(auth.DeptHead) && u.UnitID == unit)
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

// ratingInput is what the user typed or the file gave for one person:
// the level (years before 2026) or the points and KHT case (from 2026).
type ratingInput struct {
	rating, general, tasks, kcase string
}

func khtCaseOptions() []view.Option {
	opts := []view.Option{{Value: "", Label: "Không"}}
	for _, c := range award.KHTCases {
		opts = append(opts, view.Option{Value: string(c), Label: c.Label()})
	}
	return opts
}

func sheetModel(r *http.Request, sh store.RatingSheet, input map[int64]ratingInput) view.RatingSheet {
	m := view.RatingSheet{Year: sh.Year, UnitID: sh.UnitID, UnitName: sh.UnitName, Locked: sh.Locked, LockedAt: view.Date(sh.LockedAt),
		CanEdit: !sh.Locked && editsRatings(r, sh.UnitID), IsOffice: readsAllRatings(r), Options: ratingOptions(),
		Prev: yearLink(sh.Year - 1), Next: yearLink(sh.Year + 1)}
	if award.Scored(sh.Year) {
		m.Scored, m.Cases = true, khtCaseOptions()
		m.MaxGeneral, m.MaxTasks = award.MaxGeneralPoints, award.MaxTaskPoints
	}
	if m.IsOffice {
		q := "?unit=" + strconv.FormatInt(sh.UnitID, 10)
		m.Prev, m.Next = m.Prev+q, m.Next+q
	}
	for _, row := range sh.Rows {
		v := view.RatingRow{PersonID: row.PersonID, Name: row.FullName, Position: row.Position, Rating: string(row.Rating), Version: row.Version}
		if s := row.Score; s != nil {
			v.General, v.Tasks, v.Case = award.FormatPoints(s.General), award.FormatPoints(s.Tasks), string(s.Case)
			v.Total = award.FormatPoints(s.Total())
		}
		if in, ok := input[row.PersonID]; ok {
			v.Rating, v.General, v.Tasks, v.Case, v.Total = in.rating, in.general, in.tasks, in.kcase, ""
		}
		m.Rows = append(m.Rows, v)
	}
	return m
}

// parseScore reads one person's points: nil when all three are empty (not
// rated), else the score or a message saying what to correct.
func parseScore(in ratingInput) (*award.Score, string) {
	if in.general == "" && in.tasks == "" && in.kcase == "" {
		return nil, ""
	}
	if in.general == "" || in.tasks == "" {
		return nil, "Nhập cả điểm tiêu chí chung (tối đa 30) và điểm kết quả thực hiện nhiệm vụ (tối đa 70)."
	}
	part := func(label, s string, max int) (float64, string) {
		p, err := bloc.ParsePoints(s)
		if errors.Is(err, bloc.ErrNegative) {
			return 0, fmt.Sprintf("%s phải từ 0 đến %d.", label, max)
		}
		if err != nil {
			return 0, label + ": " + strings.TrimPrefix(err.Error(), "Điểm ")
		}
		if m := award.PointsProblem(p.Float(), max); m != "" {
			return 0, label + " " + m + "."
		}
		return p.Float(), ""
	}
	g, msg := part("Điểm tiêu chí chung", in.general, award.MaxGeneralPoints)
	if msg != "" {
		return nil, msg
	}
	t, msg := part("Điểm kết quả thực hiện nhiệm vụ", in.tasks, award.MaxTaskPoints)
	if msg != "" {
		return nil, msg
	}
	c := award.KHTCase(in.kcase)
	if !c.Valid() {
		return nil, "Chọn trường hợp không hoàn thành nhiệm vụ trong danh sách."
	}
	return &award.Score{General: g, Tasks: t, Case: c}, ""
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
	if !editsRatings(r, unit) {
		return errForbidden
	}
	input := map[int64]ratingInput{}
	var entries []store.RatingEntry
	bad := map[int64]string{}
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
		if award.Scored(year) {
			in := ratingInput{general: text(r, "g_"+key), tasks: text(r, "t_"+key), kcase: r.PostFormValue("k_" + key)}
			input[id] = in
			score, msg := parseScore(in)
			if msg != "" {
				bad[id] = msg
				continue
			}
			entries = append(entries, store.RatingEntry{PersonID: id, Score: score, Version: v})
			continue
		}
		val := r.PostFormValue("r_" + key)
		input[id] = ratingInput{rating: val}
		rating, ok := award.ParseRating(val)
		if !ok {
			bad[id] = "Chọn một kết quả xếp loại trong danh sách."
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
		if msg, ok := bad[row.PersonID]; ok {
			m.Rows[i].Error = msg
			field := "r_"
			if m.Scored {
				field = "g_"
			}
			m.Errors.Fields[field+strconv.FormatInt(row.PersonID, 10)] = row.Name + ": " + lowerFirstRune(msg)
			m.Errors.Order = append(m.Errors.Order, field+strconv.FormatInt(row.PersonID, 10))
		}
	}
	return srv.renderSheet(w, r, http.StatusUnprocessableEntity, m)
}

// lowerFirstRune lowers the first letter of a message that follows a name.
func lowerFirstRune(s string) string {
	for i, r := range s {
		return string(unicode.ToLower(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
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
		Prev: yearLink(year - 1), Next: yearLink(year + 1), CanUnlock: isOffice(r), CanEdit: isOffice(r)}
	for _, u := range sum {
		line := view.RatingUnitLine{UnitID: u.UnitID, Name: u.UnitName, Staff: u.Staff, Rated: u.Rated(),
			HTXS: u.Counts[award.HTXS], HTT: u.Counts[award.HTT], HTNV: u.Counts[award.HTNV], KHT: u.Counts[award.KHT],
			UnitRating: string(u.UnitRating), UnitVersion: u.UnitVersion}
		// R31: HTXS above the cap (share of those rated HTT) is a warning.
		if award.HTXSOverCap(line.HTXS, line.HTT, st.HTXSCapPct) {
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

// ratingsLockConfirm asks before locking a year: what is still missing,
// and that nobody can change the ratings afterwards.
func (srv *Server) ratingsLockConfirm(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	locked, _, version, err := srv.store.RatingYear(ctx, year)
	if err != nil {
		return err
	}
	if locked {
		return redirect(w, r, yearLink(year))
	}
	sum, err := srv.store.RatingSummary(ctx, year)
	if err != nil {
		return err
	}
	staff, rated, units := 0, 0, 0
	for _, u := range sum {
		staff, rated = staff+u.Staff, rated+u.Rated()
		if u.Rated() < u.Staff {
			units++
		}
	}
	y := strconv.Itoa(year)
	note := fmt.Sprintf("Đã xếp loại %s/%s người. Sau khi khoá, không ai sửa được xếp loại năm %s; muốn sửa phải mở khoá và ghi lý do.",
		view.Number(int64(rated)), view.Number(int64(staff)), y)
	if units > 0 {
		note = fmt.Sprintf("Còn %d đơn vị chưa xếp loại đủ người (đã xếp loại %s/%s người). ", units, view.Number(int64(rated)), view.Number(int64(staff))) +
			"Sau khi khoá, không ai sửa được xếp loại năm " + y + "; muốn sửa phải mở khoá và ghi lý do."
	}
	p := srv.page(r, "Khoá xếp loại năm "+y, view.Crumb{Label: "Xếp loại", Href: yearLink(year)}, view.Crumb{Label: "Khoá"})
	return srv.render(w, r, http.StatusOK, view.Confirm(p, "Khoá kết quả xếp loại năm "+y+"?", note,
		yearLink(year)+"/lock", "Khoá kết quả năm "+y, yearLink(year), map[string]string{"version": strconv.Itoa(version)}, false, view.Errors{}))
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
	if award.Scored(year) {
		rows[0] = []any{"Mã", "Họ và tên", "Chức vụ", "Tiêu chí chung (tối đa 30)", "Kết quả thực hiện nhiệm vụ (tối đa 70)", "Trường hợp không hoàn thành nhiệm vụ", "Xếp loại"}
	}
	for _, row := range sh.Rows {
		if !award.Scored(year) {
			rows = append(rows, []any{row.PersonID, row.FullName, row.Position, row.Rating.Short()})
			continue
		}
		line := []any{row.PersonID, row.FullName, row.Position, "", "", "", row.Rating.Short()}
		if s := row.Score; s != nil {
			line[3], line[4], line[5] = s.General, s.Tasks, s.Case.Label()
		}
		rows = append(rows, line)
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
//
// From 2026 the sheet gives points instead: "Tiêu chí chung" and "Kết quả
// thực hiện nhiệm vụ" (numbers, or text with a decimal comma), and
// optionally "Trường hợp không hoàn thành nhiệm vụ" (one of the decree's
// cases, as worded in the downloaded file); "Xếp loại" is then ignored,
// the level following from the points.
func ratingsFromFile(data []byte, sh store.RatingSheet) (input map[int64]ratingInput, problems []string, err error) {
	scored := award.Scored(sh.Year)
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
		k := vnfold.Key(row.FullName)
		byName[k] = append(byName[k], row.PersonID)
	}
	colID, colName, colRating, colGeneral, colTasks, colCase := -1, -1, -1, -1, -1, -1
	input = map[int64]ratingInput{}
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
				switch vnfold.Key(c) {
				case "ma", "ma can bo", "id":
					colID = i
				case "ho va ten", "ho ten":
					colName = i
				case "xep loai", "xep loai chat luong", "ket qua xep loai":
					colRating = i
				}
				switch k := vnfold.Key(c); {
				case strings.HasPrefix(k, "tieu chi chung") || strings.HasPrefix(k, "diem tieu chi chung"):
					colGeneral = i
				case strings.HasPrefix(k, "ket qua thuc hien nhiem vu") || strings.HasPrefix(k, "diem ket qua thuc hien nhiem vu") ||
					strings.HasPrefix(k, "diem nhiem vu"):
					colTasks = i
				case strings.HasPrefix(k, "truong hop khong hoan thanh"):
					colCase = i
				}
			}
			if colName < 0 || (!scored && colRating < 0) || (scored && (colGeneral < 0 || colTasks < 0)) {
				colName, colRating, colID, colGeneral, colTasks, colCase = -1, -1, -1, -1, -1, -1
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
		if scored {
			rawRating = cell(colGeneral) + cell(colTasks)
		}
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
			ids := byName[vnfold.Key(name)]
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
		var in ratingInput
		if scored {
			in = ratingInput{general: filePoints(cell(colGeneral)), tasks: filePoints(cell(colTasks))}
			if raw := cell(colCase); raw != "" {
				c, ok := khtCaseFromText(raw)
				if !ok {
					problems = append(problems, prefix+": trường hợp “"+raw+"” không có trong danh sách của Nghị định 335/2025/NĐ-CP.")
					continue
				}
				in.kcase = string(c)
			}
			if _, msg := parseScore(in); msg != "" {
				problems = append(problems, prefix+" ("+name+"): "+lowerFirstRune(msg))
				continue
			}
		} else {
			rating, ok := ratingFromText(rawRating)
			if !ok {
				problems = append(problems, prefix+": xếp loại “"+rawRating+"” không hợp lệ (dùng HTXS, HTT, HTNV hoặc KHT).")
				continue
			}
			in.rating = string(rating)
		}
		if _, dup := input[id]; dup {
			problems = append(problems, prefix+": “"+name+"” xuất hiện nhiều lần; dùng dòng đầu tiên.")
			continue
		}
		input[id] = in
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

// filePoints turns a points cell into the form's text: a number cell reads
// "28.5" (raw value), written back as "28,5"; text is kept as typed.
func filePoints(s string) string {
	if !plainNumber.MatchString(s) {
		return s
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if strings.Contains(s, ".") && len(s)-strings.Index(s, ".")-1 == 3 {
			return s // "1.000": a thousands dot in text, let parseScore say what is wrong
		}
		return award.FormatPoints(f)
	}
	return s
}

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func khtCaseFromText(s string) (award.KHTCase, bool) {
	k := vnfold.Key(s)
	if k == "khong" || k == "" {
		return "", true
	}
	for _, c := range award.KHTCases {
		if k == vnfold.Key(c.Label()) || k == string(c) {
			return c, true
		}
	}
	return "", false
}

func ratingFromText(s string) (award.Rating, bool) {
	if r, ok := award.ParseRating(strings.ToUpper(strings.TrimSpace(s))); ok {
		return r, true
	}
	k := vnfold.Key(s)
	for _, r := range award.Ratings {
		if k == vnfold.Key(r.Label()) {
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
	if !editsRatings(r, unit) {
		return errForbidden
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
		if award.Scored(year) {
			return fail(http.StatusUnprocessableEntity, "Không tìm thấy dòng tiêu đề có cột “Họ và tên”, “Tiêu chí chung” và “Kết quả thực hiện nhiệm vụ” trong 5 dòng đầu. Hãy dùng tệp tải về từ trang này.")
		}
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
