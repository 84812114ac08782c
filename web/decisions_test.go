package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestBaseSalaryTable: the admin adds the lương cơ sở of a new decree from
// its date and corrects a row; bad input keeps the form; the change is
// audited and the reward of a decision follows the table.
func TestBaseSalaryTable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.login("admin")
	res := a.get("/admin/base-salaries")
	if res.status != http.StatusOK || !res.has("01/07/2019") || !res.has("1.490.000 đ") || !res.has("1.800.000 đ") || !res.has("2.340.000 đ") || !res.has("Đang áp dụng") {
		t.Fatalf("table = %d\n%s", res.status, res.body)
	}
	if res := a.get("/admin/settings"); !res.has("Lương cơ sở đang áp dụng: 2.340.000 đ") {
		t.Error("settings page does not show today's lương cơ sở")
	}
	for _, bad := range []url.Values{
		{"from": {"31/02/2027"}, "amount": {"2.530.000"}, "version": {"0"}},
		{"from": {"01/07/2027"}, "amount": {"abc"}, "version": {"0"}},
		{"from": {""}, "amount": {"10"}, "version": {"0"}},
		{"from": {"01/07/2024"}, "amount": {"2.530.000"}, "version": {"0"}}, // exists
	} {
		if res := a.post("/admin/base-salaries", bad); res.status != http.StatusUnprocessableEntity || !res.has(`value="`+bad.Get("amount")+`"`) {
			t.Errorf("bad %v = %d; want 422 keeping input", bad, res.status)
		}
	}
	if res := a.post("/admin/base-salaries", url.Values{"from": {"01/07/2027"}, "amount": {"x"}, "version": {"-1"}}); res.status != http.StatusBadRequest {
		t.Errorf("bad version = %d; want 400", res.status)
	}
	if res := a.post("/admin/base-salaries", url.Values{"from": {"01/01/2026"}, "amount": {"2.530.000"}, "source": {"NĐ mới"}, "version": {"0"}}); res.status != http.StatusSeeOther {
		t.Fatalf("add = %d\n%s", res.status, res.body)
	}
	// The store reads the real clock: 01/01/2026 has passed.
	st, _ := e.Store.Settings(context.Background())
	if st.BaseSalary != 2_530_000 && time.Now().After(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("today's lương cơ sở = %d; want 2530000", st.BaseSalary)
	}
	res = a.get("/admin/base-salaries?edit=2026-01-01")
	if res.status != http.StatusOK || !res.has(`value="2.530.000"`) {
		t.Fatalf("edit form = %d", res.status)
	}
	for _, path := range []string{"/admin/base-salaries?edit=2026-13-01", "/admin/base-salaries?edit=2031-01-01"} {
		if res := a.get(path); res.status != http.StatusNotFound {
			t.Errorf("%s = %d; want 404", path, res.status)
		}
	}
	fix := url.Values{"from": {"01/01/2026"}, "amount": {"2.540.000"}, "source": {"NĐ mới"}, "version": {"1"}}
	if res := a.post("/admin/base-salaries", fix); res.status != http.StatusSeeOther {
		t.Fatalf("change = %d\n%s", res.status, res.body)
	}
	if res := a.post("/admin/base-salaries", fix); res.status != http.StatusConflict || !res.has(`value="2.540.000"`) {
		t.Errorf("stale change = %d; want 409 keeping input", res.status)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE object_type = 'base_salary'`); n != 2 {
		t.Errorf("audit events = %d; want 2", n)
	}
	if res := a.get("/audit?type=base_salary"); res.status != http.StatusOK {
		t.Errorf("audit page = %d", res.status)
	}
	if res := e.login("vanphong").get("/admin/base-salaries"); res.status != http.StatusForbidden {
		t.Errorf("office = %d; want 403", res.status)
	}
}
