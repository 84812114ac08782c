package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// firstMatch returns the first submatch of re in s, or "".
func firstMatch(s, re string) string {
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if len(m) < 2 {
		return ""
	}
	return m[1]
}

// newCampaign creates a draft campaign as the office for the given units
// and returns its id.
func newCampaign(t *testing.T, e *env, office *client, deadline string, units ...int64) string {
	t.Helper()
	form := url.Values{"name": {"Phong trào thử nghiệm"}, "kind": {"regular"}, "year": {"2025"}, "theme": {"Đổi mới, sáng tạo"},
		"launch_on": {"10/01/2025"}, "registration_deadline": {deadline}, "criteria_rows": {"3"},
		"criterion_1": {"Hoàn thành dự toán"}, "target_1": {"100%"}, "criterion_2": {"Cải cách hành chính"}, "criterion_3": {""}}
	for _, u := range units {
		form.Add("units", fmt.Sprint(u))
	}
	res := office.post("/campaigns", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("create campaign = %d\n%s", res.status, res.body)
	}
	id := strings.TrimPrefix(res.header.Get("Location"), "/campaigns/")
	return id
}

func version(t *testing.T, body string) string {
	t.Helper()
	v := firstMatch(body, `name="version" value="(\d+)"`)
	if v == "" {
		t.Fatalf("no version in page")
	}
	return v
}

func TestCampaignValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	before := e.count(`SELECT count(*) FROM campaigns`)
	res := office.post("/campaigns", url.Values{"name": {""}, "kind": {"periodic"}, "year": {"abc"}, "launch_on": {"10/02/2025"},
		"registration_deadline": {"01/02/2025"}, "doc_date": {"31/02/2025"}, "criteria_rows": {"1"}, "criterion_1": {""}, "target_1": {"5"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid campaign = %d; want 422", res.status)
	}
	for _, msg := range []string{"Nhập tên phong trào.", "Năm phải là số", "Hạn đăng ký không được trước ngày phát động.",
		"Ngày ban hành: ngày 31/02/2025 không tồn tại (tháng 2 năm 2025 có 28 ngày).", "Phong trào theo đợt cần ngày bắt đầu.", "Tiêu chí 1: nhập nội dung tiêu chí."} {
		if !res.has(msg) {
			t.Errorf("missing message %q", msg)
		}
	}
	if !res.has(`value="5"`) {
		t.Error("input not kept")
	}
	if n := e.count(`SELECT count(*) FROM campaigns`); n != before {
		t.Errorf("an invalid form saved a campaign: %d → %d", before, n)
	}
}

func TestCampaignPledgeJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	office := e.login("vanphong")
	head := e.login("tp.ngansach")
	other := e.login("tp.dautu")
	ns, dt := unitOf(t, e, "tp.ngansach"), unitOf(t, e, "tp.dautu")
	id := newCampaign(t, e, office, "31/12/2099", ns)
	// Drafts are invisible to units, and the other unit never sees it.
	if res := head.get("/campaigns/" + id); res.status != http.StatusNotFound {
		t.Errorf("draft as dept head = %d; want 404", res.status)
	}
	page := office.get("/campaigns/" + id)
	if page.status != http.StatusOK || !page.has("Hoàn thành dự toán") || !page.has("Nháp") {
		t.Fatalf("campaign page = %d", page.status)
	}
	res := office.post("/campaigns/"+id+"/launch", url.Values{"version": {version(t, page.body)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("launch = %d\n%s", res.status, res.body)
	}
	// The participating unit's department head is notified, no one else.
	if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'tp.ngansach' AND n.link = $1`,
		noticeTarget("/campaigns/"+id+"/pledge")); n != 1 {
		t.Errorf("tp.ngansach notifications = %d; want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'tp.dautu' AND n.link = $1`,
		noticeTarget("/campaigns/"+id+"/pledge")); n != 0 {
		t.Errorf("tp.dautu notifications = %d; want 0", n)
	}
	// Relaunching with the stale version is a conflict.
	if res := office.post("/campaigns/"+id+"/launch", url.Values{"version": {"1"}}); res.status != http.StatusConflict {
		t.Errorf("second launch = %d; want 409", res.status)
	}
	for _, path := range []string{"/campaigns/" + id, "/campaigns/" + id + "/pledge"} {
		if res := other.get(path); res.status != http.StatusNotFound {
			t.Errorf("other unit GET %s = %d; want 404", path, res.status)
		}
	}
	if res := other.post("/campaigns/"+id+"/pledge", url.Values{"version": {"0"}}); res.status != http.StatusNotFound {
		t.Errorf("other unit POST pledge = %d; want 404", res.status)
	}
	form := head.get("/campaigns/" + id + "/pledge")
	if form.status != http.StatusOK || !form.has("Lao động tiên tiến") {
		t.Fatalf("pledge form = %d\n%s", form.status, form.body)
	}
	c1 := firstMatch(form.body, `name="commitment_(\d+)"`)
	c2 := firstMatch(strings.Replace(form.body, `name="commitment_`+c1+`"`, "", 1), `name="commitment_(\d+)"`)
	person := firstMatch(form.body, `name="target_(\d+)"`)
	// Submitting with a missing commitment: nothing saved, input kept.
	res = head.post("/campaigns/"+id+"/pledge", url.Values{"version": {"0"}, "collective_target": {"ttldxs"},
		"commitment_" + c1: {"Giải ngân đạt 100%"}, "target_" + person: {"cstdcs"}, "then": {"submit"}})
	if res.status != http.StatusUnprocessableEntity || !res.has("Giải ngân đạt 100%") || !res.has("Nhập cam kết cho tiêu chí") {
		t.Fatalf("incomplete submit = %d", res.status)
	}
	// Another unit's person or an unknown title is refused.
	res = head.post("/campaigns/"+id+"/pledge", url.Values{"version": {"0"}, "target_999999": {"ldtt"}})
	if res.status != http.StatusUnprocessableEntity || !res.has("Chỉ chọn người đang công tác tại đơn vị.") {
		t.Errorf("foreign person = %d", res.status)
	}
	res = head.post("/campaigns/"+id+"/pledge", url.Values{"version": {"0"}, "collective_target": {"hero"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Errorf("bad title = %d", res.status)
	}
	full := url.Values{"version": {"0"}, "collective_target": {"ttldxs"}, "commitment_" + c1: {"Giải ngân đạt 100%"},
		"commitment_" + c2: {"Số hóa hồ sơ"}, "target_" + person: {"cstdcs"}, "then": {"save"}}
	if res := head.post("/campaigns/"+id+"/pledge", full); res.status != http.StatusSeeOther {
		t.Fatalf("save draft = %d\n%s", res.status, res.body)
	}
	// A second tab still holding version 0 gets 409 with its input kept.
	stale := url.Values{}
	for k, v := range full {
		stale[k] = v
	}
	stale.Set("commitment_"+c2, "Bản của tab thứ hai")
	res = head.post("/campaigns/"+id+"/pledge", stale)
	if res.status != http.StatusConflict || !res.has("Bản của tab thứ hai") {
		t.Errorf("stale save = %d; want 409 keeping input", res.status)
	}
	full.Set("version", "1")
	full.Set("then", "submit")
	if res := head.post("/campaigns/"+id+"/pledge", full); res.status != http.StatusSeeOther {
		t.Fatalf("submit = %d\n%s", res.status, res.body)
	}
	if res := head.get("/campaigns/" + id + "/pledge"); !res.has("Đã gửi, chờ duyệt") || res.has(`data-testid="submit"`) {
		t.Error("submitted pledge still editable")
	}
	// The office returns it without a reason: refused; with one: returned.
	review := fmt.Sprintf("/campaigns/%s/pledges/%d", id, ns)
	rp := office.get(review)
	if rp.status != http.StatusOK || !rp.has("Giải ngân đạt 100%") {
		t.Fatalf("review = %d", rp.status)
	}
	if res := office.post(review+"/return", url.Values{"version": {version(t, rp.body)}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("return without reason = %d; want 422", res.status)
	}
	if res := office.get(fmt.Sprintf("/campaigns/%s/pledges/%d", id, dt)); res.status != http.StatusNotFound {
		t.Errorf("review of a non-participating unit = %d; want 404", res.status)
	}
	if res := office.post(review+"/return", url.Values{"version": {version(t, rp.body)}, "reason": {"Bổ sung chỉ tiêu cá nhân"}}); res.status != http.StatusSeeOther {
		t.Fatalf("return = %d", res.status)
	}
	if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'tp.ngansach' AND n.title LIKE 'Văn phòng Sở trả lại%'`); n != 1 {
		t.Errorf("return notices to tp.ngansach = %d; want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'vanphong' AND n.link = $1`, noticeTarget(review)); n != 1 {
		t.Errorf("submit notices to the office = %d; want 1", n)
	}
	if res := head.get("/campaigns/" + id + "/pledge"); !res.has("Bổ sung chỉ tiêu cá nhân") || !res.has("Bị trả lại") {
		t.Error("return reason not shown to the department head")
	}
	full.Set("version", "4")
	if res := head.post("/campaigns/"+id+"/pledge", full); res.status != http.StatusSeeOther {
		t.Fatalf("resubmit = %d\n%s", res.status, res.body)
	}
	rp = office.get(review)
	if res := office.post(review+"/accept", url.Values{"version": {version(t, rp.body)}}); res.status != http.StatusSeeOther {
		t.Fatalf("accept = %d", res.status)
	}
	page = office.get("/campaigns/" + id)
	if !page.has("Đã chấp nhận") || !page.has("Chấp nhận bản đăng ký") || !page.has("Tất cả đơn vị đã đăng ký.") {
		t.Errorf("campaign page after accept lacks status, history or roll-up")
	}
	var status string
	e.Pool.QueryRow(ctx, `SELECT status FROM pledges WHERE campaign_id = $1`, id).Scan(&status)
	if status != "accepted" {
		t.Errorf("pledge status = %s", status)
	}
	var events int
	e.Pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE object_type = 'pledge' AND object_id IN (SELECT id FROM pledges WHERE campaign_id = $1)`, id).Scan(&events)
	if events < 6 {
		t.Errorf("pledge events = %d; want every change audited", events)
	}
}

func TestCampaignCloseReopen(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	id := newCampaign(t, e, office, "31/12/2099", unitOf(t, e, "tp.ngansach"))
	page := office.get("/campaigns/" + id)
	office.post("/campaigns/"+id+"/launch", url.Values{"version": {version(t, page.body)}})
	conf := office.get("/campaigns/" + id + "/close")
	if res := office.post("/campaigns/"+id+"/close", url.Values{"version": {version(t, conf.body)}}); res.status != http.StatusSeeOther {
		t.Fatalf("close = %d", res.status)
	}
	conf = office.get("/campaigns/" + id + "/reopen")
	if res := office.post("/campaigns/"+id+"/reopen", url.Values{"version": {version(t, conf.body)}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("reopen without reason = %d; want 422", res.status)
	}
	if res := office.post("/campaigns/"+id+"/reopen", url.Values{"version": {version(t, conf.body)}, "reason": {"Gia hạn"}}); res.status != http.StatusSeeOther {
		t.Errorf("reopen = %d", res.status)
	}
	if res := office.get("/campaigns/" + id); !res.has("Mở lại phong trào") || !res.has("Gia hạn") {
		t.Error("history lacks the reopen and its reason")
	}
}

// TestCampaignEditConflictAndReplay: a stale edit gets 409 with the input
// kept; a replayed create form makes one campaign.
func TestCampaignEditConflictAndReplay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	ns := unitOf(t, e, "tp.ngansach")
	form := url.Values{"name": {"Phong trào gửi hai lần"}, "kind": {"thematic"}, "year": {"2025"}, "launch_on": {"01/04/2025"},
		"registration_deadline": {"30/04/2025"}, "criteria_rows": {"1"}, "criterion_1": {"Tiêu chí"}, "units": {fmt.Sprint(ns)},
		"submission_id": {"0123456789abcdef0123456789abcdef"}}
	first, second := office.post("/campaigns", form), office.post("/campaigns", form)
	if first.status != http.StatusSeeOther || second.header.Get("Location") != first.header.Get("Location") {
		t.Fatalf("replayed create = %d %q, %d %q; want the same campaign", first.status, first.header.Get("Location"), second.status, second.header.Get("Location"))
	}
	if n := e.count(`SELECT count(*) FROM campaigns WHERE name = 'Phong trào gửi hai lần'`); n != 1 {
		t.Errorf("campaigns created = %d; want 1", n)
	}
	path := first.header.Get("Location")
	edit := office.get(path + "/edit")
	v := version(t, edit.body)
	a := url.Values{}
	for k, vs := range form {
		a[k] = vs
	}
	a.Del("submission_id")
	a.Set("version", v)
	a.Set("name", "Bản sửa thứ nhất")
	if res := office.post(path, a); res.status != http.StatusSeeOther {
		t.Fatalf("first edit = %d\n%s", res.status, res.body)
	}
	a.Set("name", "Bản sửa thứ hai")
	res := office.post(path, a)
	if res.status != http.StatusConflict || !res.has("Bản sửa thứ hai") || !res.has("Người khác vừa sửa") {
		t.Errorf("stale edit = %d; want 409 keeping the input", res.status)
	}
}

// TestCampaignMalformedInput: odd ids are 404, never 5xx; markup in text
// fields comes back escaped.
func TestCampaignMalformedInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	for _, path := range []string{"/campaigns/0", "/campaigns/-1", "/campaigns/1e3", "/campaigns/0x10", "/campaigns/99999999999999999999",
		"/campaigns/1/pledges/abc", "/blocs/1/20251", "/blocs/x/2025", "/blocs/1/2025/members/99999999999999999999",
		"/blocs/1/02025", "/blocs/999/2025", "/campaigns/1/documents/%00"} {
		if res := office.get(path); res.status != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", path, res.status)
		}
	}
	for _, path := range []string{"/blocs/1/2025/scores/abc/verify", "/blocs/1/2025/members/1/scores/-5", "/campaigns/abc/launch"} {
		if res := office.post(path, url.Values{"version": {"1"}}); res.status != http.StatusNotFound {
			t.Errorf("POST %s = %d; want 404", path, res.status)
		}
	}
	xss := `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	res := office.post("/campaigns", url.Values{"name": {xss}, "kind": {"regular"}, "year": {"2025"}, "launch_on": {"01/01/2025"},
		"registration_deadline": {"31/01/2025"}, "criteria_rows": {"1"}, "criterion_1": {xss}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create = %d", res.status)
	}
	page := office.get(res.header.Get("Location"))
	if strings.Contains(page.body, "<script>alert") || strings.Contains(page.body, "<img src=x") || !strings.Contains(page.body, "&lt;script&gt;") {
		t.Error("campaign name or criterion not escaped")
	}
	// Version tampering: a forged version is a conflict, never applied.
	if res := office.post(res.header.Get("Location")+"/launch", url.Values{"version": {"999"}}); res.status != http.StatusConflict {
		t.Errorf("forged version = %d; want 409", res.status)
	}
	if res := office.post(res.header.Get("Location")+"/launch", url.Values{"version": {"abc"}}); res.status != http.StatusBadRequest {
		t.Errorf("malformed version = %d; want 400", res.status)
	}
}
