package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// reportAccess lists the summary's routes for TestRouteAccessMatrix:
// leadership (not a test client) and the office.
var reportAccess = map[string]access{
	"GET /reports":                          office,
	"GET /reports/{year}":                   office,
	"GET /reports/{year}/dossiers":          office,
	"GET /reports/{year}/{table}.xlsx":      office,
	"GET /reports/{year}/forms/{form}.xlsx": office,
}

// TestReports: leadership reads the annual summary with charts and tables,
// downloads every table, follows a drill-down; a department head is
// refused; malformed years, tables and filters are 404s, never 500s.
func TestReports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	gd := e.login("giamdoc") // Giám đốc: leader and chair

	res := gd.get("/reports")
	if res.status != http.StatusSeeOther || !regexp.MustCompile(`^/reports/\d{4}$`).MatchString(res.header.Get("Location")) {
		t.Fatalf("/reports = %d %q; want 303 to a year", res.status, res.header.Get("Location"))
	}
	res = gd.get("/reports/2025")
	if res.status != http.StatusOK {
		t.Fatalf("/reports/2025 = %d\n%s", res.status, res.body)
	}
	for _, want := range []string{"Báo cáo tổng kết công tác thi đua, khen thưởng năm 2025", `role="img"`, `aria-labelledby="chart-overview-t chart-overview-d"`,
		"Qua các năm", "Phong trào thi đua", "Đăng ký thi đua và kết quả", "Hồ sơ và đề nghị khen thưởng", "Khen thưởng", "Khối, Cụm thi đua",
		"Năm 2021", "Đăng ký và đạt", "Đạt nhưng không đăng ký", "trực tiếp thực hiện nhiệm vụ", `href="/reports/2025/dossiers?state=submitted"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("/reports/2025 lacks %q", want)
		}
	}
	// Every table downloads; the awards total matches the history.
	tables := regexp.MustCompile(`href="(/reports/2025/([a-z-]+)\.xlsx)"`).FindAllStringSubmatch(res.body, -1)
	if len(tables) < 6 {
		t.Fatalf("%d tables to download; want at least 6", len(tables))
	}
	var awards int64
	if err := e.Pool.QueryRow(ctx, `SELECT count(*) FROM award_history WHERE year = 2025`).Scan(&awards); err != nil {
		t.Fatal(err)
	}
	for _, m := range tables {
		x := gd.get(m[1])
		if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Disposition"), "bao-cao-2025-"+m[2]+".xlsx") {
			t.Errorf("%s = %d %q", m[1], x.status, x.header.Get("Content-Disposition"))
			continue
		}
		f, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Errorf("%s: %v", m[1], err)
			continue
		}
		rows, err := f.GetRows("Báo cáo")
		f.Close()
		if err != nil || len(rows) < 6 || rows[0][0] != "Sở Tài chính tỉnh Tây Ninh" || !strings.Contains(rows[2][0], "năm 2025") {
			t.Errorf("%s: rows %q, %v", m[1], rows, err)
			continue
		}
		if m[2] == "award-kinds" {
			last := rows[len(rows)-1]
			if last[0] != "Cộng" || last[1] != strconv.FormatInt(awards, 10) {
				t.Errorf("award-kinds total row = %q; want %d awards", last, awards)
			}
		}
	}
	if awards == 0 {
		t.Error("the demo has no awards in 2025: the test proves little")
	}

	// The statistical forms: code, units, period, signature blocks; the
	// internal form's total is the year's awards.
	for _, form := range []string{"0601", "0602", "0603", "0604", "0605", "noi-bo"} {
		x := gd.get("/reports/2025/forms/" + form + ".xlsx")
		if x.status != http.StatusOK {
			t.Errorf("form %s = %d", form, x.status)
			continue
		}
		f, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Errorf("form %s: %v", form, err)
			continue
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		f.Close()
		all := ""
		for _, r := range rows {
			all += strings.Join(r, "|") + "\n"
		}
		for _, want := range []string{"Biểu số: ", "02/2023/TT-BNV", "Đơn vị báo cáo: Sở Tài chính tỉnh Tây Ninh", "Đơn vị nhận báo cáo:",
			"Năm 2025", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu, ghi rõ họ tên)"} {
			if err != nil || !strings.Contains(all, want) {
				t.Errorf("form %s lacks %q (%v):\n%s", form, want, err, all)
			}
		}
		if form == "noi-bo" && !strings.Contains(all, "Tổng số lượt khen thưởng|01|"+strconv.FormatInt(awards, 10)) {
			t.Errorf("internal form: total is not %d:\n%s", awards, all)
		}
	}
	if res := gd.get("/reports/2025/forms/0699.xlsx"); res.status != http.StatusNotFound {
		t.Errorf("an unknown form = %d; want 404", res.status)
	}

	// Drill-down: the demo's submitted dossier.
	res = gd.get("/reports/2025/dossiers?state=submitted")
	if res.status != http.StatusOK || !strings.Contains(res.body, `data-testid="report-dossiers"`) || !strings.Contains(res.body, "Đã nộp, chờ tiếp nhận") {
		t.Errorf("drill-down = %d\n%s", res.status, res.body)
	}
	for _, p := range []string{"/reports/20x5", "/reports/1999", "/reports/2025/nope.xlsx", "/reports/2025/dossiers?state=bogus",
		"/reports/2025/dossiers?unit=x", "/reports/2025/dossiers?unit=-1"} {
		if res := gd.get(p); res.status != http.StatusNotFound {
			t.Errorf("%s = %d; want 404", p, res.status)
		}
	}
	if res := gd.get("/reports/2025/dossiers?unit=9223372036854775807"); res.status != http.StatusOK || !strings.Contains(res.body, "Không có hồ sơ nào") {
		t.Errorf("a unit id past int4 = %d; want an empty list", res.status)
	}
	if res := gd.get("/reports/2019"); res.status != http.StatusOK || !strings.Contains(res.body, "chưa có số liệu") {
		t.Errorf("an empty year = %d; want 200 with empty tables", res.status)
	}

	// Leadership's home: this year at a glance, linking into the summary.
	for _, user := range []string{"giamdoc", "lanhdao"} {
		res := e.login(user).get("/")
		if res.status != http.StatusOK || !strings.Contains(res.body, "hồ sơ chờ Hội đồng xét") || !strings.Contains(res.body, `href="/reports/`) {
			t.Errorf("home of %s = %d; want the year's figures with links to the summary", user, res.status)
		}
	}
	// The office reads it too; a department head does not.
	if res := e.login("vanphong").get("/reports/2025"); res.status != http.StatusOK {
		t.Errorf("office: %d", res.status)
	}
	head := e.login("tp.ngansach")
	for _, p := range []string{"/reports", "/reports/2025", "/reports/2025/awards.xlsx", "/reports/2025/dossiers"} {
		if res := head.get(p); res.status != http.StatusForbidden {
			t.Errorf("department head %s = %d; want 403", p, res.status)
		}
	}
	if res := head.get("/"); strings.Contains(res.body, `href="/reports`) {
		t.Error("a department head's menu links to the summary")
	}
}

// TestBrowserReports: axe-core finds nothing on the summary and its
// drill-down, which fit a phone without horizontal scrolling.
func TestBrowserReports(t *testing.T) {
	t.Parallel()
	src := needAxe(t)
	e := newEnv(t)
	ctx := newTab(t)
	browserLogin(t, ctx, e, "giamdoc")
	for _, p := range []string{"/", "/reports/2025/dossiers?state=submitted", "/reports/2025"} {
		visit(t, ctx, e, p)
		checkAxe(t, ctx, src, p)
	}
	screenshot(t, ctx, "axe-reports")
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(360, 740))
	visit(t, ctx, e, "/reports/2025")
	noHorizontalScroll(t, ctx, "/reports/2025")
}
