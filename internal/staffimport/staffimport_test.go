package staffimport_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/org"
	"tdkt/internal/staffimport"
)

var (
	now   = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	units = map[string]int64{"Văn phòng Sở": 1, "VP": 1, "Phòng Quản lý ngân sách": 2, "QLNS": 2}
	head  = []any{"Họ và tên", "Đơn vị", "Giới tính", "Ngày sinh", "Chức vụ", "Lãnh đạo", "Loại", "Ngày tuyển dụng"}
)

// book builds an .xlsx whose first sheet has rows starting at row 1; edit
// may change the file further.
func book(t *testing.T, rows [][]any, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		if len(row) == 0 {
			continue
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipOf builds a zip archive with n small entries plus one of big bytes.
func zipOf(t *testing.T, n int, big int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types/>`))
	for i := range n {
		w, _ := zw.Create(fmt.Sprintf("xl/x%d.xml", i))
		w.Write([]byte("<x/>"))
	}
	if big > 0 {
		w, _ := zw.Create("xl/worksheets/sheet1.xml")
		chunk := make([]byte, 1<<20)
		for range big >> 20 {
			w.Write(chunk)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func errorsOf(res staffimport.Result) string {
	var all []string
	for _, r := range res.Rows {
		all = append(all, r.Errors...)
	}
	return strings.Join(all, "\n")
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		file    func(t *testing.T) []byte
		wantErr error // errors.Is; nil for success
		check   func(t *testing.T, res staffimport.Result)
	}{
		{
			name: "good file",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{head,
					{"  Nguyễn   Văn An ", "Văn phòng Sở", "Nam", "15/08/1985", "Chuyên viên", "", "", "01/07/2010"},
					{"Trần Thị Bình", "phong quan ly ngan sach", "nữ", "20/3/1979", "Phó Trưởng phòng", "Có", "Viên chức", ""},
					{},
					{"Lê Văn Cường", "QLNS", "NAM", "", "", "x", "người lao động", ""},
				}, nil)
			},
			check: func(t *testing.T, res staffimport.Result) {
				if !res.OK() || len(res.Rows) != 3 || res.HeaderLine != 1 {
					t.Fatalf("result = %+v; want 3 rows without errors, header on line 1\n%s", res, errorsOf(res))
				}
				want := []org.Person{
					{UnitID: 1, FullName: "Nguyễn Văn An", Gender: org.Male, BirthDate: time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC),
						Position: "Chuyên viên", Employment: org.CivilServant, RecruitedOn: time.Date(2010, 7, 1, 0, 0, 0, 0, time.UTC), Active: true},
					{UnitID: 2, FullName: "Trần Thị Bình", Gender: org.Female, BirthDate: time.Date(1979, 3, 20, 0, 0, 0, 0, time.UTC),
						Position: "Phó Trưởng phòng", IsLeader: true, Employment: org.PublicEmployee, Active: true},
					{UnitID: 2, FullName: "Lê Văn Cường", Gender: org.Male, IsLeader: true, Employment: org.Worker, Active: true},
				}
				for i, w := range want {
					if got := res.Rows[i].Person; got != w {
						t.Errorf("row %d person = %+v; want %+v", i, got, w)
					}
				}
				if lines := [3]int{res.Rows[0].Line, res.Rows[1].Line, res.Rows[2].Line}; lines != [3]int{2, 3, 5} {
					t.Errorf("lines = %v; want 2, 3, 5 (blank row 4 skipped)", lines)
				}
				if len(res.People()) != 3 {
					t.Errorf("People() = %d; want 3", len(res.People()))
				}
			},
		},
		{
			name: "header on row 3 with notes and extra columns",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{
					{"DANH SÁCH CÁN BỘ, CÔNG CHỨC"},
					{},
					{"STT", "HỌ VÀ TÊN (*)", "Don vi", "Gioi tinh", "Ngày sinh (ngày/tháng/năm)", "Ghi chú"},
					{1, "Phạm Thị Dung", "VP", "Nữ", "01/01/1990", "mới"},
					{2},
				}, nil)
			},
			check: func(t *testing.T, res staffimport.Result) {
				if !res.OK() || res.HeaderLine != 3 || len(res.Rows) != 1 || res.Rows[0].Line != 4 {
					t.Fatalf("result = %+v; want one good row on line 4 under a header on line 3\n%s", res, errorsOf(res))
				}
				if p := res.Rows[0].Person; p.FullName != "Phạm Thị Dung" || p.UnitID != 1 || p.BirthDate.Year() != 1990 {
					t.Errorf("person = %+v", p)
				}
			},
		},
		{
			name: "unknown unit",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{head,
					{"Nguyễn Văn An", "Văn phòng Sở", "Nam"},
					{"Võ Thị Em", "Phòng ABC", "Nữ"},
				}, nil)
			},
			check: func(t *testing.T, res staffimport.Result) {
				if res.OK() || res.ErrorRows != 1 || len(res.Rows[0].Errors) != 0 {
					t.Fatalf("result = %+v; want the second row only in error", res)
				}
				if got, want := strings.Join(res.Rows[1].Errors, "|"), "Dòng 3: không tìm thấy đơn vị “Phòng ABC”."; got != want {
					t.Errorf("errors = %q; want %q", got, want)
				}
				if len(res.People()) != 1 {
					t.Errorf("People() = %d; want only the good row", len(res.People()))
				}
			},
		},
		{
			name: "bad dates and values",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{head,
					{"Nguyễn Văn An", "VP", "Nam", "31/02/1980"},
					{"Nguyễn Văn Bảo", "VP", "Không rõ", "1980", "", "có lẽ", "Hợp đồng", "01/07/2099"},
					{"", "VP", "Nam", "01/01/2015"},
				}, nil)
			},
			check: func(t *testing.T, res staffimport.Result) {
				if res.ErrorRows != 3 {
					t.Fatalf("error rows = %d; want 3\n%s", res.ErrorRows, errorsOf(res))
				}
				all := errorsOf(res)
				for _, want := range []string{
					"Dòng 2: ngày sinh “31/02/1980” không hợp lệ (dạng ngày/tháng/năm).",
					"Dòng 3: giới tính “Không rõ” không hợp lệ (Nam hoặc Nữ).",
					"Dòng 3: ngày sinh “1980” không hợp lệ (dạng ngày/tháng/năm).",
					"Dòng 3: giá trị “có lẽ” ở cột “Lãnh đạo” không hợp lệ",
					"Dòng 3: loại “Hợp đồng” không hợp lệ",
					"Dòng 3: ngày tuyển dụng không được sau ngày hôm nay.",
					"Dòng 4: thiếu họ và tên.",
					"Dòng 4: ngày sinh không hợp lệ: tuổi phải từ 16 đến 100.",
				} {
					if !strings.Contains(all, want) {
						t.Errorf("errors lack %q:\n%s", want, all)
					}
				}
			},
		},
		{
			name: "Excel numeric date",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{head, {"Nguyễn Văn An", "VP", "Nam"}}, func(f *excelize.File) {
					style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
					f.SetCellValue("Sheet1", "D2", time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC))
					f.SetCellStyle("Sheet1", "D2", "D2", style)
					f.SetCellValue("Sheet1", "H2", 40360) // 01/07/2010 as a bare serial
				})
			},
			check: func(t *testing.T, res staffimport.Result) {
				if !res.OK() {
					t.Fatalf("errors: %s", errorsOf(res))
				}
				r := res.Rows[0]
				if !r.Person.BirthDate.Equal(time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC)) || !r.Person.RecruitedOn.Equal(time.Date(2010, 7, 1, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("dates = %v, %v; want 1985-08-15, 2010-07-01", r.Person.BirthDate, r.Person.RecruitedOn)
				}
				if r.Cells.BirthDate != "15/08/1985" {
					t.Errorf("shown birth date = %q; want 15/08/1985", r.Cells.BirthDate)
				}
			},
		},
		{
			name: "duplicate row",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{head,
					{"Nguyễn Văn An", "VP", "Nam", "15/08/1985"},
					{"Nguyễn Văn An", "QLNS", "Nam", "15/08/1985"},
					{"nguyen van an", "Văn phòng Sở", "Nam", "15/08/1985"},
				}, nil)
			},
			check: func(t *testing.T, res staffimport.Result) {
				if res.ErrorRows != 1 || len(res.Rows[1].Errors) != 0 {
					t.Fatalf("result = %+v; want only row 4 in error (another unit is not a duplicate)", res)
				}
				if got, want := strings.Join(res.Rows[2].Errors, "|"), "Dòng 4: trùng với dòng 2 (cùng họ tên, ngày sinh và đơn vị)."; got != want {
					t.Errorf("errors = %q; want %q", got, want)
				}
			},
		},
		{
			name: "missing header",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{{"Tên", "Đơn vị"}, {"Nguyễn Văn An", "VP"}}, nil)
			},
			wantErr: &staffimport.HeaderError{},
		},
		{
			name:    "not a zip",
			file:    func(*testing.T) []byte { return []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n") },
			wantErr: staffimport.ErrNotXLSX,
		},
		{
			name: "zip that is no workbook",
			file: func(t *testing.T) []byte {
				return zipOf(t, 2, 0)
			},
			wantErr: staffimport.ErrNotXLSX,
		},
		{
			name:    "zip with too many entries",
			file:    func(t *testing.T) []byte { return zipOf(t, 1001, 0) },
			wantErr: staffimport.ErrZipLimits,
		},
		{
			name:    "zip expanding past 100 MB",
			file:    func(t *testing.T) []byte { return zipOf(t, 1, 101<<20) },
			wantErr: staffimport.ErrZipLimits,
		},
		{
			name:    "empty sheet",
			file:    func(t *testing.T) []byte { return book(t, nil, nil) },
			wantErr: staffimport.ErrEmpty,
		},
		{
			name:    "header only",
			file:    func(t *testing.T) []byte { return book(t, [][]any{head, {}, {"", ""}}, nil) },
			wantErr: staffimport.ErrEmpty,
		},
		{
			name: "too many columns",
			file: func(t *testing.T) []byte {
				return book(t, [][]any{head}, func(f *excelize.File) { f.SetCellValue("Sheet1", "AZ2", "x") })
			},
			wantErr: staffimport.ErrTooManyColumns,
		},
		{
			name: "too many rows",
			file: func(t *testing.T) []byte {
				rows := [][]any{head}
				for i := range staffimport.MaxRows + 1 {
					rows = append(rows, []any{fmt.Sprintf("Người %d", i), "VP", "Nam"})
				}
				return book(t, rows, nil)
			},
			wantErr: staffimport.ErrTooManyRows,
		},
		{
			name:    "too large",
			file:    func(*testing.T) []byte { return append([]byte("PK\x03\x04"), make([]byte, staffimport.MaxFileSize)...) },
			wantErr: staffimport.ErrTooLarge,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := tt.file(t)
			res, err := staffimport.Parse(bytes.NewReader(b), int64(len(b)), units, now)
			var he *staffimport.HeaderError
			switch {
			case tt.wantErr == nil:
				if err != nil {
					t.Fatalf("Parse = %v", err)
				}
			case errors.As(tt.wantErr, &he):
				if !errors.As(err, &he) {
					t.Fatalf("Parse = %v; want HeaderError", err)
				}
			default:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Parse = %v; want %v", err, tt.wantErr)
				}
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

func TestParseHeaderMessage(t *testing.T) {
	t.Parallel()
	b := book(t, [][]any{{"Họ và tên", "Phòng"}, {"Nguyễn Văn An", "VP"}}, nil)
	_, err := staffimport.Parse(bytes.NewReader(b), int64(len(b)), units, now)
	var he *staffimport.HeaderError
	if !errors.As(err, &he) || len(he.Missing) != 1 || he.Missing[0] != "Đơn vị" {
		t.Fatalf("Parse = %v; want HeaderError missing only Đơn vị", err)
	}
	if msg := he.Error(); !strings.HasPrefix(msg, "Không tìm thấy cột “Đơn vị”") {
		t.Errorf("message = %q", msg)
	}
	b = book(t, [][]any{{"A", "B"}, {"x", "y"}}, nil)
	_, err = staffimport.Parse(bytes.NewReader(b), int64(len(b)), units, now)
	if !errors.As(err, &he) || !strings.HasPrefix(he.Error(), "Không tìm thấy cột “Họ và tên”, “Đơn vị”") {
		t.Errorf("Parse = %v; want both columns named", err)
	}
}

func TestParseAmbiguousUnit(t *testing.T) {
	t.Parallel()
	// "Phòng Kế hoạch" and "Phòng Ke hoach" fold to the same key: only an
	// exact name picks one.
	u := map[string]int64{"Phòng Kế hoạch": 1, "Phòng Ke hoach": 2}
	b := book(t, [][]any{head, {"An", "Phòng Kế hoạch", "Nam"}, {"Bình", "phong ke hoạch", "Nam"}}, nil)
	res, err := staffimport.Parse(bytes.NewReader(b), int64(len(b)), u, now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows[0].Person.UnitID != 1 || len(res.Rows[0].Errors) != 0 {
		t.Errorf("exact name = %+v", res.Rows[0])
	}
	if len(res.Rows[1].Errors) != 1 || !strings.Contains(res.Rows[1].Errors[0], "khớp với nhiều đơn vị") {
		t.Errorf("folded name errors = %v; want ambiguity", res.Rows[1].Errors)
	}
}

func TestTemplate(t *testing.T) {
	t.Parallel()
	b, err := staffimport.Template()
	if err != nil {
		t.Fatal(err)
	}
	res, err := staffimport.Parse(bytes.NewReader(b), int64(len(b)), units, now)
	if err != nil {
		t.Fatalf("Parse(Template()) = %v", err)
	}
	if !res.OK() || len(res.Rows) != 2 || res.Rows[1].Person.FullName != "Trần Thị Bình" || !res.Rows[1].Person.IsLeader {
		t.Errorf("template rows = %+v\n%s", res.Rows, errorsOf(res))
	}
}

func TestUnitMap(t *testing.T) {
	t.Parallel()
	m := staffimport.UnitMap([]org.Unit{
		{ID: 1, Name: "Văn phòng Sở", ShortName: "VP"},
		{ID: 2, Name: "Thanh tra Sở", ShortName: "TTr"},
		{ID: 3, Name: "VP", ShortName: ""}, // a name equal to another unit's short name
	})
	if m["Văn phòng Sở"] != 1 || m["TTr"] != 2 || m["VP"] != staffimport.Ambiguous {
		t.Errorf("UnitMap = %v; want VP ambiguous", m)
	}
	b := book(t, [][]any{head, {"An", "vp", "Nam"}, {"Bình", "thanh tra so", "Nữ"}}, nil)
	res, err := staffimport.Parse(bytes.NewReader(b), int64(len(b)), m, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows[0].Errors) != 1 || !strings.Contains(res.Rows[0].Errors[0], "khớp với nhiều đơn vị") || res.Rows[1].Person.UnitID != 2 {
		t.Errorf("rows = %+v", res.Rows)
	}
}
