package historyimport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/award"
	"tdkt/internal/org"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

var dir = NewDirectory([]org.Person{
	{ID: 1, FullName: "Nguyễn Văn An", BirthDate: day(1985, 8, 15), UnitName: "Văn phòng Sở"},
	{ID: 2, FullName: "Trần Thị Bình", BirthDate: day(1990, 1, 2), UnitName: "Phòng Ngân sách"},
	{ID: 3, FullName: "Trần Thị Bình", BirthDate: day(1990, 1, 2), UnitName: "Phòng Đầu tư"},
})

func sheet(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	all := append([][]any{toAny(Header)}, rows...)
	for i, r := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParse(t *testing.T) {
	data := sheet(t,
		[]any{"", "Nguyễn Văn An", "15/08/1985", "", 2023, "Lao động tiên tiến", "Công trạng", "125/QĐ-STC", "20/12/2023"},
		[]any{"3", "Trần Thị Bình", "", "", "2022", "bang_khen_ubnd_tinh", "Đột xuất", "", ""},
		[]any{"", "Trần Thị Bình", "02/01/1990", "Phòng Ngân sách", 2021, "Chiến sĩ thi đua cơ sở", "", "", ""},
		[]any{"", "Người Lạ", "01/01/1980", "", 2023, "Lao động tiên tiến", "", "", ""},      // unknown person
		[]any{"", "Trần Thị Bình", "02/01/1990", "", 2023, "Lao động tiên tiến", "", "", ""}, // ambiguous
		[]any{"1", "", "", "", 2023, "Huy chương vàng", "", "", ""},                          // unknown award
		[]any{"1", "", "", "", 2023, "Lao động tiên tiến", "Công trạng", "", ""},             // duplicate of row 2
		[]any{"1", "", "", "", 1950, "Lao động tiên tiến", "", "", ""},                       // year too early
		[]any{"1", "", "", "", 2030, "Lao động tiên tiến", "", "", ""},                       // future year
		[]any{"99", "", "", "", 2020, "Lao động tiên tiến", "Khác", "", "31/02/2020"},        // unknown id, kind, date
		[]any{"1", "Trần Thị Bình", "", "", 2020, "Lao động tiên tiến", "", "", ""},          // id of another name
		[]any{"", "", "", "", "", "", "", "", ""},                                            // blank: skipped
	)
	res, err := Parse(data, dir, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 11 || res.OK() || res.ErrorRows != 8 {
		t.Fatalf("rows = %d, error rows = %d", len(res.Rows), res.ErrorRows)
	}
	want := []string{"", "", "", "Không tìm thấy “Người Lạ”", "Có nhiều người", "không có trong danh mục", "Trùng với dòng 2",
		"Năm “1950”", "Năm “2030”", "Mã “99”", "là của “Nguyễn Văn An”"}
	for i, w := range want {
		got := strings.Join(res.Rows[i].Errors, " ")
		if w == "" && got != "" || !strings.Contains(got, w) {
			t.Errorf("row %d errors = %q; want %q", res.Rows[i].Line, got, w)
		}
	}
	if !strings.Contains(strings.Join(res.Rows[9].Errors, " "), "Loại hình “Khác”") || len(res.Rows[9].Errors) != 3 {
		t.Errorf("row 11 errors = %q", res.Rows[9].Errors)
	}
	r := res.Rows[0]
	if r.PersonID != 1 || r.Year != 2023 || r.Code != award.LDTT || r.Kind != award.Merit || r.DecisionNo != "125/QĐ-STC" || !r.DecisionDate.Equal(day(2023, 12, 20)) {
		t.Errorf("row 2 = %+v", r)
	}
	if r := res.Rows[1]; r.PersonID != 3 || r.Kind != award.AdHoc || r.Code != award.BangKhenTinh {
		t.Errorf("row 3 = %+v", r)
	}
	if r := res.Rows[2]; r.PersonID != 2 || r.Code != award.CSTDCoSo {
		t.Errorf("row 4 = %+v", r)
	}
	res.MarkRecorded(map[Recorded]bool{{3, 2021, award.CSTDCoSo}: true, {2, 2021, award.CSTDCoSo}: true})
	if len(res.Rows[2].Errors) != 1 || res.ErrorRows != 9 {
		t.Errorf("recorded merit not flagged: %q", res.Rows[2].Errors)
	}
}

func TestParseFile(t *testing.T) {
	for name, data := range map[string][]byte{"text": []byte("Họ và tên;Năm"), "empty": nil, "zip": []byte("PK\x03\x04garbage")} {
		if _, err := Parse(data, dir, 2025); err != ErrNotXLSX {
			t.Errorf("%s: err = %v; want ErrNotXLSX", name, err)
		}
	}
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Tên", "Điểm"})
	var b bytes.Buffer
	f.Write(&b)
	if _, err := Parse(b.Bytes(), dir, 2025); err != ErrNoHeader {
		t.Errorf("no header: err = %v", err)
	}
	if _, err := Parse(sheet(t), dir, 2025); err != ErrEmpty {
		t.Errorf("header only: err = %v", err)
	}
	tpl, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Parse(tpl, dir, 2025)
	if err != nil || !res.OK() || res.Rows[0].PersonID != 1 {
		t.Errorf("template: %v %+v", err, res)
	}
}

func TestRecheck(t *testing.T) {
	res := Recheck([]Row{
		{Line: 2, PersonID: 1, Year: 2023, Code: award.LDTT, Kind: award.Merit},
		{Line: 3, PersonID: 1, Year: 2023, Code: award.LDTT, Kind: award.Merit},
		{Line: 4, PersonID: 42, Year: 2023, Code: award.LDTT, Kind: award.Merit},
		{Line: 5, PersonID: 1, Year: 2023, Code: award.TapTheLDTT, Kind: "x"},
	}, dir, 2025)
	if res.ErrorRows != 3 || len(res.Rows[0].Errors) != 0 || res.Rows[0].Person != "Nguyễn Văn An" {
		t.Errorf("recheck = %+v", res)
	}
}
