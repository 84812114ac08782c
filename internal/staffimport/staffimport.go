// Package staffimport reads a staff list from an .xlsx file into people to
// be checked by an administrator before anything is written. It does no
// HTTP and no SQL: Parse turns the bytes of a workbook into rows, each with
// a normalised person and the problems found with it, in Vietnamese.
package staffimport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"tdkt/internal/attach"
	"tdkt/internal/org"
	"tdkt/internal/validate"
)

// Limits of an uploaded file.
const (
	MaxFileSize     = 5 << 20   // bytes of the .xlsx
	MaxRows         = 5000      // data rows (blank rows do not count)
	MaxColumns      = 50        // cells in any row
	MaxUnzippedSize = 100 << 20 // total uncompressed size of the zip entries
	MaxZipEntries   = 1000
	headerSearch    = 5 // the header row is among the first rows
)

// Errors about the file as a whole; the web layer maps them to Vietnamese
// messages. A missing header is a *HeaderError.
var (
	ErrTooLarge       = errors.New("staffimport: file larger than 5 MB")
	ErrNotXLSX        = errors.New("staffimport: not a valid xlsx workbook")
	ErrZipLimits      = errors.New("staffimport: zip archive expands too much or has too many entries")
	ErrTooManyRows    = errors.New("staffimport: more than 5000 data rows")
	ErrTooManyColumns = errors.New("staffimport: more than 50 columns")
	ErrEmpty          = errors.New("staffimport: no data rows")
)

// HeaderError reports required columns missing from the header row. Its
// message is for the user.
type HeaderError struct {
	Missing []string // Vietnamese column names
}

func (e *HeaderError) Error() string {
	quoted := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		quoted[i] = "“" + m + "”"
	}
	return "Không tìm thấy cột " + strings.Join(quoted, ", ") + " trong " + strconv.Itoa(headerSearch) +
		" dòng đầu của trang tính đầu tiên. Dòng tiêu đề phải có các cột “Họ và tên” và “Đơn vị”; hãy dùng tệp mẫu."
}

// Cells are the values of a row as the file has them (cleaned text; a date
// cell is shown as dd/mm/yyyy), for the preview.
type Cells struct {
	FullName    string `json:"full_name,omitempty"`
	Unit        string `json:"unit,omitempty"`
	Gender      string `json:"gender,omitempty"`
	BirthDate   string `json:"birth_date,omitempty"`
	Position    string `json:"position,omitempty"`
	Leader      string `json:"leader,omitempty"`
	Employment  string `json:"employment,omitempty"`
	RecruitedOn string `json:"recruited_on,omitempty"`
}

// Row is one data row of the sheet.
type Row struct {
	Line   int        // Excel row number
	Person org.Person // normalised; meaningful only when Errors is empty
	Cells  Cells
	Errors []string // Vietnamese, each starting "Dòng N: "
}

// Result is a parsed staff list.
type Result struct {
	HeaderLine int // Excel row number of the header
	Rows       []Row
	ErrorRows  int // rows with at least one error
}

// OK reports whether every row can be imported.
func (r Result) OK() bool { return r.ErrorRows == 0 && len(r.Rows) > 0 }

// People returns the people of the rows without errors.
func (r Result) People() []org.Person {
	var out []org.Person
	for _, row := range r.Rows {
		if len(row.Errors) == 0 {
			out = append(out, row.Person)
		}
	}
	return out
}

// Columns of the sheet.
const (
	colName = iota
	colUnit
	colGender
	colBirth
	colPosition
	colLeader
	colEmployment
	colRecruited
	numCols
)

// Headers are the column titles in the order of the template.
var Headers = [numCols]string{"Họ và tên", "Đơn vị", "Giới tính", "Ngày sinh", "Chức vụ", "Lãnh đạo", "Loại", "Ngày tuyển dụng"}

// headerAliases are the folded titles accepted for each column.
var headerAliases = [numCols][]string{
	{"ho va ten", "ho ten"},
	{"don vi", "don vi cong tac"},
	{"gioi tinh"},
	{"ngay sinh", "ngay thang nam sinh"},
	{"chuc vu"},
	{"lanh dao"},
	{"loai", "loai can bo"},
	{"ngay tuyen dung"},
}

// Key folds s for accent- and case-insensitive comparison: clean text,
// lower case, no diacritics, đ → d, punctuation as spaces.
func Key(s string) string {
	s = norm.NFD.String(validate.Text(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// headerKey folds a column title, dropping parenthesised notes such as
// "(*)" or "(ngày/tháng/năm)".
func headerKey(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return Key(b.String())
}

// exactKey compares unit names with their accents, ignoring case.
func exactKey(s string) string { return strings.ToLower(validate.Text(s)) }

// Ambiguous, as the id of a name in the units map of Parse, marks a name
// that more than one unit answers to.
const Ambiguous int64 = -1

// UnitMap maps the names and short names of units to their ids for Parse;
// a name shared by two units maps to Ambiguous.
func UnitMap(units []org.Unit) map[string]int64 {
	m := map[string]int64{}
	add := func(name string, id int64) {
		name = validate.Text(name)
		if name == "" {
			return
		}
		if old, ok := m[name]; ok && old != id {
			id = Ambiguous
		}
		m[name] = id
	}
	for _, u := range units {
		add(u.Name, u.ID)
		add(u.ShortName, u.ID)
	}
	return m
}

// unitIndex looks units up by exact name first, then accent-insensitively.
// A key shared by two units maps to ambiguous.
type unitIndex struct{ exact, folded map[string]int64 }

const ambiguous = Ambiguous

func newUnitIndex(units map[string]int64) unitIndex {
	ix := unitIndex{exact: map[string]int64{}, folded: map[string]int64{}}
	add := func(m map[string]int64, k string, id int64) {
		if k == "" {
			return
		}
		if old, ok := m[k]; ok && old != id {
			m[k] = ambiguous
			return
		}
		m[k] = id
	}
	for name, id := range units {
		add(ix.exact, exactKey(name), id)
		add(ix.folded, Key(name), id)
	}
	return ix
}

func (ix unitIndex) lookup(name string) (int64, bool) {
	if id, ok := ix.exact[exactKey(name)]; ok {
		return id, true
	}
	id, ok := ix.folded[Key(name)]
	return id, ok
}

// Parse reads the first sheet of an .xlsx staff list of size bytes. units
// maps the names and short names of the active units to their ids; now
// bounds the dates. An error means the file as a whole cannot be used;
// problems with single rows are in the rows.
func Parse(r io.Reader, size int64, units map[string]int64, now time.Time) (res Result, err error) {
	if size > MaxFileSize {
		return Result{}, ErrTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return Result{}, fmt.Errorf("staffimport: read: %w", err)
	}
	if len(data) > MaxFileSize {
		return Result{}, ErrTooLarge
	}
	if err := checkZip(data); err != nil {
		return Result{}, err
	}
	defer func() {
		// A hostile file must not take the server down with it.
		if v := recover(); v != nil {
			res, err = Result{}, fmt.Errorf("%w: panic: %v", ErrNotXLSX, v)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: MaxUnzippedSize, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Result{}, fmt.Errorf("%w: no sheet", ErrNotXLSX)
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	defer rows.Close()

	p := parser{units: newUnitIndex(units), now: now, date1904: date1904, seen: map[string]int{}}
	var head [][]string // the first rows, until the header is found
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return Result{}, fmt.Errorf("%w: row %d: %v", ErrNotXLSX, line, err)
		}
		if len(cells) > MaxColumns {
			return Result{}, ErrTooManyColumns
		}
		if p.cols == nil {
			head = append(head, cells)
			if cols, ok := findHeader(cells); ok {
				p.cols, res.HeaderLine = cols, line
			} else if line == headerSearch {
				return Result{}, headerError(head)
			}
			continue
		}
		row, blank := p.row(line, cells)
		if blank {
			continue
		}
		if len(res.Rows) == MaxRows {
			return Result{}, ErrTooManyRows
		}
		if len(row.Errors) > 0 {
			res.ErrorRows++
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Error(); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	if p.cols == nil {
		if allBlank(head) {
			return Result{}, ErrEmpty
		}
		return Result{}, headerError(head)
	}
	if len(res.Rows) == 0 {
		return Result{}, ErrEmpty
	}
	return res, nil
}

// checkZip refuses anything but a zip archive that really inflates to a
// reasonable size (see attach.CheckZip) and has [Content_Types].xml.
func checkZip(data []byte) error {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return fmt.Errorf("%w: no zip signature", ErrNotXLSX)
	}
	contentTypes, err := attach.CheckZip(data, MaxZipEntries, MaxUnzippedSize, "[Content_Types].xml")
	switch {
	case errors.Is(err, attach.ErrZipLimits):
		return fmt.Errorf("%w: %v", ErrZipLimits, err)
	case err != nil:
		return fmt.Errorf("%w: %v", ErrNotXLSX, err)
	case !contentTypes:
		return fmt.Errorf("%w: no [Content_Types].xml", ErrNotXLSX)
	}
	return nil
}

// findHeader maps the columns of a header row; ok when both required
// columns are present.
func findHeader(cells []string) ([]int, bool) {
	cols := make([]int, numCols)
	for i := range cols {
		cols[i] = -1
	}
	for i, c := range cells {
		k := headerKey(c)
		for col, aliases := range headerAliases {
			for _, a := range aliases {
				if k == a && cols[col] < 0 {
					cols[col] = i
				}
			}
		}
	}
	return cols, cols[colName] >= 0 && cols[colUnit] >= 0
}

// headerError names the required columns missing from the best candidate
// header row.
func headerError(head [][]string) error {
	best := -1
	var bestCols []int
	for _, cells := range head {
		cols, _ := findHeader(cells)
		n := 0
		for _, c := range cols {
			if c >= 0 {
				n++
			}
		}
		if n > best {
			best, bestCols = n, cols
		}
	}
	e := &HeaderError{}
	for _, col := range []int{colName, colUnit} {
		if bestCols == nil || bestCols[col] < 0 {
			e.Missing = append(e.Missing, Headers[col])
		}
	}
	return e
}

func allBlank(rows [][]string) bool {
	for _, cells := range rows {
		for _, c := range cells {
			if validate.Text(c) != "" {
				return false
			}
		}
	}
	return true
}

type parser struct {
	cols     []int // cell index of each column, -1 when absent
	units    unitIndex
	now      time.Time
	date1904 bool
	seen     map[string]int // duplicate key → first line
}

// maxShown bounds a cell value kept for display.
const maxShown = 300

func (p *parser) cell(cells []string, col int) string {
	i := p.cols[col]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return validate.Text(cells[i])
}

// row parses one data row; blank is true when its known columns are empty.
func (p *parser) row(line int, cells []string) (row Row, blank bool) {
	var v [numCols]string
	blank = true
	for col := range v {
		v[col] = p.cell(cells, col)
		blank = blank && v[col] == ""
	}
	if blank {
		return Row{}, true
	}
	row.Line = line
	prefix := "Dòng " + strconv.Itoa(line) + ": "
	errs := map[string]string{} // by person field, as Validate keys them
	add := func(field, msg string) {
		if _, ok := errs[field]; !ok {
			errs[field] = prefix + msg
		}
	}
	per := org.Person{FullName: v[colName], Position: v[colPosition], Active: true}

	if per.FullName == "" {
		add("full_name", "thiếu họ và tên.")
	}
	switch {
	case v[colUnit] == "":
		add("unit_id", "thiếu đơn vị.")
	default:
		id, ok := p.units.lookup(v[colUnit])
		switch {
		case !ok:
			add("unit_id", "không tìm thấy đơn vị “"+short(v[colUnit])+"”.")
		case id == ambiguous:
			add("unit_id", "tên đơn vị “"+short(v[colUnit])+"” khớp với nhiều đơn vị; hãy ghi tên đầy đủ, có dấu.")
		default:
			per.UnitID = id
		}
	}
	if v[colGender] == "" {
		add("gender", "thiếu giới tính (Nam hoặc Nữ).")
	} else if g, ok := parseGender(v[colGender]); ok {
		per.Gender = g
	} else {
		add("gender", "giới tính “"+short(v[colGender])+"” không hợp lệ (Nam hoặc Nữ).")
	}
	var ok bool
	var shown string
	if per.BirthDate, shown, ok = p.date(v[colBirth]); ok {
		v[colBirth] = shown
	} else {
		add("birth_date", "ngày sinh “"+short(v[colBirth])+"” không hợp lệ (dạng ngày/tháng/năm).")
	}
	if per.RecruitedOn, shown, ok = p.date(v[colRecruited]); ok {
		v[colRecruited] = shown
	} else {
		add("recruited_on", "ngày tuyển dụng “"+short(v[colRecruited])+"” không hợp lệ (dạng ngày/tháng/năm).")
	}
	if per.IsLeader, ok = parseLeader(v[colLeader]); !ok {
		add("is_leader", "giá trị “"+short(v[colLeader])+"” ở cột “Lãnh đạo” không hợp lệ (ghi “Có” hoặc để trống).")
	}
	if v[colEmployment] == "" {
		per.Employment = org.CivilServant
	} else if e, ok := parseEmployment(v[colEmployment]); ok {
		per.Employment = e
	} else {
		add("employment", "loại “"+short(v[colEmployment])+"” không hợp lệ (Cán bộ, Công chức, Viên chức hoặc Người lao động).")
	}

	per.Normalize()
	for field, msg := range per.Validate(p.now) {
		add(field, lowerFirst(msg))
	}
	if per.FullName != "" && per.UnitID > 0 {
		key := personKey(per)
		if first, dup := p.seen[key]; dup {
			add("duplicate", "trùng với dòng "+strconv.Itoa(first)+" (cùng họ tên, ngày sinh và đơn vị).")
		} else {
			p.seen[key] = line
		}
	}
	for _, field := range errorOrder {
		if msg, ok := errs[field]; ok {
			row.Errors = append(row.Errors, msg)
		}
	}
	row.Person = per
	row.Cells = Cells{FullName: clip(v[colName]), Unit: clip(v[colUnit]), Gender: clip(v[colGender]),
		BirthDate: clip(v[colBirth]), Position: clip(v[colPosition]), Leader: clip(v[colLeader]),
		Employment: clip(v[colEmployment]), RecruitedOn: clip(v[colRecruited])}
	return row, false
}

// errorOrder lists the error keys in column order.
var errorOrder = []string{"full_name", "unit_id", "gender", "birth_date", "position", "is_leader", "employment", "recruited_on", "duplicate"}

// date reads a date cell: an Excel date serial or dd/mm/yyyy text. Empty
// is the zero time and ok; shown is the value as dd/mm/yyyy.
func (p *parser) date(s string) (t time.Time, shown string, ok bool) {
	if s == "" {
		return time.Time{}, "", true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		// Serials before 1910 are rather a number typed by mistake (e.g. a
		// year) than a date.
		if f < 3654 || f > 2958465 {
			return time.Time{}, "", false
		}
		t, err := excelize.ExcelDateToTime(f, p.date1904)
		if err != nil {
			return time.Time{}, "", false
		}
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return t, t.Format("02/01/2006"), true
	}
	t, ok = parseDate(s)
	if !ok {
		return time.Time{}, "", false
	}
	return t, s, true
}

// parseDate parses a Vietnamese day-first date, or an ISO date as a date
// cell of type "d" holds it.
func parseDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	if len(s) > 10 {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	if s == "" {
		return time.Time{}, false
	}
	return validate.ParseDate(s)
}

func parseGender(s string) (org.Gender, bool) {
	if g, ok := org.ParseGender(s); ok {
		return g, true
	}
	k := Key(s)
	for _, g := range org.Genders {
		if k == Key(g.Label()) {
			return g, true
		}
	}
	return "", false
}

func parseEmployment(s string) (org.Employment, bool) {
	if e, ok := org.ParseEmployment(s); ok {
		return e, true
	}
	k := Key(s)
	for _, e := range org.Employments {
		if k == Key(e.Label()) {
			return e, true
		}
	}
	return "", false
}

// parseLeader reads the "Lãnh đạo" column: Có/x/1 or Không/0/empty.
func parseLeader(s string) (leader, ok bool) {
	switch Key(s) {
	case "co", "x", "1", "true", "lanh dao":
		return true, true
	case "", "khong", "0", "false":
		return false, true
	}
	return false, false
}

// short clips a value quoted in an error message.
func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// clip bounds a value kept for display.
func clip(s string) string {
	if r := []rune(s); len(r) > maxShown {
		return string(r[:maxShown]) + "…"
	}
	return s
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

// Template returns a sample staff list: the header row, two example rows and
// a sheet of instructions.
func Template() ([]byte, error) {
	examples := []org.Person{
		{FullName: "Nguyễn Văn An", UnitName: "Văn phòng Sở", Gender: org.Male, BirthDate: time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC),
			Position: "Chuyên viên", Employment: org.CivilServant, RecruitedOn: time.Date(2010, 7, 1, 0, 0, 0, 0, time.UTC)},
		{FullName: "Trần Thị Bình", UnitName: "Phòng Quản lý ngân sách", Gender: org.Female, BirthDate: time.Date(1979, 3, 20, 0, 0, 0, 0, time.UTC),
			Position: "Phó Trưởng phòng", IsLeader: true, Employment: org.CivilServant, RecruitedOn: time.Date(2001, 9, 1, 0, 0, 0, 0, time.UTC)},
	}
	var buf bytes.Buffer
	if err := WriteList(&buf, examples, true); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteList writes people (with their UnitName) as a staff list in the
// columns Parse reads, so that an exported list can be edited and imported
// again. withHelp adds the sheet "Hướng dẫn" that explains the columns.
func WriteList(w io.Writer, people []org.Person, withHelp bool) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Danh sách"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	// Dates are text, so that 15/08/1985 stays as typed whatever the
	// regional settings of the computer.
	textFmt, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := []float64{28, 30, 10, 14, 22, 10, 16, 18}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, numCols)
	for i, h := range Headers {
		header[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	date := func(t time.Time) excelize.Cell {
		v := ""
		if !t.IsZero() {
			v = t.Format("02/01/2006")
		}
		return excelize.Cell{StyleID: textFmt, Value: v}
	}
	for i, p := range people {
		leader := ""
		if p.IsLeader {
			leader = "Có"
		}
		row := []any{p.FullName, p.UnitName, p.Gender.Label(), date(p.BirthDate), p.Position, leader, p.Employment.Label(), date(p.RecruitedOn)}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if withHelp {
		const help = "Hướng dẫn"
		if _, err := f.NewSheet(help); err != nil {
			return err
		}
		notes := []string{
			"Nhập danh sách ở trang tính đầu tiên; giữ nguyên dòng tiêu đề. Xóa hai dòng ví dụ trước khi tải lên.",
			"Họ và tên: bắt buộc.",
			"Đơn vị: bắt buộc; ghi đúng tên hoặc tên viết tắt của đơn vị đang hoạt động trong hệ thống.",
			"Giới tính: Nam hoặc Nữ.",
			"Ngày sinh, Ngày tuyển dụng: dạng ngày/tháng/năm, ví dụ 15/08/1985; có thể để trống.",
			"Chức vụ: để trống nếu không giữ chức vụ.",
			"Lãnh đạo: ghi “Có” (hoặc x) nếu là lãnh đạo; để trống nếu trực tiếp thực hiện nhiệm vụ.",
			"Loại: Cán bộ, Công chức, Viên chức hoặc Người lao động; để trống là Công chức.",
			"Tối đa 5.000 dòng, tệp không quá 5 MB.",
		}
		for i, n := range notes {
			if err := f.SetCellStr(help, "A"+strconv.Itoa(i+1), n); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(help, "A", "A", 110); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// personKey identifies a person for duplicate checks: accent-insensitive
// name, birth date and unit.
func personKey(p org.Person) string {
	return Key(p.FullName) + "|" + p.BirthDate.Format(time.DateOnly) + "|" + strconv.FormatInt(p.UnitID, 10)
}

// MarkExisting flags the rows that would add someone already on the staff
// list (same name, birth date and unit), so that uploading a list twice
// does not double it.
func (r *Result) MarkExisting(existing []org.Person) {
	known := make(map[string]bool, len(existing))
	for _, p := range existing {
		known[personKey(p)] = true
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		if len(row.Errors) > 0 || !known[personKey(row.Person)] {
			continue
		}
		row.Errors = append(row.Errors, "Dòng "+strconv.Itoa(row.Line)+": người này đã có trong danh sách của đơn vị (cùng họ tên và ngày sinh).")
		r.ErrorRows++
	}
}
