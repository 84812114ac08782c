// Package historyimport reads past titles and awards of people from an
// .xlsx sheet (one award per row), identifies each person unambiguously and
// checks every row against the award catalogue. Nothing here writes: the
// caller previews the rows and records them only when no row is wrong.
package historyimport

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/award"
	"tdkt/internal/org"
	"tdkt/internal/validate"
	"tdkt/internal/vnfold"
)

// Limits of an uploaded sheet.
const (
	MaxFileSize = 5 << 20
	MaxRows     = 1000
	FirstYear   = 1975
)

// Errors about the file as a whole.
var (
	ErrNotXLSX     = errors.New("historyimport: not an xlsx workbook")
	ErrNoHeader    = errors.New("historyimport: no header row")
	ErrEmpty       = errors.New("historyimport: no data rows")
	ErrTooManyRows = errors.New("historyimport: too many rows")
)

// Row is one award of the sheet, with its problems in Vietnamese.
type Row struct {
	Line         int                    `json:"line"`
	PersonID     int64                  `json:"person_id"`
	Person       string                 `json:"person"` // the name as identified (or as written)
	Unit         string                 `json:"unit,omitempty"`
	Year         int                    `json:"year"`
	Code         string                 `json:"code"`
	Kind         award.CommendationKind `json:"kind"`
	DecisionNo   string                 `json:"decision_no,omitempty"`
	DecisionDate time.Time              `json:"decision_date,omitzero"`
	Errors       []string               `json:"-"`
}

// Result is a parsed sheet.
type Result struct {
	Rows      []Row
	ErrorRows int
}

// OK reports whether every row can be recorded.
func (r Result) OK() bool { return r.ErrorRows == 0 && len(r.Rows) > 0 }

// Directory identifies people: by id, or by full name and birth date
// (and unit when two share both).
type Directory struct {
	byID  map[int64]org.Person
	byKey map[string][]org.Person
}

// NewDirectory indexes people (active or not: history may be of retirees).
func NewDirectory(people []org.Person) Directory {
	d := Directory{byID: make(map[int64]org.Person, len(people)), byKey: map[string][]org.Person{}}
	for _, p := range people {
		d.byID[p.ID] = p
		k := nameKey(p.FullName, p.BirthDate)
		d.byKey[k] = append(d.byKey[k], p)
	}
	return d
}

func nameKey(name string, birth time.Time) string {
	return vnfold.Key(name) + "|" + birth.Format("2006-01-02")
}

// columns are the recognised headers (as vnfold.Key) of each field.
var columns = map[string][]string{
	"id":            {"ma", "ma can bo", "id"},
	"name":          {"ho va ten", "ho ten"},
	"birth":         {"ngay sinh"},
	"unit":          {"don vi"},
	"year":          {"nam", "nam khen thuong"},
	"award":         {"danh hieu hinh thuc", "danh hieu", "hinh thuc", "danh hieu hinh thuc khen thuong", "ma danh hieu"},
	"kind":          {"loai hinh", "loai hinh khen thuong"},
	"decision_no":   {"so quyet dinh"},
	"decision_date": {"ngay quyet dinh"},
}

// Header is the template's header row.
var Header = []string{"Mã", "Họ và tên", "Ngày sinh", "Đơn vị", "Năm", "Danh hiệu, hình thức", "Loại hình", "Số quyết định", "Ngày quyết định"}

// Parse reads the first sheet of data. thisYear bounds the years (no
// award of a future year).
func Parse(data []byte, dir Directory, thisYear int) (res Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			res, err = Result{}, ErrNotXLSX
		}
	}()
	if len(data) < 4 || !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return Result{}, ErrNotXLSX
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: 50 << 20, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	if err != nil {
		return Result{}, ErrNotXLSX
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Result{}, ErrNotXLSX
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return Result{}, ErrNotXLSX
	}
	defer rows.Close()
	col := map[string]int{}
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return Result{}, ErrNotXLSX
		}
		if len(col) == 0 {
			for i, c := range cells {
				k := vnfold.Key(c)
				for field, names := range columns {
					for _, n := range names {
						if k == n {
							col[field] = i
						}
					}
				}
			}
			_, hasName := col["name"]
			_, hasID := col["id"]
			_, hasYear := col["year"]
			_, hasAward := col["award"]
			if !(hasName || hasID) || !hasYear || !hasAward {
				col = map[string]int{}
				if line >= 5 {
					return Result{}, ErrNoHeader
				}
			}
			continue
		}
		cell := func(field string) string {
			i, ok := col[field]
			if !ok || i >= len(cells) {
				return ""
			}
			return validate.Text(cells[i])
		}
		blank := true
		for field := range columns {
			if cell(field) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if len(res.Rows) >= MaxRows {
			return Result{}, ErrTooManyRows
		}
		res.Rows = append(res.Rows, parseRow(line, cell, dir, thisYear))
	}
	if rows.Error() != nil {
		return Result{}, ErrNotXLSX
	}
	if len(col) == 0 {
		return Result{}, ErrNoHeader
	}
	if len(res.Rows) == 0 {
		return Result{}, ErrEmpty
	}
	res.check()
	return res, nil
}

func parseRow(line int, cell func(string) string, dir Directory, thisYear int) Row {
	row := Row{Line: line, Person: cell("name"), Unit: cell("unit"), DecisionNo: cell("decision_no")}
	bad := func(msg string) { row.Errors = append(row.Errors, msg) }
	// The person.
	if raw := cell("id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		p, ok := dir.byID[id]
		switch {
		case err != nil || !ok:
			bad("Mã “" + clip(raw) + "” không phải mã của người nào trong danh sách cán bộ.")
		case row.Person != "" && vnfold.Key(row.Person) != vnfold.Key(p.FullName):
			bad("Mã " + raw + " là của “" + p.FullName + "”, không phải “" + clip(row.Person) + "”.")
		default:
			row.PersonID, row.Person, row.Unit = p.ID, p.FullName, p.UnitName
		}
	} else {
		birth, ok := parseDate(cell("birth"))
		switch {
		case row.Person == "":
			bad("Thiếu họ và tên (hoặc mã) của người được khen thưởng.")
		case !ok || birth.IsZero():
			bad("Ghi ngày sinh dạng ngày/tháng/năm (ví dụ 15/08/1985) hoặc cột Mã để xác định đúng người.")
		default:
			var found []org.Person
			for _, p := range dir.byKey[nameKey(row.Person, birth)] {
				if row.Unit == "" || vnfold.Key(row.Unit) == vnfold.Key(p.UnitName) {
					found = append(found, p)
				}
			}
			switch len(found) {
			case 0:
				bad("Không tìm thấy “" + clip(row.Person) + "” sinh ngày " + birth.Format("02/01/2006") + " trong danh sách cán bộ.")
			case 1:
				row.PersonID, row.Person, row.Unit = found[0].ID, found[0].FullName, found[0].UnitName
			default:
				bad("Có nhiều người tên “" + clip(row.Person) + "” cùng ngày sinh; ghi thêm cột Đơn vị hoặc Mã.")
			}
		}
	}
	// The year.
	y, err := strconv.Atoi(cell("year"))
	if err != nil || y < FirstYear || y > thisYear {
		bad(fmt.Sprintf("Năm “%s” không hợp lệ: ghi năm từ %d đến %d.", clip(cell("year")), FirstYear, thisYear))
	} else {
		row.Year = y
	}
	// The award.
	if t, ok := lookupAward(cell("award")); ok {
		row.Code = t.Code
	} else {
		bad("“" + clip(cell("award")) + "” không có trong danh mục danh hiệu, hình thức khen thưởng cá nhân.")
	}
	if k, ok := parseKind(cell("kind")); ok {
		row.Kind = k
	} else {
		bad("Loại hình “" + clip(cell("kind")) + "” không hợp lệ: ghi Công trạng, Phong trào thi đua, Đột xuất hoặc Quá trình cống hiến.")
	}
	if validate.Len(row.DecisionNo) > 100 {
		bad("Số quyết định dài tối đa 100 ký tự.")
	}
	if d, ok := parseDate(cell("decision_date")); ok {
		row.DecisionDate = d
		if !d.IsZero() && row.Year != 0 && (d.Year() < row.Year || d.Year() > row.Year+2) {
			bad(fmt.Sprintf("Ngày quyết định %s không khớp với năm %d.", d.Format("02/01/2006"), row.Year))
		}
	} else {
		bad("Ngày quyết định “" + clip(cell("decision_date")) + "” phải có dạng ngày/tháng/năm, ví dụ 20/12/2024.")
	}
	return row
}

// check marks rows that repeat an earlier row of the sheet.
func (r *Result) check() {
	seen := map[string]int{}
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.PersonID != 0 && row.Code != "" && row.Year != 0 && row.Kind != "" {
			k := fmt.Sprintf("%d|%d|%s|%s|%s", row.PersonID, row.Year, row.Code, row.Kind, row.DecisionNo)
			if row.Kind == award.Merit {
				k = fmt.Sprintf("%d|%d|%s|merit", row.PersonID, row.Year, row.Code)
			}
			if first, ok := seen[k]; ok {
				row.Errors = append(row.Errors, fmt.Sprintf("Trùng với dòng %d.", first))
			} else {
				seen[k] = row.Line
			}
		}
	}
	r.count()
}

func (r *Result) count() {
	r.ErrorRows = 0
	for _, row := range r.Rows {
		if len(row.Errors) > 0 {
			r.ErrorRows++
		}
	}
}

// Recorded is an award already recorded for a person as merit.
type Recorded struct {
	PersonID int64
	Year     int
	Code     string
}

// MarkRecorded flags merit rows already recorded: one achievement, one
// award (R14).
func (r *Result) MarkRecorded(recorded map[Recorded]bool) {
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.Kind == award.Merit && recorded[Recorded{row.PersonID, row.Year, row.Code}] {
			row.Errors = append(row.Errors, fmt.Sprintf("%s năm %d của người này đã được ghi nhận.", award.Name(row.Code), row.Year))
		}
	}
	r.count()
}

// Recheck validates rows sent back for recording (the preview's hidden
// copy) exactly as if they had been read from the sheet.
func Recheck(rows []Row, dir Directory, thisYear int) Result {
	res := Result{Rows: make([]Row, 0, len(rows))}
	for i, in := range rows {
		if i >= MaxRows {
			break
		}
		out := Row{Line: in.Line, Year: in.Year, Code: in.Code, Kind: in.Kind, DecisionNo: validate.Text(in.DecisionNo), DecisionDate: in.DecisionDate}
		bad := func(msg string) { out.Errors = append(out.Errors, msg) }
		if p, ok := dir.byID[in.PersonID]; ok {
			out.PersonID, out.Person, out.Unit = p.ID, p.FullName, p.UnitName
		} else {
			bad("Không tìm thấy người này trong danh sách cán bộ.")
		}
		if in.Year < FirstYear || in.Year > thisYear {
			bad(fmt.Sprintf("Năm phải từ %d đến %d.", FirstYear, thisYear))
		}
		if t, ok := award.Lookup(in.Code); !ok || t.Subject != award.Individual {
			bad("Danh hiệu, hình thức không có trong danh mục.")
		}
		if !in.Kind.Valid() {
			bad("Loại hình khen thưởng không hợp lệ.")
		}
		if validate.Len(out.DecisionNo) > 100 {
			bad("Số quyết định dài tối đa 100 ký tự.")
		}
		res.Rows = append(res.Rows, out)
	}
	res.check()
	return res
}

func lookupAward(s string) (award.AwardType, bool) {
	k := vnfold.Key(s)
	if k == "" {
		return award.AwardType{}, false
	}
	for _, t := range award.Catalogue() {
		if t.Subject == award.Individual && (k == vnfold.Key(t.Name) || strings.EqualFold(strings.TrimSpace(s), t.Code)) {
			return t, true
		}
	}
	return award.AwardType{}, false
}

func parseKind(s string) (award.CommendationKind, bool) {
	k := vnfold.Key(s)
	switch k {
	case "":
		return award.Merit, true
	case "phong trao", "chuyen de", "theo dot", "theo dot chuyen de":
		return award.Campaign, true
	case "dot xuat", "ad hoc":
		return award.AdHoc, true
	case "cong hien":
		return award.Contribution, true
	}
	for _, c := range award.CommendationKinds {
		if k == vnfold.Key(c.Label()) || k == vnfold.Key(string(c)) {
			return c, true
		}
	}
	return "", false
}

// parseDate reads dd/mm/yyyy (or d/m/yyyy, yyyy-mm-dd) or an Excel date
// serial; "" is the zero time.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 1 && n < 100000 {
		t, err := excelize.ExcelDateToTime(n, false)
		if err != nil {
			return time.Time{}, false
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	if t, ok := validate.ParseDate(s); ok {
		return t, true
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// Template is an empty sheet with the header row, an example row and a
// second sheet listing the catalogue's names and the kinds.
func Template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		toAny(Header),
		{"", "Nguyễn Văn An", "15/08/1985", "Văn phòng Sở", 2023, "Lao động tiên tiến", "Công trạng", "125/QĐ-STC", "20/12/2023"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return nil, err
		}
	}
	_ = f.SetColWidth(sheet, "B", "B", 28)
	_ = f.SetColWidth(sheet, "D", "D", 24)
	_ = f.SetColWidth(sheet, "F", "F", 40)
	_ = f.SetColWidth(sheet, "G", "I", 18)
	help := "Danh mục"
	if _, err := f.NewSheet(help); err != nil {
		return nil, err
	}
	list := [][]any{{"Danh hiệu, hình thức khen thưởng cá nhân", "Loại hình"}}
	var names []string
	for _, t := range award.Catalogue() {
		if t.Subject == award.Individual {
			names = append(names, t.Name)
		}
	}
	for i := 0; i < len(names) || i < len(award.CommendationKinds); i++ {
		r := []any{"", ""}
		if i < len(names) {
			r[0] = names[i]
		}
		if i < len(award.CommendationKinds) {
			r[1] = award.CommendationKinds[i].Label()
		}
		list = append(list, r)
	}
	for i, r := range list {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(help, cell, &r); err != nil {
			return nil, err
		}
	}
	_ = f.SetColWidth(help, "A", "B", 48)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
