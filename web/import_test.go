package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/auth"
	"tdkt/internal/store"
)

// upload posts content as the "file" field of a same-origin multipart form.
func (c *client) upload(path, filename string, content []byte) response {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		c.e.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", c.e.URL)
	return c.do(req)
}

// staffBook builds an .xlsx with the template's header and rows.
func staffBook(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]any{{"Họ và tên", "Đơn vị", "Giới tính", "Ngày sinh", "Chức vụ", "Lãnh đạo", "Loại", "Ngày tuyển dụng"}}, rows...)
	for i, row := range all {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// count runs a count query on the test database.
func (e *env) count(sql string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

var importPath = regexp.MustCompile(`^/people/import/([0-9]+)$`)

// uploaded checks that an upload redirected to its preview and returns its path.
func uploaded(t *testing.T, res response) string {
	t.Helper()
	loc := res.header.Get("Location")
	if res.status != http.StatusSeeOther || !importPath.MatchString(loc) {
		t.Fatalf("upload = %d %q; want 303 to the preview\n%s", res.status, loc, res.body)
	}
	return loc
}

func TestImportHappyPath(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")

	form := c.get("/people/import")
	for _, want := range []string{"Tải tệp mẫu", `href="/people/import/template.xlsx"`, `type="file"`, `accept=".xlsx`, "Tệp .xlsx, tối đa 5 MB", `enctype="multipart/form-data"`} {
		if form.status != 200 || !form.has(want) {
			t.Errorf("upload form = %d; lacks %q", form.status, want)
		}
	}
	tpl := c.get("/people/import/template.xlsx")
	if tpl.status != 200 || !strings.HasPrefix(tpl.body, "PK\x03\x04") || !strings.Contains(tpl.header.Get("Content-Type"), "spreadsheetml") ||
		!strings.HasPrefix(tpl.header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("template = %d %q %q; want an .xlsx attachment", tpl.status, tpl.header.Get("Content-Type"), tpl.header.Get("Content-Disposition"))
	}

	file := staffBook(t,
		[]any{"Nguyễn Thị Nhập Một", "Văn phòng Sở", "Nữ", "15/08/1990", "Chuyên viên", "", "Công chức", "01/07/2015"},
		[]any{"Trần Văn Nhập Hai", "qlns", "Nam", "20/03/1985", "Phó Trưởng phòng", "Có", "", ""},
	)
	// The client's path and markup in the name are neither kept nor rendered.
	preview := uploaded(t, c.upload("/people/import", `C:\Temp\<b onmouseover=x>danh sách.xlsx`, file))
	people, created := e.count(`SELECT count(*) FROM people`), e.count(`SELECT count(*) FROM events WHERE action = 'person.create'`)

	res := c.get(preview)
	if res.status != 200 {
		t.Fatalf("preview = %d", res.status)
	}
	for _, want := range []string{"Nguyễn Thị Nhập Một", "Trần Văn Nhập Hai", "Nhập 2 người", `data-testid="apply"`, "&lt;b onmouseover=x&gt;danh sách.xlsx"} {
		if !res.has(want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if res.has("<b onmouseover") || res.has(`Temp`) || res.has(`data-testid="row-error"`) {
		t.Error("preview shows the raw file name or a row error")
	}

	res = c.post(preview+"/apply", nil)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/people" {
		t.Fatalf("apply = %d %q; want 303 to /people\n%s", res.status, res.header.Get("Location"), res.body)
	}
	if got := e.count(`SELECT count(*) FROM people`); got != people+2 {
		t.Errorf("people = %d; want %d", got, people+2)
	}
	if got := e.count(`SELECT count(*) FROM people WHERE full_name = 'Trần Văn Nhập Hai' AND is_leader AND employment = 'civil_servant' AND birth_date = '1985-03-20'`); got != 1 {
		t.Errorf("imported person rows = %d; want 1 with the file's values", got)
	}
	if got := e.count(`SELECT count(*) FROM events WHERE action = 'person.create'`); got != created+2 {
		t.Errorf("person.create events = %d; want %d", got, created+2)
	}
	if got := e.count(`SELECT count(*) FROM events WHERE action = 'people.import' AND object_type = 'import' AND after->>'count' = '2' AND after->>'filename' = '<b onmouseover=x>danh sách.xlsx'`); got != 1 {
		t.Errorf("people.import events = %d; want 1 with filename and count", got)
	}
	list := c.get("/people")
	if !list.has("Đã nhập 2 người từ tệp “&lt;b onmouseover=x&gt;danh sách.xlsx”.") {
		t.Errorf("people list lacks the flash")
	}

	// Applying twice writes nothing the second time.
	again := c.post(preview+"/apply", nil)
	if again.status != http.StatusConflict || !again.has("đã được nhập trước đó") {
		t.Errorf("second apply = %d; want 409 saying it was imported", again.status)
	}
	if got := e.count(`SELECT count(*) FROM people`); got != people+2 {
		t.Errorf("people after second apply = %d; want %d", got, people+2)
	}
	if res := c.get(preview); res.status != 200 || !res.has("đã được nhập") || res.has(`data-testid="apply"`) {
		t.Errorf("preview after apply = %d; want the applied status and no apply button", res.status)
	}

	// Uploading the same list again: every row is already on the staff list.
	second := c.get(uploaded(t, c.upload("/people/import", "danh-sach-lan-2.xlsx", file)))
	if !second.has("đã có trong danh sách của đơn vị") || second.has(`data-testid="apply"`) {
		t.Errorf("second upload of the same list: want each row flagged as existing and no apply button\n%s", second.body)
	}
}

func TestImportRowErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	file := staffBook(t,
		[]any{"Nguyễn Thị Nhập Một", "Văn phòng Sở", "Nữ", "15/08/1990"},
		[]any{"Trần Văn Nhập Hai", "Phòng ABC", "Nam", "31/02/1985"},
		[]any{"Lê Văn Nhập Ba", "VP", "Nam"},
	)
	preview := uploaded(t, c.upload("/people/import", "danh-sach.xlsx", file))
	res := c.get(preview)
	for _, want := range []string{
		"Dòng 3: không tìm thấy đơn vị “Phòng ABC”.",
		"Dòng 3: ngày sinh “31/02/1985” không hợp lệ (dạng ngày/tháng/năm).",
		"Sửa tệp rồi tải lên lại; chưa có dữ liệu nào được ghi.",
	} {
		if !res.has(want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if res.has(`data-testid="apply"`) || res.has("Nhập 3 người") {
		t.Error("preview with errors offers to apply")
	}
	if i, j := strings.Index(res.body, `data-testid="row-error"`), strings.Index(res.body, "Nguyễn Thị Nhập Một"); i < 0 || j < i {
		t.Error("rows with errors are not listed first")
	}

	people, events := e.count(`SELECT count(*) FROM people`), e.count(`SELECT count(*) FROM events`)
	res = c.post(preview+"/apply", nil)
	if res.status != http.StatusConflict || !res.has("dòng lỗi") {
		t.Errorf("apply with errors = %d; want 409", res.status)
	}
	if got := e.count(`SELECT count(*) FROM people`); got != people {
		t.Errorf("people = %d; want %d (nothing written)", got, people)
	}
	if got := e.count(`SELECT count(*) FROM events`); got != events {
		t.Errorf("events = %d; want %d", got, events)
	}

	// Cancelling leaves nothing to apply.
	res = c.post(preview+"/cancel", nil)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/people/import" {
		t.Fatalf("cancel = %d %q; want 303 to the upload form", res.status, res.header.Get("Location"))
	}
	if res := c.get("/people/import"); !res.has("Đã hủy lần nhập từ tệp “danh-sach.xlsx”") {
		t.Error("upload form lacks the cancel flash")
	}
	if res := c.post(preview+"/cancel", nil); res.status != http.StatusConflict {
		t.Errorf("second cancel = %d; want 409", res.status)
	}
}

func TestImportRejectsBadFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	big := append([]byte("PK\x03\x04"), make([]byte, 7<<20)...)
	fiveAndAHalf := append([]byte("PK\x03\x04"), make([]byte, 5<<20+512<<10)...)
	for _, tt := range []struct {
		name, filename string
		content        []byte
		status         []int
		want           string
	}{
		{"PDF named .xlsx", "danh-sach.xlsx", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer\n"), []int{422}, "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."},
		{"empty file", "danh-sach.xlsx", nil, []int{422}, "không có nội dung"},
		{"7 MB", "to.xlsx", big, []int{413}, "Tệp lớn hơn 5 MB"},
		{"5.5 MB", "to.xlsx", fiveAndAHalf, []int{413}, "Tệp lớn hơn 5 MB"},
		{"no header", "ds.xlsx", func() []byte {
			b := staffBook(t)
			f, _ := excelize.OpenReader(bytes.NewReader(b))
			f.SetSheetRow("Sheet1", "A1", &[]any{"Tên", "Phòng"})
			f.SetSheetRow("Sheet1", "A2", &[]any{"Nguyễn Văn An", "VP"})
			buf, _ := f.WriteToBuffer()
			return buf.Bytes()
		}(), []int{422}, "Không tìm thấy cột “Họ và tên”, “Đơn vị”"},
	} {
		res := c.upload("/people/import", tt.filename, tt.content)
		ok := false
		for _, s := range tt.status {
			ok = ok || res.status == s
		}
		if !ok || !res.has(tt.want) || !res.has(`data-testid="error-summary"`) || !res.has(`type="file"`) {
			t.Errorf("%s: upload = %d; want %v with the form and %q", tt.name, res.status, tt.status, tt.want)
		}
	}
	if res := c.post("/people/import", url.Values{}); res.status != http.StatusUnprocessableEntity || !res.has("Chọn tệp Excel") {
		t.Errorf("upload without a file = %d; want 422 asking for a file", res.status)
	}
	if n := e.count(`SELECT count(*) FROM imports`); n != 0 {
		t.Errorf("imports = %d; want nothing stored for rejected files", n)
	}
}

func TestImportAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	admin := e.login("admin")
	preview := uploaded(t, admin.upload("/people/import", "ds.xlsx", staffBook(t, []any{"Nguyễn Thị Nhập Một", "VP", "Nữ"})))
	people := e.count(`SELECT count(*) FROM people`)

	head := e.login("tp.ngansach")
	for _, path := range []string{"/people/import", "/people/import/template.xlsx", preview} {
		if res := head.get(path); res.status != http.StatusForbidden {
			t.Errorf("dept_head GET %s = %d; want 403", path, res.status)
		}
	}
	if res := head.upload("/people/import", "ds.xlsx", staffBook(t, []any{"X", "VP", "Nam"})); res.status != http.StatusForbidden {
		t.Errorf("dept_head upload = %d; want 403", res.status)
	}
	for _, path := range []string{preview + "/apply", preview + "/cancel"} {
		if res := head.post(path, nil); res.status != http.StatusForbidden {
			t.Errorf("dept_head POST %s = %d; want 403", path, res.status)
		}
	}

	// Another admin cannot see or act on this admin's import.
	hash, err := auth.HashPassword("demo-tdkt-2025")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.CreateUser(ctx, store.Actor{RequestID: "test"}, store.NewUser{Username: "quantri2", DisplayName: "Quản trị 2",
		PasswordHash: hash, Roles: auth.RoleSet{auth.Admin}}); err != nil {
		t.Fatal(err)
	}
	other := e.login("quantri2")
	if res := other.get(preview); res.status != http.StatusNotFound || res.has("Nguyễn Thị Nhập Một") {
		t.Errorf("another admin GET preview = %d; want 404 without the rows", res.status)
	}
	for _, path := range []string{preview + "/apply", preview + "/cancel"} {
		if res := other.post(path, nil); res.status != http.StatusNotFound {
			t.Errorf("another admin POST %s = %d; want 404", path, res.status)
		}
	}
	if got := e.count(`SELECT count(*) FROM people`); got != people {
		t.Errorf("people = %d; want %d", got, people)
	}
	if got := e.count(`SELECT count(*) FROM imports WHERE status = 'preview'`); got != 1 {
		t.Errorf("imports in preview = %d; want the admin's one untouched", got)
	}
	for _, path := range []string{"/people/import/abc", "/people/import/0", "/people/import/999999"} {
		if res := admin.get(path); res.status != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", path, res.status)
		}
	}
}
