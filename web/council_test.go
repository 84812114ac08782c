package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"tdkt/internal/store"
)

// councilSession creates a session from every appraised nomination as
// vanphong and returns its id and the office's client.
func councilSession(t *testing.T, e *env) (int64, *client) {
	t.Helper()
	return councilSessionOn(t, e, "18/12/2025", "electronic")
}

// councilSessionOn creates a session held on day with the ballot mode.
func councilSessionOn(t *testing.T, e *env, day, mode string) (int64, *client) {
	t.Helper()
	office := e.login("vanphong")
	res := office.get("/council/sessions/new")
	if res.status != http.StatusOK {
		t.Fatalf("GET /council/sessions/new = %d", res.status)
	}
	form := url.Values{"title": {"Phiên họp xét khen thưởng tổng kết năm 2025"}, "held_on": {day},
		"place": {"Phòng họp tầng 3, Sở Tài chính"}, "mode": {mode}, "submission_id": {submissionOf(t, res.body)}}
	for _, m := range regexp.MustCompile(`name="nominations" id="nom-\d+" value="(\d+)"`).FindAllStringSubmatch(res.body, -1) {
		form.Add("nominations", m[1])
	}
	if len(form["nominations"]) < 2 {
		t.Fatalf("the form offers %d nominations", len(form["nominations"]))
	}
	res = office.post("/council/sessions", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("POST /council/sessions = %d\n%s", res.status, res.body)
	}
	var id int64
	if _, err := fmt.Sscanf(res.header.Get("Location"), "/council/sessions/%d", &id); err != nil {
		t.Fatalf("Location %q", res.header.Get("Location"))
	}
	// A replay of the same form creates nothing more.
	if again := office.post("/council/sessions", form); again.status != http.StatusSeeOther || again.header.Get("Location") != res.header.Get("Location") {
		t.Errorf("replay = %d %q", again.status, again.header.Get("Location"))
	}
	return id, office
}

func submissionOf(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="submission_id" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no submission id on the form")
	}
	return m[1]
}

func versionOf(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no version on the page")
	}
	return m[1]
}

// voteAll answers every item of a member's ballot with choice; it
// returns the answer and the form sent.
func voteAll(t *testing.T, c *client, id int64, choice string) (response, url.Values) {
	t.Helper()
	res := c.get(fmt.Sprintf("/council/sessions/%d/vote", id))
	if res.status != http.StatusOK {
		t.Fatalf("GET vote = %d\n%s", res.status, res.body)
	}
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="(item-\d+)"`).FindAllStringSubmatch(res.body, -1) {
		form.Set(m[1], choice)
	}
	return c.post(fmt.Sprintf("/council/sessions/%d/vote", id), form), form
}

func TestCouncilBallotHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, office := councilSession(t, e)
	path := fmt.Sprintf("/council/sessions/%d", id)

	// Attendance: all 9 present.
	res := office.get(path)
	if res.status != http.StatusOK || !res.has("NĐ 152/2025/NĐ-CP") || !res.has("Chưa đủ điều kiện họp") {
		t.Fatalf("session page = %d", res.status)
	}
	form := url.Values{"version": {versionOf(t, res.body)}}
	for _, m := range regexp.MustCompile(`name="present" id="present-\d+" value="(\d+)"`).FindAllStringSubmatch(res.body, -1) {
		form.Add("present", m[1])
	}
	if len(form["present"]) != 9 {
		t.Fatalf("%d members seated", len(form["present"]))
	}
	if res := office.post(path+"/attendance", form); res.status != http.StatusSeeOther {
		t.Fatalf("attendance = %d", res.status)
	}
	// The office cannot open the ballot; the chair can.
	chair := e.login("giamdoc")
	res = chair.get(path)
	if !res.has("Đủ điều kiện họp") || !res.has(`data-testid="open-ballot"`) {
		t.Fatal("the chair sees no open button")
	}
	v := versionOf(t, res.body)
	if res := office.post(path+"/open", url.Values{"version": {v}}); res.status != http.StatusForbidden {
		t.Errorf("office opened: %d", res.status)
	}
	if res := chair.post(path+"/open", url.Values{"version": {v}}); res.status != http.StatusSeeOther {
		t.Fatalf("open = %d", res.status)
	}
	if res := chair.post(path+"/open", url.Values{"version": {v}}); res.status != http.StatusConflict {
		t.Errorf("open twice = %d; want 409", res.status)
	}

	// A department head who is not a member: 404 everywhere.
	outsider := e.login("tp.dautu")
	for _, p := range []string{path, path + "/vote", path + "/minutes", "/council/sessions"} {
		want := http.StatusNotFound
		if p == "/council/sessions" {
			want = http.StatusForbidden
		}
		if res := outsider.get(p); res.status != want {
			t.Errorf("GET %s as a non-member = %d; want %d", p, res.status, want)
		}
	}
	if res := outsider.post(path+"/vote", url.Values{}); res.status != http.StatusNotFound {
		t.Errorf("POST vote as a non-member = %d", res.status)
	}

	// Members vote. The response is the same page for every choice.
	members := map[string]string{"giamdoc": "agree", "lanhdao": "agree", "vanphong": "agree", "tp.ngansach": "agree",
		"hd.tri": "agree", "hd.loc": "agree", "hd.quang": "agree", "hd.dung": "disagree"}
	lengths := map[int]bool{} // receipt page length without the code
	codes := map[string]string{}
	for _, name := range []string{"giamdoc", "lanhdao", "vanphong", "tp.ngansach", "hd.tri", "hd.loc", "hd.quang", "hd.dung"} {
		c := chair
		if name != "giamdoc" {
			c = e.login(name)
		}
		res, sent := voteAll(t, c, id, members[name])
		if res.status != http.StatusOK {
			t.Fatalf("%s votes: %d\n%s", name, res.status, res.body)
		}
		m := regexp.MustCompile(`data-testid="receipt-code"><code>([A-Z0-9-]+)</code>`).FindStringSubmatch(res.body)
		if m == nil {
			t.Fatalf("%s: no receipt code", name)
		}
		codes[name] = m[1]
		// Nothing in the answer depends on the choice (S40(e)): no choice
		// is named, only the random code differs.
		for _, w := range []string{"Đồng ý", "Không đồng ý", "Không biểu quyết", "agree", "abstain"} {
			if res.has(w) {
				t.Errorf("%s's receipt page names a choice: %q", name, w)
			}
		}
		lengths[len(strings.ReplaceAll(res.body, m[1], ""))-len(name)] = true
		if again := c.post(path+"/vote", sent); again.status != http.StatusConflict || !again.has("đã bỏ phiếu") {
			t.Errorf("%s votes twice: %d", name, again.status)
		}
		if again := c.get(path + "/vote"); again.status != http.StatusConflict {
			t.Errorf("%s opens the ballot again: %d", name, again.status)
		}
		// While open: only how many voted, for everyone, admin included.
		for _, who := range []*client{chair, office} {
			page := who.get(path)
			if !page.has("đã bỏ phiếu") || page.has(`data-testid="tally"`) || page.has("Tỷ lệ đồng ý") {
				t.Errorf("the open session page shows more than the count of voters")
			}
		}
	}
	admin := e.login("admin")
	page := admin.get(path)
	if page.status != http.StatusOK || !page.has("8/9 đã bỏ phiếu") || page.has("Đồng ý</td>") {
		t.Errorf("admin's view while open: %d", page.status)
	}
	// The member at home sees the ballot he has voted on.
	if home := e.login("hd.nam").get("/"); !home.has("Bỏ phiếu: phiên họp") {
		t.Error("the member's home page does not list the open ballot")
	}

	// hd.nam is present but has not voted when the chair closes: he
	// counts as not voted.
	res = chair.get(path)
	if res := chair.post(path+"/close", url.Values{"version": {versionOf(t, res.body)}}); res.status != http.StatusSeeOther {
		t.Fatalf("close = %d", res.status)
	}
	page = office.get(path)
	if !page.has(`data-testid="tally"`) || !page.has("77,78%") {
		t.Errorf("the closed session page lacks the tally (7 of 9 = 77,78%%)")
	}
	for name, code := range codes {
		if !page.has(code) {
			t.Errorf("%s's receipt code %s is not published", name, code)
		}
	}
	minutes := office.get(path + "/minutes")
	if minutes.status != http.StatusOK || !minutes.has("BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG") || !minutes.has("77,78%") ||
		!minutes.has("CHỦ TỊCH HỘI ĐỒNG") || !minutes.has("ngày 18 tháng 12 năm 2025") {
		t.Errorf("minutes = %d", minutes.status)
	}
	// The ballot is final: a late vote is refused.
	if res := voteAll2(e.login("hd.nam"), id); res.status != http.StatusConflict && res.status != http.StatusNotFound {
		t.Errorf("late vote = %d", res.status)
	}
	// Recount equals the stored tally.
	var ballotID int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT id FROM ballots WHERE session_id = $1`, id).Scan(&ballotID); err != nil {
		t.Fatal(err)
	}
	v2, err := e.Store.CouncilSessionView(context.Background(), id, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := e.Store.Recount(context.Background(), ballotID)
	if err != nil || fmt.Sprint(rc.Items) != fmt.Sprint(v2.Results[0].Tally.Items) {
		t.Errorf("recount %v != stored %v (%v)", rc.Items, v2.Results[0].Tally.Items, err)
	}
}

// voteAll2 posts an empty ballot (a replay or a late vote).
func voteAll2(c *client, id int64) response {
	return c.post(fmt.Sprintf("/council/sessions/%d/vote", id), url.Values{"item-1": {"agree"}})
}

func TestCouncilBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, office := councilSession(t, e)
	path := fmt.Sprintf("/council/sessions/%d", id)
	for _, p := range []string{"/council/sessions/abc", "/council/sessions/999999", "/council/sessions/-1/minutes",
		"/council/sessions/999999/vote", path + "/documents/999999", path + "/written/abc", "/council/members/999999/edit"} {
		if res := office.get(p); res.status != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", p, res.status)
		}
	}
	// Minutes before any ballot closed: 404.
	if res := office.get(path + "/minutes"); res.status != http.StatusNotFound {
		t.Errorf("minutes of an unvoted session = %d", res.status)
	}
	// A new session without a date or an agenda: 422 with the form.
	res := office.get("/council/sessions/new")
	res = office.post("/council/sessions", url.Values{"title": {""}, "held_on": {"31/02/2025"}, "mode": {"x"}, "submission_id": {submissionOf(t, res.body)}})
	if res.status != http.StatusUnprocessableEntity || !res.has("Nhập tên phiên họp") || !res.has("Chọn ít nhất một đề nghị") {
		t.Errorf("bad session form = %d", res.status)
	}
	if res := office.post("/council/sessions", url.Values{"nominations": {"x"}}); res.status != http.StatusBadRequest {
		t.Errorf("malformed nomination id = %d", res.status)
	}
	// Attendance with a stale version: 409; without a version: 400.
	if res := office.post(path+"/attendance", url.Values{"version": {"99"}}); res.status != http.StatusConflict {
		t.Errorf("stale attendance = %d", res.status)
	}
	if res := office.post(path+"/attendance", url.Values{}); res.status != http.StatusBadRequest {
		t.Errorf("attendance without version = %d", res.status)
	}
	// Open without quorum: refused with a message, not 500.
	chair := e.login("giamdoc")
	page := chair.get(path)
	if res := chair.post(path+"/open", url.Values{"version": {versionOf(t, page.body)}}); res.status != http.StatusConflict || !res.has("2/3") {
		t.Errorf("open without quorum = %d", res.status)
	}
	// Reset without an open ballot, and with no reason.
	if res := chair.post(path+"/reset", url.Values{"version": {versionOf(t, page.body)}, "reason": {"Mất kết nối mạng"}}); res.status != http.StatusConflict {
		t.Errorf("reset without an open ballot = %d", res.status)
	}
	if res := chair.post(path+"/reset", url.Values{"version": {versionOf(t, page.body)}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("reset without a reason = %d", res.status)
	}
	// Roster: a second chair is refused with the form.
	res = office.get("/council")
	if !res.has("Nguyễn Thanh Phong") || !res.has("Chủ tịch Hội đồng") {
		t.Fatal("roster page lacks the chair")
	}
	person := regexp.MustCompile(`<option value="(\d+)">Huỳnh Thanh Bình`).FindStringSubmatch(res.body)
	if person == nil {
		t.Fatal("no person picker")
	}
	res = office.post("/council/members", url.Values{"person": {person[1]}, "role": {"chair"}, "from": {"01/01/2025"}, "submission_id": {submissionOf(t, res.body)}})
	if res.status != http.StatusUnprocessableEntity || !res.has("đã có Chủ tịch") {
		t.Errorf("second chair = %d", res.status)
	}
}

// TestCouncilConcurrentVotes sends one member's ballot 20 times at once:
// one is accepted, the others get 409.
func TestCouncilConcurrentVotes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	id, office := councilSession(t, e)
	v, err := e.Store.CouncilSessionView(ctx, id, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	var all []int64
	for _, a := range v.Attendance {
		all = append(all, a.MemberID)
	}
	if err := e.Store.SetAttendance(ctx, store.Actor{}, id, v.Session.Version, all); err != nil {
		t.Fatal(err)
	}
	v, _ = e.Store.CouncilSessionView(ctx, id, 0, true)
	chairUser, _, _ := e.Store.UserForLogin(ctx, "giamdoc")
	if err := e.Store.OpenBallot(ctx, store.Actor{UserID: chairUser.ID}, store.SessionAction{SessionID: id, Version: v.Session.Version}); err != nil {
		t.Fatal(err)
	}
	c := e.login("hd.tri")
	res := c.get(fmt.Sprintf("/council/sessions/%d/vote", id))
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="(item-\d+)"`).FindAllStringSubmatch(res.body, -1) {
		form.Set(m[1], "agree")
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for range 20 {
		wg.Go(func() {
			res := c.post(fmt.Sprintf("/council/sessions/%d/vote", id), form)
			mu.Lock()
			statuses[res.status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if statuses[http.StatusOK] != 1 || statuses[http.StatusConflict] != 19 {
		t.Errorf("statuses %v; want one 200 and 19 409", statuses)
	}
	_ = office
}

// openAll marks every seated member present and opens the ballot as the
// chair, through the store.
func openAll(t *testing.T, e *env, id int64) {
	t.Helper()
	ctx := context.Background()
	v, err := e.Store.CouncilSessionView(ctx, id, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	var all []int64
	for _, a := range v.Attendance {
		all = append(all, a.MemberID)
	}
	if err := e.Store.SetAttendance(ctx, store.Actor{}, id, v.Session.Version, all); err != nil {
		t.Fatal(err)
	}
	v, _ = e.Store.CouncilSessionView(ctx, id, 0, true)
	chair, _, _ := e.Store.UserForLogin(ctx, "giamdoc")
	if err := e.Store.OpenBallot(ctx, store.Actor{UserID: chair.ID}, store.SessionAction{SessionID: id, Version: v.Session.Version}); err != nil {
		t.Fatal(err)
	}
}

// TestCouncilRuleSetBySessionDate: the session's date picks the decree
// (R32), not 15/12 of the review year: a session on 20/06/2025 applies NĐ
// 98/2023, one on 18/12/2025 NĐ 152/2025, and the ballot's verdicts name it.
func TestCouncilRuleSetBySessionDate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, office := councilSessionOn(t, e, "20/06/2025", "electronic")
	path := fmt.Sprintf("/council/sessions/%d", id)
	if res := office.get(path); !res.has("NĐ 98/2023/NĐ-CP") || res.has("NĐ 152/2025/NĐ-CP") {
		t.Errorf("a June 2025 session does not apply NĐ 98/2023")
	}
	openAll(t, e, id)
	res := e.login("hd.tri").get(path + "/vote")
	if res.status != http.StatusOK || !res.has("Nghị định 98/2023/NĐ-CP") {
		t.Errorf("the ballot's verdicts do not name NĐ 98/2023: %d", res.status)
	}
}

// TestCouncilPaperBallot: the office enters the paper counts, counts over
// the members present are refused, the person who entered them cannot
// confirm them, the chair confirms, the close tallies them.
func TestCouncilPaperBallot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, office := councilSessionOn(t, e, "18/12/2025", "paper")
	path := fmt.Sprintf("/council/sessions/%d", id)
	openAll(t, e, id)
	res := office.get(path + "/paper")
	if res.status != http.StatusOK {
		t.Fatalf("paper form = %d", res.status)
	}
	if papers := office.get(path + "/papers"); papers.status != http.StatusOK || strings.Count(papers.body, `data-testid="ballot-paper"`) != 9 {
		t.Errorf("numbered ballot papers = %d", papers.status)
	}
	items := regexp.MustCompile(`name="agree-(\d+)"`).FindAllStringSubmatch(res.body, -1)
	if len(items) < 2 {
		t.Fatalf("%d items on the paper form", len(items))
	}
	form := func(agree, disagree string) url.Values {
		f := url.Values{}
		for _, m := range items {
			f.Set("agree-"+m[1], agree)
			f.Set("disagree-"+m[1], disagree)
			f.Set("abstain-"+m[1], "0")
		}
		return f
	}
	if res := office.post(path+"/paper", form("9", "1")); res.status != http.StatusUnprocessableEntity || !res.has("vượt số thành viên có mặt") {
		t.Errorf("10 papers from 9 members = %d", res.status)
	}
	if res := office.post(path+"/paper", form("x", "0")); res.status != http.StatusUnprocessableEntity {
		t.Errorf("a count that is not a number = %d", res.status)
	}
	if res := office.post(path+"/paper", form("8", "1")); res.status != http.StatusSeeOther {
		t.Fatalf("paper counts = %d", res.status)
	}
	if res := office.post(path+"/paper/confirm", url.Values{}); res.status != http.StatusConflict {
		t.Errorf("confirmed by the person who entered them = %d", res.status)
	}
	chair := e.login("giamdoc")
	if res := chair.post(path+"/paper/confirm", url.Values{}); res.status != http.StatusSeeOther {
		t.Fatalf("chair confirms = %d", res.status)
	}
	page := chair.get(path)
	if res := chair.post(path+"/close", url.Values{"version": {versionOf(t, page.body)}}); res.status != http.StatusSeeOther {
		t.Fatalf("close = %d", res.status)
	}
	// 8 of 9 agree: 88,89%, passes 80% and 50%.
	if page := chair.get(path); !page.has("88,89%") || page.has("Không đạt</span>") {
		t.Errorf("the paper tally is missing")
	}
}

// TestCouncilSecondRound: nothing passes in round 1; the chair opens a
// second round (R25) for the failed items; after it the session concludes
// by itself and the failed nomination fails.
func TestCouncilSecondRound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, office := councilSession(t, e)
	path := fmt.Sprintf("/council/sessions/%d", id)
	openAll(t, e, id)
	voters := []string{"giamdoc", "lanhdao", "vanphong", "tp.ngansach", "hd.tri", "hd.loc", "hd.quang", "hd.dung"}
	clients := map[string]*client{}
	for _, name := range voters[:4] {
		clients[name] = e.login(name)
		if res, _ := voteAll(t, clients[name], id, "agree"); res.status != http.StatusOK {
			t.Fatalf("%s votes: %d", name, res.status)
		}
	}
	chair := clients["giamdoc"]
	page := chair.get(path)
	if res := chair.post(path+"/close", url.Values{"version": {versionOf(t, page.body)}}); res.status != http.StatusSeeOther {
		t.Fatalf("close = %d", res.status)
	}
	page = chair.get(path)
	if !page.has(`data-testid="second-round"`) || !page.has(`data-testid="conclude"`) {
		t.Fatal("after a failed round the chair is offered neither a second round nor the conclusion")
	}
	if res := chair.post(path+"/second-round", url.Values{"version": {versionOf(t, page.body)}}); res.status != http.StatusSeeOther {
		t.Fatalf("second round = %d", res.status)
	}
	for _, name := range voters[:5] {
		c := clients[name]
		if c == nil {
			c = e.login(name)
		}
		if res, _ := voteAll(t, c, id, "agree"); res.status != http.StatusOK {
			t.Fatalf("%s votes in round 2: %d", name, res.status)
		}
	}
	page = chair.get(path)
	if res := chair.post(path+"/close", url.Values{"version": {versionOf(t, page.body)}}); res.status != http.StatusSeeOther {
		t.Fatalf("close round 2 = %d", res.status)
	}
	page = office.get(path)
	if !page.has("Kết quả bỏ phiếu vòng 2") || !page.has("Đã kết luận") || page.has(`data-testid="second-round"`) {
		t.Error("round 2's result or the conclusion is missing")
	}
	// LĐTT needs 5 of 9 (passed), CSTĐ cơ sở 8 of 9 (failed).
	var passed, failed int
	if err := e.Pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE n.state = 'passed'), count(*) FILTER (WHERE n.state = 'failed')
		FROM agenda_items ai JOIN nominations n ON n.id = ai.nomination_id WHERE ai.session_id = $1`, id).Scan(&passed, &failed); err != nil {
		t.Fatal(err)
	}
	if passed != 2 || failed != 1 {
		t.Errorf("%d passed, %d failed; want 2 LĐTT passed and the CSTĐ cơ sở failed", passed, failed)
	}
	if minutes := office.get(path + "/minutes"); !minutes.has("Kết quả bỏ phiếu vòng 1") || !minutes.has("Kết quả bỏ phiếu vòng 2") ||
		!minutes.has("Không đạt tỷ lệ phiếu đồng ý") {
		t.Error("the minutes lack a round or the failed item")
	}
}
