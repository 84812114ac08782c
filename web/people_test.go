package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tdkt/internal/org"
	"tdkt/internal/staffimport"
	"tdkt/internal/store"
)

// TestPeoplePaging walks the people list page by page, forward and back,
// and past its end.
func TestPeoplePaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	units, _ := e.Store.ListUnits(ctx, store.UnitFilter{})
	for i := range 70 {
		p := org.Person{UnitID: units[0].ID, FullName: fmt.Sprintf("Trương Thị Phân Trang %02d", i), Gender: org.Female, Employment: org.CivilServant}
		if _, err := e.Store.CreatePerson(ctx, store.Actor{}, p); err != nil {
			t.Fatal(err)
		}
	}
	c := e.login("admin")
	res := c.get("/people?q=phan+trang")
	if res.status != http.StatusOK || !res.has("Tìm thấy 70 người.") || strings.Count(res.body, "Phân Trang") != 50 || !res.has(`data-testid="page-next"`) || res.has(`data-testid="page-prev"`) {
		t.Fatalf("first page = %d; want 50 of 70 with a next link only", res.status)
	}
	next := href(res.body, "page-next")
	res = c.get(next)
	if strings.Count(res.body, "Phân Trang") != 20 || !res.has("Phân Trang 69") || res.has(`data-testid="page-next"`) || !res.has(`data-testid="page-prev"`) {
		t.Fatalf("second page: want the last 20 with a previous link only\n%s", res.body)
	}
	res = c.get(href(res.body, "page-prev"))
	if strings.Count(res.body, "Phân Trang") != 50 || !res.has("Phân Trang 00") || res.has(`data-testid="page-prev"`) {
		t.Errorf("back to the first page: want 50 starting at 00, without a previous link")
	}
	// Past the end: the last person as cursor.
	last, _ := e.Store.ListPeople(ctx, store.PeopleFilter{Limit: 500})
	res = c.get(fmt.Sprintf("/people?after=%d", last.People[len(last.People)-1].ID))
	if res.status != http.StatusOK || !res.has("Về trang đầu") {
		t.Errorf("page past the end = %d; want 200 with a link to the first page", res.status)
	}
	for _, bad := range []string{"/people?after=abc", "/people?before=-3", "/people?after=99999999"} {
		if res := c.get(bad); res.status != http.StatusOK {
			t.Errorf("GET %s = %d; want 200", bad, res.status)
		}
	}
}

// href returns the unescaped href of the link with data-testid id.
func href(body, id string) string {
	i := strings.Index(body, `data-testid="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
	end := strings.Index(body[start:], `"`)
	return strings.ReplaceAll(body[start:start+end], "&amp;", "&")
}

// TestPeopleExport: the office downloads the list as filtered; the file has
// the import's columns and reads back without errors, and uploading it
// again adds no one.
func TestPeopleExport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("vanphong")
	list := c.get("/people")
	if !list.has(`href="/people/export.xlsx"`) {
		t.Fatal("the people list has no export link")
	}
	res := c.get("/people/export.xlsx")
	if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Type"), "spreadsheetml") ||
		!strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("export = %d %q %q; want an .xlsx attachment", res.status, res.header.Get("Content-Type"), res.header.Get("Content-Disposition"))
	}
	units, _ := e.Store.ListUnits(ctx, store.UnitFilter{})
	parsed, err := staffimport.Parse(strings.NewReader(res.body), int64(len(res.body)), staffimport.UnitMap(units), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	all, _ := e.Store.ListPeople(ctx, store.PeopleFilter{})
	if len(parsed.Rows) != all.Total || parsed.ErrorRows != 0 {
		t.Errorf("exported rows = %d with %d in error; want %d without errors", len(parsed.Rows), parsed.ErrorRows, all.Total)
	}
	// Filtered: one unit only.
	qlns := unitNamed(t, e, "Phòng Quản lý ngân sách")
	one := c.get(fmt.Sprintf("/people/export.xlsx?unit=%d", qlns.ID))
	parsed, _ = staffimport.Parse(strings.NewReader(one.body), int64(len(one.body)), staffimport.UnitMap(units), time.Now())
	if len(parsed.Rows) != qlns.People {
		t.Errorf("export of one unit = %d rows; want %d", len(parsed.Rows), qlns.People)
	}
	// Uploading the export again: every row is already there.
	admin := e.login("admin")
	preview := admin.get(uploaded(t, admin.upload("/people/import", "xuat.xlsx", []byte(res.body))))
	if !preview.has("đã có trong danh sách của đơn vị") || preview.has(`data-testid="apply"`) {
		t.Error("re-importing the export would add people again")
	}
}

// A department head opens the pages of his own unit's people, read only;
// another unit's person is the same 404 as a missing one.
func TestHeadOpensOwnPeople(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	unit := unitOf(t, e, "tp.ngansach")
	var mine, other int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT
			(SELECT min(id) FROM people WHERE unit_id = $1 AND active),
			(SELECT min(id) FROM people WHERE unit_id <> $1 AND active)`, unit).Scan(&mine, &other); err != nil {
		t.Fatal(err)
	}
	head := e.login("tp.ngansach")
	res := head.get(fmt.Sprintf("/people/%d", mine))
	if res.status != http.StatusOK || !res.has(`data-testid="person-history"`) {
		t.Fatalf("own unit's person = %d\n%s", res.status, res.body)
	}
	for _, s := range []string{"/history\"", "/edit\"", "/units/", `href="/people"`} {
		if res.has(s) {
			t.Errorf("the head's view of a person links to %q (office pages)", s)
		}
	}
	if res := head.get(fmt.Sprintf("/people/%d", other)); res.status != http.StatusNotFound {
		t.Errorf("another unit's person = %d; want 404", res.status)
	}
	if res := head.get(fmt.Sprintf("/people/%d/history", mine)); res.status != http.StatusNotFound && res.status != http.StatusForbidden {
		t.Errorf("the history entry page = %d; want it closed to the head", res.status)
	}
	if res := e.login("vanphong").get(fmt.Sprintf("/people/%d", other)); res.status != http.StatusOK || !res.has("/history\"") {
		t.Errorf("the office's view = %d", res.status)
	}
	// The eligibility page links the head's own people to their pages.
	if res := head.get("/eligibility"); !res.has(fmt.Sprintf(`href="/people/%d"`, mine)) && !res.has(`href="/people/`) {
		t.Errorf("eligibility rows do not link the head's people")
	}
}
