package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tdkt/internal/org"
	"tdkt/internal/store"
)

// TestUnitMerge: the office merges a department into another; its people
// move, it stops, and the audit trail shows each move and the merge.
func TestUnitMerge(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("vanphong")
	from, into := unitNamed(t, e, "Phòng Kế hoạch tổng hợp"), unitNamed(t, e, "Phòng Quản lý ngân sách")
	path := fmt.Sprintf("/units/%d/merge", from.ID)

	page := c.get(path)
	if page.status != http.StatusOK || !page.has("Sáp nhập “Phòng Kế hoạch tổng hợp” vào đơn vị khác") || page.has(fmt.Sprintf(`<option value="%d"`, from.ID)) {
		t.Fatalf("merge page = %d; want 200 without the unit itself among the targets", page.status)
	}
	version := fmt.Sprint(from.Version)
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"version": {version}, "reason": {"Sắp xếp tổ chức"}}, "Chọn đơn vị sẽ nhận người"},
		{url.Values{"version": {version}, "into": {fmt.Sprint(from.ID)}, "reason": {"Sắp xếp tổ chức"}}, "Chọn đơn vị sẽ nhận người"},
		{url.Values{"version": {version}, "into": {fmt.Sprint(into.ID)}}, "Nhập lý do"},
	} {
		if res := c.post(path, tc.form); res.status != http.StatusUnprocessableEntity || !res.has(tc.want) {
			t.Errorf("merge %v = %d; want 422 with %q", tc.form, res.status, tc.want)
		}
	}
	res := c.post(path, url.Values{"version": {version}, "into": {fmt.Sprint(into.ID)}, "reason": {"Quyết định 15/QĐ-UBND"}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != fmt.Sprintf("/units/%d", into.ID) {
		t.Fatalf("merge = %d %q; want 303 to the receiving unit", res.status, res.header.Get("Location"))
	}
	if res := c.get(res.header.Get("Location")); !res.has(fmt.Sprintf("chuyển %d người sang", from.People)) {
		t.Errorf("no flash with the number of people moved (%d)", from.People)
	}
	after, _ := e.Store.Unit(ctx, from.ID)
	grown, _ := e.Store.Unit(ctx, into.ID)
	if after.Active || after.People != 0 || grown.People != into.People+from.People {
		t.Errorf("after merge: from active=%v people=%d, into people=%d; want inactive, 0, %d", after.Active, after.People, grown.People, into.People+from.People)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE action = 'person.move' AND reason = 'Quyết định 15/QĐ-UBND'`); n != from.People {
		t.Errorf("person.move events = %d; want %d", n, from.People)
	}
	if audit := e.login("admin").get(fmt.Sprintf("/audit?type=unit&id=%d", from.ID)); !audit.has("Sáp nhập đơn vị") || !audit.has("Sáp nhập vào: (trống) → Phòng Quản lý ngân sách") {
		t.Error("the audit trail does not show the merge and its target")
	}
	// A merged unit cannot be merged again, and the old form is stale.
	if res := c.get(path); res.status != http.StatusConflict {
		t.Errorf("merge page of a merged unit = %d; want 409", res.status)
	}
	if res := c.post(path, url.Values{"version": {version}, "into": {fmt.Sprint(into.ID)}, "reason": {"lần nữa"}}); res.status != http.StatusConflict {
		t.Errorf("second merge = %d; want 409", res.status)
	}
}

func unitNamed(t *testing.T, e *env, name string) org.Unit {
	t.Helper()
	units, err := e.Store.ListUnits(context.Background(), store.UnitFilter{Headcount: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q", name)
	return org.Unit{}
}

// TestUnitsPaged: the units list shows 50 units a page, sorted across the
// pages, with links that keep the sort and the filter.
func TestUnitsPaged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.Pool.Exec(context.Background(), `INSERT INTO units (name, short_name, kind, sort_order)
		SELECT 'Đơn vị phân trang ' || lpad(g::text, 3, '0'), 'PT' || g, 'affiliated', 500 + g
		FROM generate_series(1, 70) g`); err != nil {
		t.Fatal(err)
	}
	total := e.count(`SELECT count(*) FROM units WHERE active`)
	c := e.login("vanphong")
	rowRe := regexp.MustCompile(`<td data-label="Tên đơn vị"><a href="/units/(\d+)">`)
	first := c.get("/units?sort=-name")
	expect(t, "first page", first, http.StatusOK)
	if n := len(rowRe.FindAllString(first.body, -1)); n != 50 {
		t.Errorf("first page shows %d units; want 50", n)
	}
	if !first.has(fmt.Sprintf("%d đơn vị, trang 1/2", total)) || !first.has(`href="/units?page=2&amp;sort=-name" rel="next"`) || first.has(`rel="prev"`) {
		t.Errorf("first page's summary or links\n%s", first.body)
	}
	second := c.get("/units?page=2&sort=-name")
	if n := len(rowRe.FindAllString(second.body, -1)); n != total-50 || !second.has(`href="/units?sort=-name" rel="prev"`) || second.has(`rel="next"`) {
		t.Errorf("second page shows %d units; want %d, with a link back\n%s", n, total-50, second.body)
	}
	// Descending names: the first page starts with the last name.
	if i, j := strings.Index(first.body, "Đơn vị phân trang 070"), strings.Index(first.body, "Đơn vị phân trang 069"); i < 0 || j < 0 || i > j {
		t.Error("the sort does not run across the pages")
	}
	for _, p := range []string{"/units?page=99", "/units?page=-1", "/units?page=x"} {
		expect(t, p, c.get(p), http.StatusOK)
	}
	if res := c.get("/units?page=99"); !res.has("trang 2/2") {
		t.Error("a page past the end does not show the last one")
	}
}
