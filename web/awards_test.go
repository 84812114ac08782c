package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/award"
	"tdkt/internal/store"
)

// sheetForm is the posted rating sheet with every person set by set.
func sheetForm(t *testing.T, e *env, unit int64, year int, set func(name string) string) url.Values {
	t.Helper()
	sh, err := e.Store.RatingSheet(context.Background(), unit, year)
	if err != nil {
		t.Fatal(err)
	}
	f := url.Values{"unit_id": {fmt.Sprint(unit)}}
	for _, r := range sh.Rows {
		k := fmt.Sprint(r.PersonID)
		f.Add("p", k)
		f.Set("v_"+k, fmt.Sprint(r.Version))
		v := string(r.Rating)
		if set != nil {
			v = set(r.FullName)
		}
		f.Set("r_"+k, v)
	}
	return f
}

func TestRatingsDeptHead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ns, dt := unitOf(t, e, "tp.ngansach"), unitOf(t, e, "tp.dautu")
	c := e.login("tp.ngansach")
	res := c.get("/ratings/2025")
	if res.status != http.StatusOK || !res.has("Phòng Quản lý ngân sách") || !res.has(`data-testid="rating-sheet"`) || !res.has("Đặng Văn Khoa") {
		t.Fatalf("GET /ratings/2025 = %d; want her unit's sheet", res.status)
	}
	if res.has("Nguyễn Thị Thúy Vy") {
		t.Error("the sheet shows another unit's staff")
	}
	// Another unit's sheet: the same 404 as a missing one.
	for _, p := range []string{fmt.Sprintf("/ratings/2025?unit=%d", dt), "/ratings/2025?unit=999999", "/ratings/abc", "/ratings/1999"} {
		if res := c.get(p); res.status != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", p, res.status)
		}
	}
	if res := c.post("/ratings/2025", sheetForm(t, e, dt, 2025, func(string) string { return "kht" })); res.status != http.StatusNotFound {
		t.Errorf("POST another unit's sheet = %d; want 404", res.status)
	}
	// Save: Lê Thị Ngọc Ánh becomes HTXS.
	form := sheetForm(t, e, ns, 2025, func(n string) string {
		if n == "Lê Thị Ngọc Ánh" {
			return "htxs"
		}
		return ""
	})
	stale := sheetForm(t, e, ns, 2025, nil)
	for k := range form {
		if strings.HasPrefix(k, "r_") && form.Get(k) == "" {
			form.Set(k, stale.Get(k))
		}
	}
	if res := c.post("/ratings/2025", form); res.status != http.StatusSeeOther {
		t.Fatalf("POST /ratings/2025 = %d; want 303\n%s", res.status, res.body)
	}
	hs, _ := e.Store.Candidates(context.Background(), ns)
	var anh int64
	for _, p := range hs {
		if p.Name == "Lê Thị Ngọc Ánh" {
			anh = p.ID
		}
	}
	if h, _ := e.Store.HistoriesOf(context.Background(), []int64{anh}, 2025); h[anh].Rating(2025) != award.HTXS {
		t.Errorf("rating after save = %q; want htxs", h[anh].Rating(2025))
	}
	// The same form again (stale versions): 409, the user's choices kept.
	form.Set("r_"+fmt.Sprint(anh), "htnv")
	res = c.post("/ratings/2025", form)
	if res.status != http.StatusConflict || !res.has("Người khác vừa lưu") || !res.has(`<option value="htnv" selected>`) {
		t.Errorf("stale POST = %d; want 409 keeping input\n%s", res.status, res.body)
	}
	// A value outside the list: 422, nothing saved.
	bad := sheetForm(t, e, ns, 2025, nil)
	bad.Set("r_"+fmt.Sprint(anh), "xuat-sac")
	if res := c.post("/ratings/2025", bad); res.status != http.StatusUnprocessableEntity || !res.has("Chọn một kết quả xếp loại") {
		t.Errorf("bad rating = %d; want 422", res.status)
	}
	// 2024 is locked: read-only page, refused save (R30).
	res = c.get("/ratings/2024")
	if !res.has(`data-testid="locked"`) || res.has(`name="p"`) || res.has("save-ratings") {
		t.Error("locked year 2024 is not read-only")
	}
	if res := c.post("/ratings/2024", sheetForm(t, e, ns, 2024, func(string) string { return "htxs" })); res.status != http.StatusConflict || !res.has("đã được khoá") {
		t.Errorf("POST to a locked year = %d; want 409 locked", res.status)
	}
	// Department heads cannot lock.
	if res := c.post("/ratings/2025/lock", url.Values{"version": {"0"}}); res.status != http.StatusForbidden {
		t.Errorf("dept head lock = %d; want 403", res.status)
	}
}

func TestRatingsOffice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ns := unitOf(t, e, "tp.ngansach")
	o := e.login("vanphong")
	res := o.get("/ratings/2025")
	if res.status != http.StatusOK || !res.has(`data-testid="rating-overview"`) || !res.has("Phòng Tài chính đầu tư") {
		t.Fatalf("office overview = %d", res.status)
	}
	if res := o.get(fmt.Sprintf("/ratings/2025?unit=%d", ns)); !res.has("Đặng Văn Khoa") {
		t.Error("office cannot open a unit's sheet")
	}
	// Lock 2025; a second lock from the same (stale) page is a 409.
	if res := o.post("/ratings/2025/lock", url.Values{"version": {"0"}}); res.status != http.StatusSeeOther {
		t.Fatalf("lock = %d", res.status)
	}
	if res := o.post("/ratings/2025/lock", url.Values{"version": {"0"}}); res.status != http.StatusConflict {
		t.Errorf("second lock = %d; want 409", res.status)
	}
	d := e.login("tp.ngansach")
	if res := d.post("/ratings/2025", sheetForm(t, e, ns, 2025, func(string) string { return "htt" })); res.status != http.StatusConflict {
		t.Errorf("save after lock = %d; want 409", res.status)
	}
	// Unlock needs a reason.
	if res := o.post("/ratings/2025/unlock", url.Values{"version": {"1"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("unlock without reason = %d; want 422", res.status)
	}
	if res := o.post("/ratings/2025/unlock", url.Values{"version": {"1"}, "reason": {"Bổ sung người mới chuyển đến"}}); res.status != http.StatusSeeOther {
		t.Errorf("unlock = %d", res.status)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE action = 'ratings.unlock' AND reason <> ''`); n != 1 {
		t.Errorf("unlock events = %d; want 1", n)
	}
}

func TestEligibilityPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dt := unitOf(t, e, "tp.dautu")
	c := e.login("tp.ngansach")
	res := c.get("/eligibility?year=2025&award=cstd_co_so")
	if res.status != http.StatusOK {
		t.Fatalf("GET /eligibility = %d", res.status)
	}
	row := func(name string) string {
		start := strings.Index(res.body, `data-testid="eligibility"`)
		i := strings.Index(res.body[max(start, 0):], name) + max(start, 0)
		if start < 0 || i < start {
			t.Fatalf("%s missing from the page", name)
		}
		j := strings.Index(res.body[i:], "</tr>")
		return res.body[i : i+j]
	}
	if r := row("Đặng Văn Khoa"); !strings.Contains(r, "Đủ điều kiện") {
		t.Errorf("Đặng Văn Khoa: %s", r)
	}
	if r := row("Đỗ Quốc Bảo"); !strings.Contains(r, "Chưa đủ điều kiện") || !strings.Contains(r, "đã được dùng làm căn cứ") {
		t.Errorf("Đỗ Quốc Bảo (reused initiative): %s", r)
	}
	if r := row("Huỳnh Thanh Bình"); !strings.Contains(r, "Tạm dừng xét") {
		t.Errorf("Huỳnh Thanh Bình (open complaint): %s", r)
	}
	if res.has("Nguyễn Thị Thúy Vy") {
		t.Error("a department head sees another unit's people")
	}
	if res := c.get(fmt.Sprintf("/eligibility?unit=%d", dt)); res.status != http.StatusNotFound {
		t.Errorf("another unit = %d; want 404", res.status)
	}
	res = c.get("/eligibility?year=2025&award=cstd_tinh")
	if r := row("Đặng Văn Khoa"); !strings.Contains(r, "Đủ điều kiện") || !strings.Contains(r, "3 năm liên tục") {
		t.Errorf("CSTĐ tỉnh for Đặng Văn Khoa: %s", r)
	}
	res = c.get("/eligibility?year=2025&award=bang_khen_ubnd_tinh")
	if r := row("Bùi Thị Kim Ngân"); !strings.Contains(r, "Chưa đủ điều kiện") {
		t.Errorf("BK tỉnh with a streak break: %s", r)
	}
	if r := row("Trần Thị Mai Phương"); !strings.Contains(r, "Đủ điều kiện") {
		t.Errorf("BK tỉnh for Trần Thị Mai Phương: %s", r)
	}
	res = c.get("/eligibility?year=2025&award=tap_the_ldtt")
	if !res.has("Phòng Quản lý ngân sách") || res.has("Phòng Tài chính đầu tư") {
		t.Error("collective eligibility is not scoped to her unit")
	}
	for _, p := range []string{"/eligibility?award=nope", "/eligibility?year=abc"} {
		if res := c.get(p); res.status != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", p, res.status)
		}
	}
	o := e.login("vanphong")
	res = o.get("/eligibility?year=2025&award=ldtt")
	if !res.has("Nguyễn Thị Thúy Vy") || !res.has("Đặng Văn Khoa") {
		t.Error("office does not see the whole Sở")
	}
	res = o.get("/eligibility?year=2025&award=ldtt&show=on_hold")
	if !res.has("Huỳnh Thanh Bình") || res.has("Đặng Văn Khoa") {
		t.Error("filter by outcome")
	}
}

func TestPersonHistory(t *testing.T) {
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
	base := fmt.Sprintf("/people/%d/history", id)
	o := e.login("vanphong")
	// The person page shows the timeline itself, with the way to the forms.
	res := o.get(fmt.Sprintf("/people/%d", id))
	if res.status != http.StatusOK || !res.has(`data-testid="person-history"`) || !res.has(`data-testid="history-timeline"`) || !res.has(base) {
		t.Fatalf("person page = %d: no history timeline", res.status)
	}
	for _, want := range []string{"Năm 2025", "Năm 2024", "Lao động tiên tiến", "Công trạng", "Xếp loại: ", "Ngày tuyển dụng"} {
		if !res.has(want) {
			t.Errorf("person page lacks %q", want)
		}
	}
	if strings.Contains(res.body, "history-award-form") {
		t.Error("the person page carries the entry forms")
	}
	if res := o.get("/people/999999"); res.status != http.StatusNotFound {
		t.Errorf("missing person = %d; want 404", res.status)
	}
	// The unit's head reads the page, without the way to the entry forms
	// (TestHeadOpensOwnPeople covers another unit's people).
	if res := e.login("tp.ngansach").get(fmt.Sprintf("/people/%d", id)); res.status != http.StatusOK || res.has(base) {
		t.Errorf("dept head person page = %d (history form link: %v); want 200 read only", res.status, res.has(base))
	}
	res = o.get(base)
	if res.status != http.StatusOK || !res.has(`data-testid="history-timeline"`) || !res.has("Năm 2025") || !res.has("Lao động tiên tiến") {
		t.Fatalf("history page = %d", res.status)
	}
	sub := strings.Repeat("ab", 16)
	form := url.Values{"year": {"2025"}, "code": {"giay_khen_giam_doc"}, "kind": {"ad_hoc"}, "decision_no": {"12/QĐ-STC"},
		"decision_date": {"05/09/2025"}, "submission_id": {sub}}
	before := e.count(`SELECT count(*) FROM award_history`)
	for range 2 { // a double click records one
		if res := o.post(base+"/awards", form); res.status != http.StatusSeeOther {
			t.Fatalf("add award = %d\n%s", res.status, res.body)
		}
	}
	if n := e.count(`SELECT count(*) FROM award_history`); n != before+1 {
		t.Errorf("award rows = %d; want %d", n, before+1)
	}
	// LĐTT 2024 is already recorded: one achievement, one award (R14).
	res = o.post(base+"/awards", url.Values{"year": {"2024"}, "code": {"ldtt"}, "kind": {"merit"}})
	if res.status != http.StatusUnprocessableEntity || !res.has("chỉ được khen thưởng một lần") || !res.has(`value="2024"`) {
		t.Errorf("duplicate = %d\n%s", res.status, res.body)
	}
	res = o.post(base+"/awards", url.Values{"year": {"20x"}, "code": {"nope"}, "kind": {"x"}, "decision_date": {"31/02/2025"}})
	if res.status != http.StatusUnprocessableEntity || !res.has("Nhập năm") || !res.has("Chọn danh hiệu") {
		t.Errorf("invalid award = %d", res.status)
	}
	// An open inspection puts her on hold; closing it clean resumes.
	if res := o.post(base+"/cases", url.Values{"kind": {"inspection"}, "opened_on": {"01/10/2025"}}); res.status != http.StatusSeeOther {
		t.Fatalf("open case = %d\n%s", res.status, res.body)
	}
	if res := o.get(fmt.Sprintf("/people/%d", id)); !res.has("Đang xem xét") || !res.has("Thanh tra, kiểm tra") {
		t.Error("the person page does not show the open case")
	}
	h, _ := e.Store.PersonHistory(ctx, id)
	ldtt, _ := award.Lookup(award.LDTT)
	rules := award.RulesFor(award.ConsiderationDate(2025))
	if v := award.Evaluate(rules, h, ldtt, 2025); v.Outcome != award.OnHold {
		t.Errorf("after opening a case: %s", v.Outcome)
	}
	caseID := h.Cases[len(h.Cases)-1].ID
	closeURL := fmt.Sprintf("%s/cases/%d/close", base, caseID)
	if res := o.post(closeURL, url.Values{"closed_on": {"01/09/2025"}, "level": {"none"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("close before opening = %d; want 422", res.status)
	}
	if res := o.post(closeURL, url.Values{"closed_on": {"15/10/2025"}, "level": {"none"}}); res.status != http.StatusSeeOther {
		t.Errorf("close = %d", res.status)
	}
	if res := o.post(closeURL, url.Values{"closed_on": {"15/10/2025"}, "level": {"none"}}); res.status != http.StatusConflict {
		t.Errorf("close twice = %d; want 409", res.status)
	}
	// Another person's entry through this person's URL: 404.
	other := people[0].ID
	if other == id {
		other = people[1].ID
	}
	if res := o.post(fmt.Sprintf("/people/%d/history/cases/%d/close", other, caseID), url.Values{"closed_on": {"15/10/2025"}, "level": {"none"}}); res.status != http.StatusNotFound {
		t.Errorf("other person's case = %d; want 404", res.status)
	}
	// Delete an entered award, with confirmation.
	h, _ = e.Store.PersonHistory(ctx, id)
	var gk award.AwardRecord
	for _, a := range h.Awards {
		if a.Code == award.GiayKhen {
			gk = a
		}
	}
	del := fmt.Sprintf("%s/awards/%d/delete", base, gk.ID)
	if res := o.get(del); !res.has("Xoá Giấy khen") {
		t.Errorf("confirm page = %d", res.status)
	}
	if res := o.post(del, nil); res.status != http.StatusSeeOther {
		t.Errorf("delete = %d", res.status)
	}
	if res := o.post(del, nil); res.status != http.StatusNotFound {
		t.Errorf("delete twice = %d; want 404", res.status)
	}
	if res := e.login("tp.ngansach").get(base); res.status != http.StatusForbidden {
		t.Errorf("dept head history page = %d; want 403", res.status)
	}
}

func TestAdminSettingsPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.login("admin")
	res := a.get("/admin/settings")
	if res.status != http.StatusOK || !res.has("Thời hạn thẩm định") || !res.has("2.340.000") {
		t.Fatalf("settings page = %d", res.status)
	}
	if res := a.get("/admin/awards"); !res.has("Chiến sĩ thi đua cơ sở") || !res.has("710.000 đ") {
		t.Error("catalogue page: missing CSTĐ cơ sở or the LĐTT reward 710.000 đ (R37)")
	}
	if res := a.post("/admin/settings", url.Values{"appraisal_days": {"abc"}, "v_appraisal_days": {"0"}, "ttldtt_pct": {"75"}, "v_ttldtt_pct": {"0"}}); res.status != http.StatusUnprocessableEntity || !res.has(`value="abc"`) {
		t.Errorf("invalid = %d; want 422 keeping input", res.status)
	}
	if n := e.count(`SELECT count(*) FROM settings`); n != 0 {
		t.Errorf("an invalid form saved %d settings", n)
	}
	ok := url.Values{"appraisal_days": {"25"}, "v_appraisal_days": {"0"}}
	if res := a.post("/admin/settings", ok); res.status != http.StatusSeeOther {
		t.Fatalf("save = %d\n%s", res.status, res.body)
	}
	st, _ := e.Store.Settings(context.Background())
	if st.AppraisalDays != 25 || st.BaseSalary != 2340000 {
		t.Errorf("settings = %+v", st)
	}
	ok.Set("appraisal_days", "30")
	if res := a.post("/admin/settings", ok); res.status != http.StatusConflict || !res.has(`value="30"`) {
		t.Errorf("stale save = %d; want 409 keeping input", res.status)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE action = 'setting.update'`); n != 1 {
		t.Errorf("setting events = %d; want 1", n)
	}
}

func TestRatingsImport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dt := unitOf(t, e, "tp.dautu")
	c := e.login("tp.ngansach")
	res := c.get("/ratings/2025/sheet.xlsx")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("sheet.xlsx = %d %s", res.status, res.header.Get("Content-Type"))
	}
	if res := c.get(fmt.Sprintf("/ratings/2025/sheet.xlsx?unit=%d", dt)); res.status != http.StatusNotFound {
		t.Errorf("another unit's sheet.xlsx = %d; want 404", res.status)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sheet1")
	for i, row := range rows {
		switch {
		case len(row) > 1 && row[1] == "Lê Thị Ngọc Ánh":
			f.SetCellValue("Sheet1", fmt.Sprintf("D%d", i+1), "Hoàn thành xuất sắc nhiệm vụ")
		case len(row) > 1 && row[1] == "Võ Thị Thanh Hương":
			f.SetCellValue("Sheet1", fmt.Sprintf("D%d", i+1), "Giỏi")
		}
	}
	f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", len(rows)+1), &[]any{"", "Người Lạ", "", "HTT"})
	var buf strings.Builder
	f.WriteTo(&buf)
	before := e.count(`SELECT count(*) FROM events`)
	res = c.upload("/ratings/2025/import", "xep-loai.xlsx", []byte(buf.String()))
	if res.status != http.StatusOK || !res.has(`data-testid="import-preview"`) || !res.has("Từ tệp") {
		t.Fatalf("import preview = %d\n%s", res.status, res.body)
	}
	if !res.has("“Giỏi” không hợp lệ") || !res.has("không tìm thấy “Người Lạ”") {
		t.Error("preview does not list the file's problems")
	}
	if n := e.count(`SELECT count(*) FROM events`); n != before {
		t.Error("a preview wrote something")
	}
	for _, bad := range [][]byte{[]byte("not a workbook"), {}} {
		if res := c.upload("/ratings/2025/import", "x.xlsx", bad); res.status != http.StatusUnprocessableEntity {
			t.Errorf("bad file = %d; want 422", res.status)
		}
	}
	if res := c.upload("/ratings/2024/import", "x.xlsx", []byte(buf.String())); res.status != http.StatusConflict {
		t.Errorf("import into a locked year = %d; want 409", res.status)
	}
}

// TestRequiredDocsEditable: the admin changes an award's required
// documents; the dossiers' checklists follow; bad or stale input is
// refused; the change is in the audit trail.
func TestRequiredDocsEditable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.login("admin")
	res := a.get("/admin/awards/ldtt/docs")
	expect(t, "form", res, http.StatusOK)
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(res.body)
	if m == nil || !res.has(`value="to_trinh" checked`) {
		t.Fatalf("form lacks its version or the catalogue's documents\n%s", res.body)
	}
	expect(t, "unknown award", a.get("/admin/awards/nope/docs"), http.StatusNotFound)
	expect(t, "no tờ trình nor report", a.post("/admin/awards/ldtt/docs", url.Values{"version": {m[1]}, "docs": {"bien_ban_hop_xet"}}), http.StatusUnprocessableEntity)
	expect(t, "an unknown kind only", a.post("/admin/awards/ldtt/docs", url.Values{"version": {m[1]}, "docs": {"nope"}}), http.StatusUnprocessableEntity)
	expect(t, "save", a.post("/admin/awards/ldtt/docs", url.Values{"version": {m[1]}, "docs": {"to_trinh", "bao_cao_thanh_tich"}}), http.StatusSeeOther)
	expect(t, "stale", a.post("/admin/awards/ldtt/docs", url.Values{"version": {m[1]}, "docs": {"to_trinh"}}), http.StatusConflict)
	expect(t, "not the office's", e.login("vanphong").get("/admin/awards/ldtt/docs"), http.StatusForbidden)
	docs, _, err := e.Store.RequiredDocs(context.Background(), award.LDTT)
	if err != nil || len(docs) != 2 || docs[0] != award.DocSubmission || docs[1] != award.DocReport {
		t.Fatalf("stored docs = %v, %v", docs, err)
	}
	// The demo round's LĐTT nomination now needs those two, the ad hoc
	// procedure keeps the law's.
	var dossierID int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT dossier_id FROM nominations WHERE award_code = 'ldtt' LIMIT 1`).Scan(&dossierID); err != nil {
		t.Fatal(err)
	}
	v, err := e.Store.DossierView(context.Background(), store.Scope{All: true}, dossierID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range v.Nominations {
		if n.AwardCode != award.LDTT {
			continue
		}
		if got := n.RequiredDocs(award.Merit); len(got) != 2 {
			t.Errorf("the nomination's checklist = %v; want the stored two", got)
		}
		if got := n.RequiredDocs(award.AdHoc); len(got) != 2 || got[1] != award.DocShortReport {
			t.Errorf("ad hoc checklist = %v", got)
		}
	}
	if res := a.get("/audit?type=award_type"); res.status != http.StatusOK || !res.has("Sửa hồ sơ cần có") {
		t.Errorf("audit trail lacks the change (%d)", res.status)
	}
}
