package ratingsimport

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/award"
)

// workbook builds an .xlsx file with rows on its first sheet.
func workbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var people = []Person{{1, "Nguyễn Văn An"}, {2, "Trần Thị Bình"}, {3, "Lê Văn Cường"}, {4, "Lê Văn Cường"}, {5, "Phạm Đức"}}

func TestParse(t *testing.T) {
	data := workbook(t, [][]any{
		{"Bảng xếp loại năm 2025"},
		{"Mã", "Họ và tên", "Chức vụ", "Xếp loại"},
		{1, "Nguyễn Văn An", "Chuyên viên", "HTXS"},
		{"", "tran thi binh", "", "hoàn thành tốt nhiệm vụ"}, // by folded name and label
		{"", "Lê Văn Cường", "", "HTT"},                      // two people so named
		{"", "Không Có Ai", "", "HTT"},
		{99, "Người lạ", "", "HTT"},
		{"", "Phạm Đức", "", "giỏi"},
		{},
		{1, "Nguyễn Văn An", "", "HTT"}, // again
		{4, "Lê Văn Cường", "", "htnv"},
	})
	res, err := Parse(data, people)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]award.Rating{1: award.HTXS, 2: award.HTT, 4: award.HTNV}
	if len(res.Ratings) != len(want) {
		t.Errorf("ratings = %v; want %v", res.Ratings, want)
	}
	for id, r := range want {
		if res.Ratings[id] != r {
			t.Errorf("rating of %d = %q; want %q", id, res.Ratings[id], r)
		}
	}
	for i, frag := range []string{"Dòng 5: đơn vị có nhiều người tên", "Dòng 6: không tìm thấy", "Dòng 7: mã “99”",
		"Dòng 8: xếp loại “giỏi”", "Dòng 10: “Nguyễn Văn An” xuất hiện nhiều lần"} {
		if i >= len(res.Problems) || !strings.HasPrefix(res.Problems[i], frag) {
			t.Errorf("problem %d = %q; want it to start with %q (all: %q)", i, at(res.Problems, i), frag, res.Problems)
		}
	}
	if len(res.Problems) != 5 {
		t.Errorf("%d problems; want 5: %q", len(res.Problems), res.Problems)
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

func TestParseRefusals(t *testing.T) {
	noHeader := workbook(t, [][]any{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"Họ và tên", "Xếp loại"}})
	if _, err := Parse(noHeader, people); !errors.Is(err, ErrNoHeader) {
		t.Errorf("header on row 6: %v; want ErrNoHeader", err)
	}
	if _, err := Parse(workbook(t, nil), people); !errors.Is(err, ErrNoHeader) {
		t.Errorf("empty sheet: %v; want ErrNoHeader", err)
	}
	long := [][]any{{"Họ và tên", "Xếp loại"}}
	for range MaxRows {
		long = append(long, []any{"Nguyễn Văn An", "HTT"})
	}
	if _, err := Parse(workbook(t, long), people); !errors.Is(err, ErrTooManyRows) {
		t.Errorf("%d rows: %v; want ErrTooManyRows", len(long), err)
	}
	if _, err := Parse([]byte("not a workbook"), people); err == nil || errors.Is(err, ErrNoHeader) {
		t.Errorf("not a workbook: %v", err)
	}
}

func TestParseRating(t *testing.T) {
	for in, want := range map[string]award.Rating{"HTXS": award.HTXS, " htt ": award.HTT, "Không hoàn thành nhiệm vụ": award.KHT,
		"hoan thanh nhiem vu": award.HTNV} {
		if got, ok := ParseRating(in); !ok || got != want {
			t.Errorf("ParseRating(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseRating("xuất sắc"); ok {
		t.Error("ParseRating(xuất sắc): want not ok")
	}
}
