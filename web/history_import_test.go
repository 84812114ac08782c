package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"
)

// historyBook builds an award history sheet with the template's header.
func historyBook(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"Mã", "Họ và tên", "Ngày sinh", "Đơn vị", "Năm", "Danh hiệu, hình thức", "Loại hình", "Số quyết định", "Ngày quyết định"}}, rows...)
	for i, row := range all {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var (
	rowsField = regexp.MustCompile(`name="rows" value="([^"]*)"`)
	subField  = regexp.MustCompile(`name="submission_id" value="([^"]*)"`)
)

func TestHistoryImport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ns := unitOf(t, e, "tp.ngansach")
	people, _ := e.Store.Candidates(ctx, ns)
	var id int64
	for _, p := range people {
		if p.Name == "Lê Thị Ngọc Ánh" {
			id = p.ID
		}
	}
	p, err := e.Store.Person(ctx, id)
	if err != nil || p.BirthDate.IsZero() {
		t.Fatalf("person %d: %v (birth date %v)", id, err, p.BirthDate)
	}
	birth := p.BirthDate.Format("02/01/2006")
	o := e.login("vanphong")
	if res := o.get("/people/history/import"); res.status != http.StatusOK || !res.has("Tải tệp mẫu") {
		t.Fatalf("form = %d", res.status)
	}
	res := o.get("/people/history/import/template.xlsx")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("template = %d", res.status)
	}
	if _, err := excelize.OpenReader(bytes.NewReader([]byte(res.body))); err != nil {
		t.Errorf("template is not a workbook: %v", err)
	}
	awards := `SELECT count(*) FROM award_history`
	events := `SELECT count(*) FROM events WHERE action = 'award_history.import'`
	before, beforeEvents := e.count(awards), e.count(events)

	// Bad rows: the preview lists each row's problem and offers nothing to record.
	bad := historyBook(t,
		[]any{id, "", "", "", 2016, "Lao động tiên tiến", "Công trạng", "10/QĐ-STC", "20/12/2016"},
		[]any{"", "Người Không Có", "01/01/1980", "", 2016, "Lao động tiên tiến", "", "", ""},
		[]any{"", p.FullName, birth, "", 2017, "Huân chương Sao Vàng", "", "", ""},
		[]any{id, "", "", "", 2016, "Lao động tiên tiến", "Công trạng", "", ""},
		[]any{id, "", "", "", 1960, "Giấy khen của Giám đốc Sở", "Đột xuất", "", ""},
	)
	res = o.upload("/people/history/import", "qua-trinh.xlsx", bad)
	if res.status != http.StatusUnprocessableEntity || !res.has(`data-testid="import-preview"`) || res.has(`data-testid="apply-form"`) {
		t.Fatalf("bad preview = %d\n%s", res.status, res.body)
	}
	for _, want := range []string{"4 dòng có lỗi", "Không tìm thấy “Người Không Có”", "“Huân chương Sao Vàng” không có trong danh mục",
		"Trùng với dòng 2", "Năm “1960” không hợp lệ"} {
		if !res.has(html.EscapeString(want)) && !res.has(want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	// Not a workbook, or nothing at all.
	for name, data := range map[string][]byte{"a.xlsx": []byte("Họ và tên,Năm\nAn,2020"), "b.pdf": []byte("%PDF-1.4 nope")} {
		if res := o.upload("/people/history/import", name, data); res.status != http.StatusUnprocessableEntity || !res.has("field-invalid") {
			t.Errorf("%s = %d; want 422 with the file's problem", name, res.status)
		}
	}
	if res := o.post("/people/history/import", nil); res.status != http.StatusUnprocessableEntity {
		t.Errorf("no file = %d; want 422", res.status)
	}
	if e.count(awards) != before || e.count(events) != beforeEvents {
		t.Fatal("a preview wrote something")
	}

	// A good sheet: preview, then record once even when submitted twice.
	good := historyBook(t,
		[]any{id, "", "", "", 2016, "Lao động tiên tiến", "Công trạng", "10/QĐ-STC", "20/12/2016"},
		[]any{"", p.FullName, birth, "", 2016, "giay_khen_giam_doc", "Đột xuất", "", ""},
	)
	res = o.upload("/people/history/import", "qua-trinh.xlsx", good)
	if res.status != http.StatusOK || !res.has(`data-testid="apply-form"`) || !res.has("Ghi nhận 2 khen thưởng") {
		t.Fatalf("good preview = %d\n%s", res.status, res.body)
	}
	rows, sub := rowsField.FindStringSubmatch(res.body), subField.FindStringSubmatch(res.body)
	if rows == nil || sub == nil {
		t.Fatal("no rows or submission id in the apply form")
	}
	form := url.Values{"rows": {html.UnescapeString(rows[1])}, "submission_id": {sub[1]}}
	// Tampered rows are checked again: an unknown award records nothing.
	tampered := url.Values{"rows": {fmt.Sprintf(`[{"line":2,"person_id":%d,"year":2016,"code":"nope","kind":"merit"}]`, id)}}
	if res := o.post("/people/history/import/apply", tampered); res.status != http.StatusUnprocessableEntity {
		t.Errorf("tampered rows = %d; want 422", res.status)
	}
	if res := o.post("/people/history/import/apply", url.Values{"rows": {"not json"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("garbage rows = %d; want 422", res.status)
	}
	for range 2 {
		if res := o.post("/people/history/import/apply", form); res.status != http.StatusSeeOther {
			t.Fatalf("apply = %d\n%s", res.status, res.body)
		}
	}
	if n := e.count(awards); n != before+2 {
		t.Errorf("award rows = %d; want %d", n, before+2)
	}
	if n := e.count(events); n != beforeEvents+1 {
		t.Errorf("import events = %d; want %d", n, beforeEvents+1)
	}
	h, _ := e.Store.PersonHistory(ctx, id)
	found := false
	for _, a := range h.Awards {
		if a.Year == 2016 && a.Code == "ldtt" && a.DecisionNo == "10/QĐ-STC" && a.Source == "imported" {
			found = true
		}
	}
	if !found {
		t.Errorf("imported LĐTT 2016 not in the history: %+v", h.Awards)
	}
	// The same sheet again: the merit award is already recorded (R14).
	res = o.upload("/people/history/import", "qua-trinh.xlsx", good)
	if res.status != http.StatusUnprocessableEntity || !res.has("đã được ghi nhận") {
		t.Errorf("re-upload = %d; want the recorded row flagged", res.status)
	}
	head := e.login("tp.ngansach")
	if res := head.get("/people/history/import"); res.status != http.StatusForbidden {
		t.Errorf("dept head = %d; want 403", res.status)
	}
	if res := head.post("/people/history/import/apply", form); res.status != http.StatusForbidden {
		t.Errorf("dept head apply = %d; want 403", res.status)
	}
}
