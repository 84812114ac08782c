package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// internalBloc sets up, through the pages, an internal bloc for 2025 with
// the units of tp.ngansach (head) and tp.dautu (deputy), a covenant and
// three criteria, and returns the bloc-year's path.
func internalBloc(t *testing.T, e *env, office *client) string {
	t.Helper()
	res := office.post("/blocs", url.Values{"name": {"Khối thi đua thử nghiệm"}, "kind": {"internal"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create bloc = %d\n%s", res.status, res.body)
	}
	var blocID int64
	e.Pool.QueryRow(t.Context(), `SELECT id FROM blocs WHERE name = 'Khối thi đua thử nghiệm'`).Scan(&blocID)
	if res := office.post(fmt.Sprintf("/blocs/%d/years", blocID), url.Values{"year": {"2025"}}); res.status != http.StatusSeeOther {
		t.Fatalf("open year = %d", res.status)
	}
	base := fmt.Sprintf("/blocs/%d/2025", blocID)
	step := func(path string, form url.Values) response {
		t.Helper()
		page := office.get(base)
		form.Set("version", version(t, page.body))
		return office.post(base+path, form)
	}
	ns, dt := unitOf(t, e, "tp.ngansach"), unitOf(t, e, "tp.dautu")
	for _, u := range []int64{ns, dt} {
		if res := step("/members", url.Values{"unit_id": {fmt.Sprint(u)}}); res.status != http.StatusSeeOther {
			t.Fatalf("add member = %d\n%s", res.status, res.body)
		}
	}
	if res := step("/members", url.Values{"unit_id": {fmt.Sprint(ns)}}); res.status != http.StatusUnprocessableEntity ||
		!res.has("Đơn vị này đã là thành viên") {
		t.Errorf("duplicate member = %d; want 422 with a message", res.status)
	}
	members := map[int64]string{}
	rows, _ := e.Pool.Query(t.Context(), `SELECT m.unit_id, m.id FROM bloc_members m JOIN bloc_years y ON y.id = m.bloc_year_id WHERE y.bloc_id = $1`, blocID)
	for rows.Next() {
		var u, id int64
		rows.Scan(&u, &id)
		members[u] = fmt.Sprint(id)
	}
	rows.Close()
	if res := step("/leadership", url.Values{"head": {""}}); res.status != http.StatusUnprocessableEntity || !res.has("đúng một Khối trưởng") {
		t.Errorf("no head = %d", res.status)
	}
	if res := step("/leadership", url.Values{"head": {members[ns]}}); res.status != http.StatusUnprocessableEntity || !res.has("ít nhất một Khối phó") {
		t.Errorf("no deputy = %d", res.status)
	}
	if res := step("/leadership", url.Values{"head": {members[ns]}, "deputies": {members[dt]}}); res.status != http.StatusSeeOther {
		t.Fatalf("leadership = %d\n%s", res.status, res.body)
	}
	if res := step("/covenant", url.Values{"covenant": {"1. Hoàn thành nhiệm vụ được giao"}, "quota_flag": {"1"}, "quota_merit": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("covenant = %d", res.status)
	}
	if res := step("/criteria", url.Values{"kind": {"section"}, "code": {"I"}, "title": {"Thực hiện nhiệm vụ"}}); res.status != http.StatusSeeOther {
		t.Fatalf("section = %d\n%s", res.status, res.body)
	}
	var section string
	e.Pool.QueryRow(t.Context(), `SELECT c.id::text FROM bloc_criteria c JOIN bloc_years y ON y.id = c.bloc_year_id
		WHERE y.bloc_id = $1 AND c.kind = 'section'`, blocID).Scan(&section)
	for _, c := range []url.Values{
		{"kind": {"item"}, "parent_id": {section}, "code": {"1"}, "title": {"Tham mưu"}, "max": {"10"}, "weight": {"100"}},
		{"kind": {"item"}, "parent_id": {section}, "code": {"2"}, "title": {"Tổng hợp"}, "max": {"10"}, "weight": {"200"}},
		{"kind": {"bonus"}, "code": {"II"}, "title": {"Điểm thưởng"}, "max": {"2,5"}},
	} {
		if res := step("/criteria", c); res.status != http.StatusSeeOther {
			t.Fatalf("criterion = %d\n%s", res.status, res.body)
		}
	}
	if res := step("/criteria", url.Values{"kind": {"item"}, "title": {"x"}, "max": {"8.5"}}); res.status != http.StatusUnprocessableEntity || !res.has("dùng dấu phẩy") {
		t.Errorf("max with a dot = %d", res.status)
	}
	return base
}

func TestBlocScoringThroughVerification(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	head := e.login("tp.ngansach")
	other := e.login("tp.dautu")
	base := internalBloc(t, e, office)
	ns, dt := unitOf(t, e, "tp.ngansach"), unitOf(t, e, "tp.dautu")
	var mNS, mDT, c1, c2 string
	var yearID int64
	e.Pool.QueryRow(t.Context(), `SELECT y.id FROM bloc_years y JOIN blocs b ON b.id = y.bloc_id WHERE b.name = 'Khối thi đua thử nghiệm'`).Scan(&yearID)
	e.Pool.QueryRow(t.Context(), `SELECT (SELECT id::text FROM bloc_members WHERE unit_id = $1 AND bloc_year_id = $3),
		(SELECT id::text FROM bloc_members WHERE unit_id = $2 AND bloc_year_id = $3),
		(SELECT id::text FROM bloc_criteria WHERE code = '1' AND bloc_year_id = $3),
		(SELECT id::text FROM bloc_criteria WHERE code = '2' AND bloc_year_id = $3)`, ns, dt, yearID).Scan(&mNS, &mDT, &c1, &c2)
	// Signing: each unit signs for itself only.
	if res := head.post(base+"/members/"+mDT+"/sign", nil); res.status != http.StatusNotFound {
		t.Errorf("sign for another unit = %d; want 404", res.status)
	}
	for _, c := range []struct {
		cl *client
		m  string
	}{{head, mNS}, {other, mDT}} {
		if res := c.cl.post(base+"/members/"+c.m+"/sign", nil); res.status != http.StatusSeeOther {
			t.Fatalf("sign = %d\n%s", res.status, res.body)
		}
	}
	// Scoring is not open yet.
	if res := head.post(base+"/members/"+mNS+"/scores/"+c1, url.Values{"version": {"0"}, "points_" + c1: {"9"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("score before opening = %d; want 422", res.status)
	}
	page := office.get(base)
	if res := office.post(base+"/phase", url.Values{"version": {version(t, page.body)}, "to": {"scoring"}}); res.status != http.StatusSeeOther {
		t.Fatalf("open scoring = %d\n%s", res.status, res.body)
	}
	for _, u := range []string{"tp.ngansach", "tp.dautu"} {
		if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = $1 AND n.link = $2`, u, noticeTarget(base)); n != 1 {
			t.Errorf("%s scoring-open notices = %d; want 1", u, n)
		}
	}
	score := func(cl *client, m, c, pts string, ver string) response {
		return cl.post(base+"/members/"+m+"/scores/"+c, url.Values{"version": {ver}, "points_" + c: {pts}, "comment_" + c: {"Có báo cáo kèm theo"}})
	}
	for _, bad := range []string{"11", "-1", "abc", "8.5", "8,555", ""} {
		res := score(head, mNS, c1, bad, "0")
		if res.status != http.StatusUnprocessableEntity || !res.has(`data-testid="row-error"`) {
			t.Errorf("score %q = %d; want 422 with the row's message", bad, res.status)
		}
	}
	if res := score(head, mNS, c1, "11", "0"); !res.has("phải từ 0 đến 10") {
		t.Error("range message missing")
	}
	// Another unit's member: the same 404 as a missing one.
	if res := score(head, mDT, c1, "5", "0"); res.status != http.StatusNotFound {
		t.Errorf("score another unit = %d; want 404", res.status)
	}
	if res := score(head, "999999", c1, "5", "0"); res.status != http.StatusNotFound {
		t.Errorf("score a missing member = %d; want 404", res.status)
	}
	if res := score(head, mNS, c1, "9,5", "0"); res.status != http.StatusSeeOther {
		t.Fatalf("self score = %d\n%s", res.status, res.body)
	}
	// A second tab with the old version: 409, input kept.
	if res := score(head, mNS, c1, "7,25", "0"); res.status != http.StatusConflict || !res.has(`value="7,25"`) {
		t.Errorf("stale self score = %d; want 409 keeping 7,25", res.status)
	}
	for _, s := range []struct {
		cl      *client
		m, c, p string
	}{{head, mNS, c2, "10"}, {other, mDT, c1, "10"}, {other, mDT, c2, "9"}} {
		if res := score(s.cl, s.m, s.c, s.p, "0"); res.status != http.StatusSeeOther {
			t.Fatalf("self score = %d", res.status)
		}
	}
	scoreID := func(m, c string) (id, ver string) {
		e.Pool.QueryRow(t.Context(), `SELECT id::text, version::text FROM bloc_scores WHERE member_id = $1 AND criterion_id = $2`, m, c).Scan(&id, &ver)
		return
	}
	id, ver := scoreID(mNS, c1)
	// Only the office verifies in the internal bloc: the department head gets 404.
	if res := head.post(base+"/scores/"+id+"/verify", url.Values{"version": {ver}, "points_" + c1: {"9,5"}}); res.status != http.StatusNotFound {
		t.Errorf("dept head verifies = %d; want 404", res.status)
	}
	if res := office.post(base+"/scores/"+id+"/verify", url.Values{"version": {ver}, "points_" + c1: {"8"}}); res.status != http.StatusUnprocessableEntity ||
		!res.has("nhập lý do điều chỉnh") {
		t.Errorf("adjust without reason = %d", res.status)
	}
	if res := office.post(base+"/scores/"+id+"/verify", url.Values{"version": {ver}, "points_" + c1: {"8"}, "reason_" + c1: {"Thiếu minh chứng quý IV"}}); res.status != http.StatusSeeOther {
		t.Fatalf("verify = %d\n%s", res.status, res.body)
	}
	// Verified scores are read-only to the member.
	if res := score(head, mNS, c1, "10", "2"); res.status != http.StatusUnprocessableEntity || !res.has("đã được thẩm định") {
		t.Errorf("edit a verified score = %d", res.status)
	}
	bd := head.get(base + "/members/" + mNS)
	if !bd.has("Thiếu minh chứng quý IV") || !bd.has(`data-testid="dispute-1"`) || bd.has(`data-testid="self-1"`) {
		t.Error("breakdown: reason, dispute form or read-only state wrong")
	}
	id, ver = scoreID(mNS, c1)
	if res := head.post(base+"/scores/"+id+"/dispute", url.Values{"version": {ver}, "reason_" + c1: {"Đã bổ sung minh chứng"}}); res.status != http.StatusSeeOther {
		t.Fatalf("dispute = %d\n%s", res.status, res.body)
	}
	id, ver = scoreID(mNS, c1)
	if res := head.post(base+"/scores/"+id+"/dispute", url.Values{"version": {ver}, "reason_" + c1: {"lần hai"}}); res.status != http.StatusConflict {
		t.Errorf("second dispute = %d; want 409", res.status)
	}
	if res := office.post(base+"/scores/"+id+"/resolve", url.Values{"version": {ver}, "points_" + c1: {"9"}, "reason_" + c1: {"Chấp nhận một phần"}}); res.status != http.StatusSeeOther {
		t.Fatalf("resolve = %d\n%s", res.status, res.body)
	}
	page = office.get(base)
	if res := office.post(base+"/phase", url.Values{"version": {version(t, page.body)}, "to": {"closed"}}); res.status != http.StatusUnprocessableEntity ||
		!res.has("chưa thẩm định") {
		t.Errorf("close with pending = %d", res.status)
	}
	for _, mc := range [][2]string{{mNS, c2}, {mDT, c1}, {mDT, c2}} {
		id, ver := scoreID(mc[0], mc[1])
		var self string
		e.Pool.QueryRow(t.Context(), `SELECT replace((self_points / 100.0)::numeric(6,0)::text, '.', ',') FROM bloc_scores WHERE id = $1`, id).Scan(&self)
		if res := office.post(base+"/scores/"+id+"/verify", url.Values{"version": {ver}, "points_" + mc[1]: {self}}); res.status != http.StatusSeeOther {
			t.Fatalf("verify %v = %d\n%s", mc, res.status, res.body)
		}
	}
	page = office.get(base)
	if res := office.post(base+"/phase", url.Values{"version": {version(t, page.body)}, "to": {"closed"}}); res.status != http.StatusSeeOther {
		t.Fatalf("close = %d\n%s", res.status, res.body)
	}
	// NS: 9 + 2×10 = 29; DT: 10 + 2×9 = 28. NS leads.
	page = head.get(base)
	if !page.has("Dẫn đầu") || !page.has(">29<") || !page.has(">28<") || !page.has("Xếp hạng theo tổng điểm") {
		t.Errorf("ranking page lacks totals, leader or tie rule")
	}
	if strings.Index(page.body, ">29<") > strings.Index(page.body, ">28<") {
		t.Error("ranking order wrong")
	}
	if res := other.post(base+"/members/"+mDT+"/votes", url.Values{"chosen": {mNS}}); res.status != http.StatusSeeOther {
		t.Errorf("vote = %d", res.status)
	}
	if res := other.post(base+"/members/"+mDT+"/votes", url.Values{"chosen": {mDT}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("vote for itself = %d; want 422", res.status)
	}
	page = office.get(base)
	if res := office.post(base+"/proposals", url.Values{"version": {version(t, page.body)}, "award_" + mDT: {"co_tinh"}}); res.status != http.StatusUnprocessableEntity ||
		!res.has("đơn vị dẫn đầu") {
		t.Errorf("flag to the second = %d", res.status)
	}
	if res := office.post(base+"/proposals", url.Values{"version": {version(t, page.body)}, "award_" + mNS: {"co_tinh"}, "award_" + mDT: {"bang_khen"}}); res.status != http.StatusSeeOther {
		t.Errorf("proposals = %d", res.status)
	}
	x := head.get(base + "/export.xlsx")
	if x.status != http.StatusOK {
		t.Fatalf("export = %d", x.status)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	rowsX, _ := f.GetRows("Bảng điểm")
	if len(rowsX) < 3 || rowsX[1][0] != "1" || !strings.Contains(strings.Join(rowsX[1], "|"), "29") {
		t.Errorf("export rows = %v", rowsX)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE object_type = 'bloc_score' AND object_id IN (SELECT id FROM bloc_scores WHERE bloc_year_id = $1)`, yearID); n < 9 {
		t.Errorf("bloc events = %d; want every change audited", n)
	}
}

// TestBlocConcurrentVerify: five verifiers post the same score's version at
// once: exactly one succeeds, the others get 409, one audit event.
func TestBlocConcurrentVerify(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var base, score, crit, ver, self string
	if err := e.Pool.QueryRow(t.Context(), `SELECT '/blocs/' || b.id || '/' || y.year, s.id::text, s.criterion_id::text, s.version::text,
			replace(trim(trailing '.' FROM trim(trailing '0' FROM (s.self_points / 100.0)::text)), '.', ',')
		FROM bloc_scores s JOIN bloc_years y ON y.id = s.bloc_year_id JOIN blocs b ON b.id = y.bloc_id
		WHERE b.kind = 'internal' AND s.status = 'self' ORDER BY s.id LIMIT 1`).Scan(&base, &score, &crit, &ver, &self); err != nil {
		t.Fatal(err)
	}
	clients := make([]*client, 5)
	for i := range clients {
		clients[i] = e.login("vanphong")
	}
	codes := make(chan int, len(clients))
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- c.post(base+"/scores/"+score+"/verify", url.Values{"version": {ver}, "points_" + crit: {self}}).status
		}()
	}
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	if got[http.StatusSeeOther] != 1 || got[http.StatusConflict] != len(clients)-1 {
		t.Errorf("statuses = %v; want one 303 and %d × 409", got, len(clients)-1)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE action = 'bloc_score.verify' AND object_id = $1`, score); n != 1 {
		t.Errorf("verify events = %d; want 1", n)
	}
}
