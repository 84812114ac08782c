package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"tdkt/internal/org"
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
