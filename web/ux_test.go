package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/award"
	"tdkt/internal/calendar"
)

// From 2026 the sheet takes points (NĐ 335/2025): the level follows, bad
// numbers say what to write.
func TestScoredRatingSheet(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ns := unitOf(t, e, "tp.ngansach")
	c := e.login("tp.ngansach")
	res := c.get("/ratings/2026")
	if res.status != http.StatusOK || !res.has("Nghị định 335/2025/NĐ-CP") || res.has(`name="r_`) {
		t.Fatalf("GET /ratings/2026 = %d; want the points sheet", res.status)
	}
	if res := c.get("/ratings/2025"); !res.has(`name="r_`) || res.has(`name="g_`) {
		t.Error("2025 keeps the level-only sheet")
	}
	sh, err := e.Store.RatingSheet(context.Background(), ns, 2026)
	if err != nil || len(sh.Rows) < 2 {
		t.Fatalf("sheet: %v", err)
	}
	form := func(set map[int64][3]string) url.Values {
		f := url.Values{"unit_id": {fmt.Sprint(ns)}}
		for _, r := range sh.Rows {
			k := fmt.Sprint(r.PersonID)
			f.Add("p", k)
			f.Set("v_"+k, "0")
			if v, ok := set[r.PersonID]; ok {
				f.Set("g_"+k, v[0])
				f.Set("t_"+k, v[1])
				f.Set("k_"+k, v[2])
			}
		}
		return f
	}
	a, b := sh.Rows[0].PersonID, sh.Rows[1].PersonID
	for _, tc := range []struct {
		g, tk, want string
	}{
		{"28.5", "60", "Điểm tiêu chí chung: dùng dấu phẩy cho phần thập phân: viết 28,5 thay cho 28.5."},
		{"-2", "60", "Điểm tiêu chí chung phải từ 0 đến 30."},
		{"25", "75", "Điểm kết quả thực hiện nhiệm vụ phải từ 0 đến 70."},
		{"25", "", "Nhập cả điểm tiêu chí chung"},
	} {
		res := c.post("/ratings/2026", form(map[int64][3]string{a: {tc.g, tc.tk, ""}}))
		if res.status != http.StatusUnprocessableEntity || !res.has(tc.want) || !res.has(`value="`+tc.g+`"`) {
			t.Errorf("points %q + %q = %d; want 422 with %q", tc.g, tc.tk, res.status, tc.want)
		}
	}
	res = c.post("/ratings/2026", form(map[int64][3]string{a: {"28,5", "62", ""}, b: {"29", "65", string(award.KHTDiscipline)}}))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save points = %d\n%s", res.status, res.body)
	}
	h, err := e.Store.HistoriesOf(context.Background(), []int64{a, b}, 2026)
	if err != nil || h[a].Rating(2026) != award.HTXS || h[b].Rating(2026) != award.KHT {
		t.Errorf("levels = %q, %q; want htxs (90,5 points) and kht (listed case)", h[a].Rating(2026), h[b].Rating(2026))
	}
	res = c.get("/ratings/2026")
	if !res.has("90,5") || !res.has("Hoàn thành xuất sắc nhiệm vụ") {
		t.Error("the sheet does not show the total and level")
	}
}

// A year whose days off are not confirmed shows the proposal; the office
// confirms it.
func TestHolidayYearConfirm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	res := office.get("/admin/holidays?year=2027")
	tet := calendar.Tet(2027).Format("02/01/2006")
	if res.status != http.StatusOK || !res.has(`data-testid="holiday-year-proposed"`) || !res.has(tet) || !res.has("Đề xuất") {
		t.Fatalf("GET 2027 = %d; want the proposal with Tết %s", res.status, tet)
	}
	if res := office.get("/admin/holidays?year=2026"); !res.has(`data-testid="holiday-year-confirmed"`) || res.has("Đề xuất") {
		t.Error("2026 is confirmed")
	}
	if res := office.post("/admin/holidays/2027/confirm", url.Values{}); res.status != http.StatusSeeOther {
		t.Fatalf("confirm = %d", res.status)
	}
	res = office.get("/admin/holidays?year=2027")
	if !res.has(`data-testid="holiday-year-confirmed"`) || res.has("Đề xuất") || !res.has(tet) {
		t.Error("2027 is not shown as confirmed with its days")
	}
	if res := office.post("/admin/holidays/20x7/confirm", url.Values{}); res.status != http.StatusNotFound {
		t.Errorf("bad year = %d; want 404", res.status)
	}
	if res := e.login("tp.ngansach").post("/admin/holidays/2028/confirm", url.Values{}); res.status != http.StatusForbidden && res.status != http.StatusNotFound {
		t.Errorf("a department head confirms = %d", res.status)
	}
}

// A date that does not exist says so; a recognition date cannot be in
// the future.
func TestDateMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	var id int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT id FROM people WHERE active ORDER BY id LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/people/%d/history/initiatives", id)
	tomorrow := time.Now().In(time.FixedZone("ICT", 7*3600)).AddDate(0, 0, 2).Format("02/01/2006")
	for date, want := range map[string]string{
		"31/02/2025": "Ngày công nhận: ngày 31/02/2025 không tồn tại (tháng 2 năm 2025 có 28 ngày).",
		tomorrow:     "Ngày công nhận không được sau hôm nay",
	} {
		res := office.post(path, url.Values{"title": {"Sáng kiến thử"}, "scope": {string(award.ScopeBase)}, "recognised_on": {date}})
		if res.status != http.StatusUnprocessableEntity || !res.has(want) {
			t.Errorf("recognised_on %s = %d; want 422 with %q", date, res.status, want)
		}
	}
}

// The 2026 file takes points: numbers or text with a decimal comma; bad
// points are listed, nothing is saved before the user saves the form.
func TestScoredRatingsImport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("tp.ngansach")
	res := c.get("/ratings/2026/sheet.xlsx")
	if res.status != http.StatusOK {
		t.Fatalf("sheet.xlsx = %d", res.status)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sheet1")
	if len(rows) < 3 || len(rows[0]) < 6 || rows[0][3] != "Tiêu chí chung (tối đa 30)" {
		t.Fatalf("2026 sheet header = %v", rows[0])
	}
	f.SetCellValue("Sheet1", "D2", 28.5)
	f.SetCellValue("Sheet1", "E2", 62)
	f.SetCellValue("Sheet1", "D3", -2)
	f.SetCellValue("Sheet1", "E3", "60")
	var buf strings.Builder
	f.WriteTo(&buf)
	before := e.count(`SELECT count(*) FROM events`)
	res = c.upload("/ratings/2026/import", "diem.xlsx", []byte(buf.String()))
	if res.status != http.StatusOK || !res.has(`data-testid="import-preview"`) || !res.has(`value="28,5"`) {
		t.Fatalf("import preview = %d\n%s", res.status, res.body)
	}
	if !res.has("điểm tiêu chí chung phải từ 0 đến 30.") {
		t.Error("the preview does not say the points must be from 0 to 30")
	}
	if n := e.count(`SELECT count(*) FROM events`); n != before {
		t.Error("a preview wrote something")
	}
}

// A year nobody is rated in shows one message, not a row per person.
func TestEligibilityWithoutRatings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	res := e.login("vanphong").get("/eligibility?year=2026&award=ldtt")
	if res.status != http.StatusOK || !res.has(`data-testid="no-ratings"`) || res.has(`data-testid="eligibility"`) {
		t.Errorf("eligibility 2026 = %d; want the single no-ratings message\n%s", res.status, res.body)
	}
	if res := e.login("vanphong").get("/eligibility?year=2025&award=ldtt"); !res.has(`data-testid="eligibility"`) {
		t.Error("eligibility 2025 lists people")
	}
}

// Printable pages have a print button (shown by the script, never printed).
func TestPrintButtons(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("vanphong")
	for _, p := range []string{"/ratings/2025", "/eligibility?year=2025&award=ldtt"} {
		if res := c.get(p); !res.has(`data-print`) {
			t.Errorf("%s has no print button", p)
		}
	}
}

// Locking a year's ratings asks first, saying what is still missing.
func TestRatingsLockConfirm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	o := e.login("vanphong")
	res := o.get("/ratings/2026/lock")
	if res.status != http.StatusOK || !res.has("Khoá kết quả xếp loại năm 2026?") || !res.has("chưa xếp loại đủ người") || !res.has(`action="/ratings/2026/lock"`) {
		t.Errorf("lock confirmation = %d\n%s", res.status, res.body)
	}
	if res := o.get("/ratings/2026"); !res.has(`href="/ratings/2026/lock"`) {
		t.Error("the overview does not lead to the confirmation")
	}
	if res := e.login("tp.ngansach").get("/ratings/2026/lock"); res.status != http.StatusForbidden {
		t.Errorf("a department head's lock confirmation = %d; want 403", res.status)
	}
}
