package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tdkt/internal/org"
	"tdkt/internal/store"
)

// unitNamed returns the unit called name.
func (e *env) unitNamed(name string) org.Unit {
	e.t.Helper()
	units, err := e.Store.ListUnits(context.Background(), store.UnitFilter{IncludeInactive: true})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range units {
		if u.Name == name {
			return u
		}
	}
	e.t.Fatalf("no unit %q", name)
	return org.Unit{}
}

// events counts the entries of an audit page.
func events(res response) int { return strings.Count(res.body, `data-testid="event"`) }

func TestAuditListsUnitUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	u := e.unitNamed("Phòng Quản lý ngân sách")
	id := strconv.FormatInt(u.ID, 10)
	res := c.post("/units/"+id, url.Values{"version": {strconv.Itoa(u.Version)}, "name": {"Phòng Ngân sách"},
		"short_name": {u.ShortName}, "kind": {string(u.Kind)}, "sort_order": {strconv.Itoa(u.SortOrder + 5)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("update unit = %d; want 303\n%s", res.status, res.body)
	}

	res = c.get("/audit")
	if res.status != http.StatusOK {
		t.Fatalf("GET /audit = %d; want 200", res.status)
	}
	for _, want := range []string{
		"Quản trị hệ thống", // the admin's display name as the actor
		"Sửa đơn vị",
		"Tên đơn vị: Phòng Quản lý ngân sách → Phòng Ngân sách",
		"Thứ tự hiển thị: " + strconv.Itoa(u.SortOrder) + " → " + strconv.Itoa(u.SortOrder+5),
		`href="/units/` + id + `"`,
		"Đơn vị “Phòng Ngân sách”",
	} {
		if !res.has(want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if strings.Contains(firstEvent(res.body), "Loại: ") {
		t.Error("unchanged field listed as a change")
	}
	if !regexp.MustCompile(`\d{2}/\d{2}/\d{4} \d{2}:\d{2}`).MatchString(firstEvent(res.body)) {
		t.Error("event time is not shown as dd/mm/yyyy hh:mm")
	}
	if n := events(res); n != 50 {
		t.Errorf("first page has %d events; want 50", n)
	}

	// Filter by object: the unit's own trail only (its create and update,
	// and its staff ratings from the demo data), newest first.
	res = c.get("/audit?type=unit&id=" + id)
	if res.status != http.StatusOK || events(res) < 2 || strings.Count(res.body, "đơn vị") < 2 {
		t.Fatalf("unit trail = %d with %d events; want 200 with create and update", res.status, events(res))
	}
	if other := e.unitNamed("Phòng Tài chính đầu tư"); strings.Contains(res.body, `href="/units/`+strconv.FormatInt(other.ID, 10)+`"`) {
		t.Error("the unit's trail shows another unit")
	}
	if i, j := strings.Index(res.body, "Sửa đơn vị"), strings.Index(res.body, "Tạo đơn vị"); i < 0 || j < 0 || i > j {
		t.Error("unit trail is not newest first")
	}
	if !res.has("Hệ thống") || !res.has(`data-testid="audit-subject"`) || res.has("Thêm người") {
		t.Error("unit trail lacks the seed's system actor or the subject, or shows other objects")
	}
	// Filter by type.
	res = c.get("/audit?type=person")
	if res.status != http.StatusOK || !res.has("Thêm người") || res.has("Sửa đơn vị") || res.has("Tạo tài khoản") {
		t.Errorf("person filter = %d; want person events only", res.status)
	}
	if !res.has(`<option value="person" selected`) {
		t.Error("type filter does not keep its choice")
	}
	res = c.get("/audit?type=user")
	if !res.has("Tạo tài khoản") || !res.has("Vai trò: Quản trị hệ thống") || res.has("Thêm người") {
		t.Error("user filter does not list the account creations with role labels")
	}
}

// firstEvent returns the HTML of the newest event of an audit page.
func firstEvent(body string) string {
	i := strings.Index(body, `data-testid="event"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest[1:], `data-testid="event"`); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

func TestAuditPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	first := c.get("/audit")
	m := regexp.MustCompile(`href="(/audit\?before=(\d+))"`).FindStringSubmatch(first.body)
	if m == nil || !first.has("Cũ hơn") {
		t.Fatalf("first page has no “Cũ hơn” link")
	}
	second := c.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if second.status != http.StatusOK || events(second) == 0 || !second.has("Mới nhất") {
		t.Fatalf("older page = %d with %d events; want events and a link to the newest", second.status, events(second))
	}
	if firstEvent(second.body) == firstEvent(first.body) {
		t.Error("older page repeats the first page")
	}
	// The whole trail is reachable, page by page, without repeats.
	total := events(first)
	next := m[1]
	for range 20 {
		res := c.get(next)
		total += events(res)
		mm := regexp.MustCompile(`href="(/audit\?before=\d+)"`).FindStringSubmatch(res.body)
		if mm == nil {
			break
		}
		next = mm[1]
	}
	// The demo data writes more events than one ListEvents call returns: count them all.
	if all := e.count(`SELECT count(*) FROM events`); total != all {
		t.Errorf("paging shows %d events; the trail has %d", total, all)
	}
	// Paging keeps the filter.
	res := c.get("/audit?type=person")
	if !regexp.MustCompile(`href="/audit\?before=\d+&amp;type=person"`).MatchString(res.body) {
		t.Error("“Cũ hơn” link of a filtered page loses the filter")
	}
}

func TestAuditBadQuery(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	for _, q := range []string{
		"?type=<script>alert(1)</script>&id=abc",
		"?type=unit&id=-1",
		"?type=unit&id=99999999999999999999",
		"?type=person&id=1e3&before=xyz",
		"?id=3",
		"?type=unit&id=999999",
		"?before=0",
		"?type=%ff%fe",
	} {
		res := c.get("/audit" + q)
		if res.status != http.StatusOK {
			t.Errorf("GET /audit%s = %d; want 200", q, res.status)
		}
		if res.has("<script>alert") {
			t.Errorf("GET /audit%s echoes the script unescaped", q)
		}
	}
	// An id that exists nowhere gives the empty state.
	if res := c.get("/audit?type=unit&id=999999"); !res.has(`data-testid="no-events"`) {
		t.Error("unknown object: no empty state")
	}
}

func TestAuditForbidden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, who := range []string{"tp.ngansach", "vanphong", "lanhdao"} {
		if res := e.login(who).get("/audit?type=unit&id=1"); res.status != http.StatusForbidden || !res.has("Không có quyền truy cập") {
			t.Errorf("%s GET /audit = %d; want 403", who, res.status)
		}
	}
	if res := e.client().get("/audit"); res.status != http.StatusSeeOther {
		t.Errorf("anonymous GET /audit = %d; want 303 to the sign-in page", res.status)
	}
}

// TestAuditAccountAndPersonChanges: changes made on the accounts pages show
// with Vietnamese labels; person ids show as names.
func TestAuditAccountAndPersonChanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	target := e.account("tp.dautu")
	res := c.post(accountURL(target)+"/roles", url.Values{"version": {strconv.Itoa(target.Version)}, "roles": {"dept_head", "council"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("change roles = %d", res.status)
	}
	res = c.get("/audit?type=user&id=" + strconv.FormatInt(target.ID, 10))
	for _, want := range []string{"Đổi vai trò", "Vai trò: Trưởng phòng → Trưởng phòng, Thành viên Hội đồng",
		"Người dùng: " + target.Name, "Tài khoản “tp.dautu”"} {
		if !res.has(want) {
			t.Errorf("account trail lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(res.body), "argon2") {
		t.Error("audit page shows a password hash")
	}
}

// TestAuditFilterFromLists: the trail is filtered by kind of object, by the
// person who acted and by a date range, all chosen from lists or typed as
// dates; a date that is not one is said next to its box.
func TestAuditFilterFromLists(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	page := c.get("/audit")
	for _, want := range []string{`name="actor"`, `name="from"`, `name="to"`, `<option value="bloc_score">Điểm thi đua</option>`,
		`<option value="he-thong">Hệ thống (tự động)</option>`, "(vanphong)"} {
		if !page.has(want) {
			t.Errorf("audit filter lacks %q", want)
		}
	}
	if page.has(`name="id"`) || page.has("Mã đối tượng") {
		t.Error("the filter still asks for an object id")
	}
	// The filter by one account: its events only.
	var uid int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'vanphong'`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	mine := e.count(`SELECT count(*) FROM events WHERE actor_id = (SELECT id FROM users WHERE username = 'vanphong')`)
	res := c.get("/audit?actor=" + strconv.FormatInt(uid, 10))
	if res.status != http.StatusOK || !res.has(`selected>Võ Thị Kim Loan (vanphong)`) {
		t.Fatalf("actor filter = %d or does not keep its choice", res.status)
	}
	if n := events(res); (mine == 0 && n != 0) || (mine > 0 && n == 0) || res.has("Quản trị hệ thống</a>") {
		t.Errorf("actor filter shows %d events of another actor or none of %d", n, mine)
	}
	sys := c.get("/audit?actor=he-thong")
	if events(sys) == 0 || strings.Contains(sys.body, "Quản trị hệ thống</a>") {
		t.Error("system filter shows no seed events or an account's")
	}
	// A date range: today (the test clock) has events; a range in the
	// past has none; the range is kept in the paging links.
	today := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("02/01/2006")
	res = c.get("/audit?from=" + url.QueryEscape(today) + "&to=" + url.QueryEscape(today))
	if res.status != http.StatusOK || events(res) == 0 {
		t.Errorf("today's range = %d with %d events; want the seed's", res.status, events(res))
	}
	if res = c.get("/audit?from=01/01/2001&to=31/12/2001"); events(res) != 0 || !res.has(`data-testid="no-events"`) {
		t.Errorf("a range without events shows %d", events(res))
	}
	if res = c.get("/audit?type=person&to=31/12/2001"); res.has(`data-testid="older"`) {
		t.Error("paging beyond a filtered empty range")
	}
	// Bad dates: the error beside the box, nothing filtered by it, no 500.
	for q, want := range map[string]string{
		"?from=31/02/2025":             "ngày 31/02/2025 không tồn tại",
		"?to=abc":                      "Đến ngày phải có dạng ngày/tháng/năm",
		"?from=10/10/2025&to=1/1/2025": "Đến ngày phải là ngày 10/10/2025 hoặc sau đó.",
		"?actor=999999":                "",
		"?actor=-1":                    "",
		"?actor=%3Cb%3E":               "",
	} {
		res := c.get("/audit" + q)
		if res.status != http.StatusOK || (want != "" && !res.has(want)) || events(res) == 0 {
			t.Errorf("GET /audit%s = %d, %d events; want 200 with %q and the unfiltered trail", q, res.status, events(res), want)
		}
	}
}
