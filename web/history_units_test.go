package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestUnitHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ns := unitOf(t, e, "tp.ngansach")
	base := fmt.Sprintf("/units/%d/history", ns)
	o := e.login("vanphong")
	if res := o.get(base); res.status != http.StatusOK || !res.has(`data-testid="unit-award-form"`) {
		t.Fatalf("unit history = %d", res.status)
	}
	units := fmt.Sprintf(`SELECT count(*) FROM award_history WHERE unit_id = %d`, ns)
	before := e.count(units)
	form := url.Values{"year": {"2018"}, "code": {"tap_the_ldtt"}, "kind": {"merit"}, "decision_no": {"99/QĐ-STC"},
		"decision_date": {"25/12/2018"}, "submission_id": {strings.Repeat("cd", 16)}}
	for range 2 { // a double click records one
		if res := o.post(base+"/awards", form); res.status != http.StatusSeeOther {
			t.Fatalf("add = %d\n%s", res.status, res.body)
		}
	}
	if n := e.count(units); n != before+1 {
		t.Errorf("unit awards = %d; want %d", n, before+1)
	}
	if res := o.get(base); !res.has("Năm 2018") || !res.has("Tập thể lao động tiên tiến") || !res.has("Công trạng") {
		t.Error("the recorded award is not on the page")
	}
	// The same merit title for the same year again (R14).
	form.Del("submission_id")
	res := o.post(base+"/awards", form)
	if res.status != http.StatusUnprocessableEntity || !res.has("chỉ được khen thưởng một lần") || !res.has(`value="99/QĐ-STC"`) {
		t.Errorf("duplicate = %d", res.status)
	}
	// An individual title is not a collective one; bad year and date.
	res = o.post(base+"/awards", url.Values{"year": {"1900"}, "code": {"ldtt"}, "kind": {"merit"}, "decision_date": {"32/12/2018"}})
	if res.status != http.StatusUnprocessableEntity || !res.has("Nhập năm") || !res.has("Chọn danh hiệu") || !res.has("Ngày quyết định: ngày 32/12/2018 không tồn tại") {
		t.Errorf("invalid = %d", res.status)
	}
	if n := e.count(units); n != before+1 {
		t.Errorf("invalid input wrote something: %d", n)
	}
	if res := o.get("/units/999999/history"); res.status != http.StatusNotFound {
		t.Errorf("missing unit = %d; want 404", res.status)
	}
	if res := o.post("/units/999999/history/awards", form); res.status != http.StatusNotFound {
		t.Errorf("missing unit post = %d; want 404", res.status)
	}
	if res := e.login("tp.ngansach").post(base+"/awards", form); res.status != http.StatusForbidden {
		t.Errorf("dept head = %d; want 403", res.status)
	}
}
