package web_test

// Reliability scenarios of /work/shared/reliability.md run against the real
// HTTP server and a real PostgreSQL: S17 (malformed fields), S18 (NFC/NFD),
// S19 (stored XSS), S20 (SQL injection and LIKE wildcards), S28/S29
// (concurrent edits), S43 (panic recovery) and the unit deactivation flow.
// S13/S15 are in auth_test.go and S44 in routes_test.go.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tdkt/internal/pgtest"
	"tdkt/internal/store"
	"tdkt/web"
)

// relIDFrom reads the id out of a 303 Location such as /units/12.
func relIDFrom(t *testing.T, res response, prefix string) int64 {
	t.Helper()
	loc := res.header.Get("Location")
	if res.status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("status %d, Location %q; want 303 to %s{id}\n%s", res.status, loc, prefix, res.body)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, prefix), 10, 64)
	if err != nil {
		t.Fatalf("Location %q: %v", loc, err)
	}
	return id
}

// relCreateUnit creates a department through the form and returns its id.
func relCreateUnit(t *testing.T, c *client, name, short string) int64 {
	t.Helper()
	return relIDFrom(t, c.post("/units", url.Values{"name": {name}, "short_name": {short}, "kind": {"department"}}), "/units/")
}

// personForm is a valid person form for unit.
func personForm(name, position string, unitID int64) url.Values {
	return url.Values{"full_name": {name}, "position": {position}, "unit_id": {strconv.FormatInt(unitID, 10)},
		"gender": {"female"}, "employment": {"civil_servant"}, "active": {"1"}}
}

// relCreatePerson creates a person through the form and returns the id.
func relCreatePerson(t *testing.T, c *client, name, position string, unitID int64) int64 {
	t.Helper()
	return relIDFrom(t, c.post("/people", personForm(name, position, unitID)), "/people/")
}

// relUnitID is the unit of a demo account's person.
func relUnitID(t *testing.T, e *env, username string) int64 {
	t.Helper()
	u, _, err := e.Store.UserForLogin(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.UnitID
}

func relCount(t *testing.T, e *env, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// rawPost posts a same-origin form without touching t, so that it can run in
// a goroutine.
func rawPost(c *client, path string, form url.Values) (response, time.Duration, error) {
	req, _ := http.NewRequest(http.MethodPost, c.e.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", c.e.URL)
	start := time.Now()
	res, err := c.c.Do(req)
	if err != nil {
		return response{}, 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}, time.Since(start), err
}

// rawRequest sends method path with body and headers as they are given.
func rawRequest(t *testing.T, c *client, method, path, body string, headers map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, c.e.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return c.do(req)
}

// TestReliabilityS17MalformedFields: repeated keys, invalid UTF-8, huge
// values, control characters, hostile ids, wrong content types and a flood
// of query parameters give 303/4xx, never a server error, and whatever is
// stored is clean text.
func TestReliabilityS17MalformedFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("admin")
	requests, serverErrors := 0, 0
	noServerError := func(what string, res response) response {
		t.Helper()
		requests++
		if res.status >= 500 {
			serverErrors++
			t.Errorf("%s = %d; want no server error\n%s", what, res.status, res.body)
		}
		return res
	}
	clean := func(what, s string) {
		t.Helper()
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || strings.ContainsFunc(s, unicode.IsControl) {
			t.Errorf("%s stored as %q; want valid UTF-8 in NFC without control characters", what, s)
		}
	}

	// Repeated keys: the first value is used (or the form is refused).
	res := noServerError("repeated name", c.post("/units", url.Values{"name": {"Phòng lặp thứ nhất", "Phòng lặp thứ hai"}, "kind": {"department", "bogus"}}))
	switch res.status {
	case http.StatusSeeOther:
		u, err := e.Store.Unit(ctx, relIDFrom(t, res, "/units/"))
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != "Phòng lặp thứ nhất" || u.Kind != "department" {
			t.Errorf("repeated keys stored %q/%q; want the first values", u.Name, u.Kind)
		}
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
	default:
		t.Errorf("repeated keys = %d; want 303 with the first value, or 400/422", res.status)
	}

	// Invalid UTF-8 is dropped or refused.
	res = noServerError("invalid UTF-8", c.post("/units", url.Values{"name": {"Phòng \xff\xfe lỗi mã"}, "short_name": {"\xc3\x28X"}, "kind": {"department"}}))
	if res.status == http.StatusSeeOther {
		u, err := e.Store.Unit(ctx, relIDFrom(t, res, "/units/"))
		if err != nil {
			t.Fatal(err)
		}
		clean("unit name with invalid UTF-8", u.Name)
		clean("short name with invalid UTF-8", u.ShortName)
	} else if res.status != http.StatusUnprocessableEntity {
		t.Errorf("invalid UTF-8 = %d; want 303 or 422", res.status)
	}
	if !utf8.ValidString(res.body) {
		t.Error("response to invalid UTF-8 is not valid UTF-8")
	}

	// 300 000 characters (under the 1 MiB form cap): the length message.
	long := strings.Repeat("a", 300_000)
	res = noServerError("300 000-character unit name", c.post("/units", url.Values{"name": {long}, "kind": {"department"}}))
	if res.status != http.StatusUnprocessableEntity || !res.has("Tên đơn vị không quá 200 ký tự.") {
		t.Errorf("300 000-character unit name = %d; want 422 with the length message", res.status)
	}
	res = noServerError("300 000-character person name", c.post("/people", personForm(long, long, relUnitID(t, e, "tp.dautu"))))
	if res.status != http.StatusUnprocessableEntity || !res.has("Họ và tên không quá 200 ký tự.") || !res.has("Chức vụ không quá 200 ký tự.") {
		t.Errorf("300 000-character person name = %d; want 422 with the length messages", res.status)
	}

	// NUL and other control characters are stripped.
	res = noServerError("control characters in unit name", c.post("/units",
		url.Values{"name": {"Phòng\x00Kiểm\x07tra\x1b[31m\u202eNUL\r\n"}, "short_name": {"K\x00T\x7f"}, "kind": {"department"}}))
	uid := relIDFrom(t, res, "/units/")
	u, err := e.Store.Unit(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	clean("unit name with control characters", u.Name)
	clean("short name with control characters", u.ShortName)
	if !strings.Contains(u.Name, "Kiểm") || !strings.Contains(u.Name, "NUL") {
		t.Errorf("unit name with control characters stored as %q; want the text kept", u.Name)
	}
	res = noServerError("control characters in person name", c.post("/people", personForm("Trần\x00Thị\x01Bé\x1f", "Chuyên\x00viên", uid)))
	p, err := e.Store.Person(ctx, relIDFrom(t, res, "/people/"))
	if err != nil {
		t.Fatal(err)
	}
	clean("person name with control characters", p.FullName)
	clean("position with control characters", p.Position)

	// Ids in select fields that name no unit are a form error.
	for _, parent := range []string{"999999", "0", "-1", "1e3", "0x10", "99999999999999999999", "%00"} {
		res := noServerError("parent_id "+parent, c.post("/units", url.Values{"name": {"Phòng con " + parent}, "kind": {"department"}, "parent_id": {parent}}))
		if res.status != http.StatusUnprocessableEntity || (parent == "999999" && !res.has("Đơn vị cấp trên không tồn tại.")) {
			t.Errorf("unit with parent_id %q = %d; want 422 with a message", parent, res.status)
		}
	}
	for _, unit := range []string{"999999", "-1", "1;DROP"} {
		f := personForm("Ngô Văn Lạc", "", 1)
		f.Set("unit_id", unit)
		if res := noServerError("unit_id "+unit, c.post("/people", f)); res.status != http.StatusUnprocessableEntity {
			t.Errorf("person with unit_id %q = %d; want 422", unit, res.status)
		}
	}

	// Hostile ids in paths give the 404 page.
	for _, path := range []string{"/units/%00", "/units/..%2f", "/units/1;DROP", "/units/1%20OR%201=1", "/units/%00/edit",
		"/units/..%2f..%2fetc%2fpasswd", "/units/1;DROP/deactivate", "/people/%00", "/people/..%2f", "/people/1;DROP", "/people/..%2f/edit"} {
		res := noServerError("GET "+path, c.get(path))
		if res.status != http.StatusNotFound || !res.has("Không tìm thấy") {
			t.Errorf("GET %s = %d; want the 404 page", path, res.status)
		}
	}
	for _, path := range []string{"/units/%00", "/units/1;DROP", "/people/..%2f"} {
		res := noServerError("POST "+path, c.post(path, url.Values{"version": {"1"}, "name": {"X"}}))
		if res.status != http.StatusNotFound {
			t.Errorf("POST %s = %d; want 404", path, res.status)
		}
	}

	// Wrong Content-Type: a 4xx and no unit.
	before := relCount(t, e, `SELECT count(*) FROM units`)
	body := "name=Phòng+sai+kiểu&kind=department"
	for _, ct := range []string{"", "text/plain", "application/json", "multipart/form-data; boundary=xyz", "multipart/form-data", "a/b/c", "application/x-www-form-urlencoded; charset=\"", "text/html; charset=utf-8"} {
		res := noServerError("Content-Type "+ct, rawRequest(t, c, http.MethodPost, "/units", body,
			map[string]string{"Content-Type": ct, "Sec-Fetch-Site": "same-origin"}))
		if res.status < 400 || res.status >= 500 {
			t.Errorf("POST /units with Content-Type %q = %d; want 4xx", ct, res.status)
		}
	}
	if after := relCount(t, e, `SELECT count(*) FROM units`); after != before {
		t.Errorf("wrong Content-Type created %d units", after-before)
	}

	// 10 000 query parameters.
	var qs strings.Builder
	for i := range 10_000 {
		if i > 0 {
			qs.WriteByte('&')
		}
		fmt.Fprintf(&qs, "p%d=%d", i, i)
	}
	res = noServerError("10 000 query parameters", c.get("/people?"+qs.String()))
	if res.status != http.StatusOK && (res.status < 400 || res.status >= 500) {
		t.Errorf("GET /people with 10 000 parameters = %d; want 200 or 4xx", res.status)
	}
	res = noServerError("10 000 q parameters", c.get("/people?"+strings.Repeat("q=nguyen&", 10_000)+"unit=x&after=-1&before=1e3"))
	if res.status != http.StatusOK && (res.status < 400 || res.status >= 500) {
		t.Errorf("GET /people with 10 000 q parameters = %d; want 200 or 4xx", res.status)
	}
	t.Logf("METRIC S17 server_errors=%d requests=%d", serverErrors, requests)
}

// TestReliabilityS18NFCAndNFD: a name typed in NFD is stored in NFC and is
// found by NFD, NFC and unaccented searches.
func TestReliabilityS18NFCAndNFD(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("admin")
	nfc := "Nguyễn Thị Ánh Tây"
	nfd := norm.NFD.String(nfc)
	if nfd == nfc || nfd != "Nguye\u0302\u0303n Thi\u0323 A\u0301nh Ta\u0302y" {
		t.Fatalf("NFD of %q = %q", nfc, nfd)
	}
	id := relCreatePerson(t, c, nfd, norm.NFD.String("Chuyên viên phòng Đầu tư"), relUnitID(t, e, "tp.dautu"))
	p, err := e.Store.Person(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.FullName != nfc || !norm.NFC.IsNormalString(p.Position) {
		t.Errorf("stored %q / %q; want NFC %q", p.FullName, p.Position, nfc)
	}
	nfdRows := relCount(t, e, `SELECT count(*) FROM people WHERE full_name <> normalize(full_name, NFC) OR position <> normalize(position, NFC)`) +
		relCount(t, e, `SELECT count(*) FROM units WHERE name <> normalize(name, NFC) OR short_name <> normalize(short_name, NFC)`)
	if nfdRows != 0 {
		t.Errorf("%d rows not in NFC", nfdRows)
	}
	link := fmt.Sprintf(`href="/people/%d"`, id)
	found := 0
	for _, q := range []string{nfd, nfc, "nguyen thi anh", "NGUYỄN THỊ ÁNH", norm.NFD.String("thị ánh tây"), "  anh   tay "} {
		res := c.get("/people?" + url.Values{"q": {q}}.Encode())
		if res.status != http.StatusOK || !res.has(link) {
			t.Errorf("search %q = %d; want 200 listing person %d", q, res.status, id)
			continue
		}
		found++
	}
	t.Logf("METRIC S18 nfd_rows=%d searches_found=%d/6", nfdRows, found)
}

// TestReliabilityS19StoredXSS: script payloads in unit and person fields are
// escaped on every page that shows them.
func TestReliabilityS19StoredXSS(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	payloads := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `javascript:alert(1)`}
	var units, people []int64
	for i, pl := range payloads {
		units = append(units, relCreateUnit(t, c, pl, payloads[(i+1)%len(payloads)]))
	}
	for i, pl := range payloads {
		people = append(people, relCreatePerson(t, c, pl, payloads[(i+1)%len(payloads)], units[0]))
	}
	pages := []string{"/", "/units", "/units?inactive=1", "/people", "/people?inactive=1", "/people/new", "/audit",
		"/people?" + url.Values{"q": {payloads[0]}}.Encode(), "/people?" + url.Values{"q": {payloads[1] + "zzz"}}.Encode()}
	for _, id := range units {
		p := "/units/" + strconv.FormatInt(id, 10)
		pages = append(pages, p, p+"/edit", p+"/deactivate", "/audit?type=unit&id="+strconv.FormatInt(id, 10))
	}
	for _, id := range people {
		p := "/people/" + strconv.FormatInt(id, 10)
		pages = append(pages, p, p+"/edit", "/audit?type=person&id="+strconv.FormatInt(id, 10))
	}
	type page struct {
		name string
		res  response
	}
	var got []page
	for _, p := range pages {
		got = append(got, page{"GET " + p, c.get(p)})
	}
	// Forms that fail validation echo the input back.
	got = append(got,
		page{"POST /units (invalid)", c.post("/units", url.Values{"name": {payloads[1] + "x"}, "short_name": {payloads[0]}, "kind": {"bogus"}})},
		page{"POST /people (invalid)", c.post("/people", url.Values{"full_name": {payloads[0] + "x"}, "position": {payloads[1]}, "unit_id": {"x"}})},
		page{"POST /units/{id} (stale)", c.post("/units/"+strconv.FormatInt(units[1], 10), url.Values{"version": {"0"}, "name": {payloads[1] + "y"}, "kind": {"department"}})})
	unescaped, cspMissing, escapedSeen := 0, 0, 0
	for _, p := range got {
		if p.res.status >= 500 {
			t.Errorf("%s = %d", p.name, p.res.status)
		}
		if p.res.header.Get("Content-Security-Policy") == "" {
			cspMissing++
			t.Errorf("%s: no Content-Security-Policy", p.name)
		}
		lower := strings.ToLower(p.res.body)
		for _, bad := range []string{`<script>alert(1)</script>`, `<img src=x onerror`, `href="javascript:`, `href='javascript:`, `href=javascript:`, `src="javascript:`} {
			if strings.Contains(lower, bad) {
				unescaped++
				t.Errorf("%s: body contains %q unescaped", p.name, bad)
			}
		}
		if strings.Contains(p.res.body, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(p.res.body, "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;") {
			escapedSeen++
		}
	}
	// Positive control: the payloads were really shown (escaped).
	if escapedSeen < len(got)/2 {
		t.Errorf("escaped payload shown on %d of %d pages; the test is not looking at the data", escapedSeen, len(got))
	}
	t.Logf("METRIC S19 unescaped_echoes=%d csp_missing=%d pages=%d pages_showing_payload=%d", unescaped, cspMissing, len(got), escapedSeen)
}

// TestReliabilityS20SearchInjection: SQL and LIKE metacharacters in the
// search are plain text.
func TestReliabilityS20SearchInjection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	peopleBefore := relCount(t, e, `SELECT count(*) FROM people`)
	if res := c.get("/people?q=nguyen"); res.status != 200 || res.has(`data-testid="no-people"`) {
		t.Fatalf("control search nguyen = %d; want matches", res.status)
	}
	serverErrors, wildcardMatches := 0, 0
	probes := []string{`' OR 1=1 --`, `%`, `_`, `\`, `$1`, `nguyen%' ; DROP TABLE people; --`, `%%%%%%%%`, `____`,
		`ngu_en`, `n%n`, `\%`, `'; SELECT pg_sleep(5); --`, `") OR ("1"="1`, `1; DELETE FROM people`, `%' OR full_name LIKE '%`}
	for _, q := range probes {
		res := c.get("/people?" + url.Values{"q": {q}}.Encode())
		if res.status >= 500 {
			serverErrors++
		}
		if res.status != http.StatusOK {
			t.Errorf("search %q = %d; want 200", q, res.status)
			continue
		}
		if !res.has(`data-testid="no-people"`) {
			wildcardMatches++
			t.Errorf("search %q lists people; want the empty state (no wildcard or injected match)", q)
		}
	}
	// The other list parameters are not SQL either.
	for _, path := range []string{"/people?unit=1%20OR%201=1", "/people?unit=%27%3B+DROP+TABLE+people%3B--", "/people?after=1%20OR%201=1",
		"/people?before=-1", "/people?inactive=1%27", "/audit?type=unit%27&id=1;DROP", "/units?inactive=1%27--"} {
		res := c.get(path)
		if res.status >= 500 {
			serverErrors++
			t.Errorf("GET %s = %d; want no server error", path, res.status)
		}
	}
	if after := relCount(t, e, `SELECT count(*) FROM people`); after != peopleBefore {
		t.Errorf("people before %d, after %d", peopleBefore, after)
	}
	t.Logf("METRIC S20 server_errors=%d wildcard_matches=%d probes=%d people_table_intact=%v", serverErrors, wildcardMatches, len(probes),
		relCount(t, e, `SELECT count(*) FROM people`) == peopleBefore)
}

// raceResult is the outcome of one racer.
type raceResult struct {
	res  response
	took time.Duration
	err  error
}

// racePost releases one POST per client at once (behind a barrier) and
// returns the answers in client order.
func racePost(clients []*client, path string, forms []url.Values) []raceResult {
	out := make([]raceResult, len(clients))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, took, err := rawPost(c, path, forms[i])
			out[i] = raceResult{res, took, err}
		}()
	}
	close(start)
	wg.Wait()
	return out
}

func p95(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[(len(d)*95-1)/100]
}

// TestReliabilityS28ConcurrentUnitEdits: ten admins save the same version of
// a unit at once, twenty times: one wins, nine get 409 with their input kept,
// one audit event and one version step per round.
func TestReliabilityS28ConcurrentUnitEdits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	const racers, iterations = 10, 20
	clients := make([]*client, racers)
	for i := range clients {
		clients[i] = e.login("admin")
	}
	id := relCreateUnit(t, clients[0], "Phòng thi đua đồng thời", "TĐĐT")
	path := "/units/" + strconv.FormatInt(id, 10)
	doubles, conflicts := 0, 0
	var loserTimes []time.Duration
	rounds := 0
	deadline := time.Now().Add(20 * time.Second)
	for it := 0; it < iterations && time.Now().Before(deadline); it++ {
		rounds++
		u, err := e.Store.Unit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		events := relCount(t, e, `SELECT count(*) FROM events WHERE action = 'unit.update' AND object_id = $1`, id)
		forms := make([]url.Values, racers)
		names := make([]string, racers)
		for g := range forms {
			names[g] = fmt.Sprintf("Phòng đua vòng %d người %d", it, g)
			forms[g] = url.Values{"version": {strconv.Itoa(u.Version)}, "name": {names[g]}, "short_name": {"TĐĐT"},
				"kind": {"department"}, "sort_order": {"0"}}
		}
		results := racePost(clients, path, forms)
		won, winner := 0, -1
		for g, r := range results {
			switch {
			case r.err != nil:
				t.Fatalf("round %d racer %d: %v", it, g, r.err)
			case r.res.status == http.StatusSeeOther:
				won++
				winner = g
			case r.res.status == http.StatusConflict:
				conflicts++
				loserTimes = append(loserTimes, r.took)
				if !r.res.has(`value="`+names[g]+`"`) || !r.res.has("Người khác vừa sửa đơn vị này") ||
					!r.res.has(`name="version" value="`+strconv.Itoa(u.Version+1)+`"`) {
					t.Errorf("round %d racer %d: 409 page lacks the racer's input, the conflict message or the new version", it, g)
				}
			default:
				t.Errorf("round %d racer %d = %d; want 303 or 409\n%s", it, g, r.res.status, r.res.body)
			}
		}
		if won > 1 {
			doubles += won - 1
		}
		if won != 1 {
			t.Errorf("round %d: %d winners; want exactly 1", it, won)
			continue
		}
		now, err := e.Store.Unit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if now.Version != u.Version+1 || now.Name != names[winner] {
			t.Errorf("round %d: version %d → %d, name %q; want one step and the winner's name %q", it, u.Version, now.Version, now.Name, names[winner])
		}
		if n := relCount(t, e, `SELECT count(*) FROM events WHERE action = 'unit.update' AND object_id = $1`, id); n != events+1 {
			t.Errorf("round %d: %d new unit.update events; want 1", it, n-events)
		}
	}
	t.Logf("METRIC S28 double_transitions=%d conflicts=%d iterations=%d racers=%d loser_p95_ms=%.1f",
		doubles, conflicts, rounds, racers, float64(p95(loserTimes).Microseconds())/1000)
	if rounds < iterations {
		t.Errorf("only %d of %d rounds ran within the time budget", rounds, iterations)
	}
}

// TestReliabilityS29ConcurrentPersonEdits: the same race on a person.
func TestReliabilityS29ConcurrentPersonEdits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	const racers = 10
	clients := make([]*client, racers)
	for i := range clients {
		clients[i] = e.login("admin")
	}
	unitID := relUnitID(t, e, "tp.dautu")
	id := relCreatePerson(t, clients[0], "Lê Văn Đồng Thời", "Chuyên viên", unitID)
	p, err := e.Store.Person(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	events := relCount(t, e, `SELECT count(*) FROM events WHERE object_type = 'person' AND object_id = $1`, id)
	forms := make([]url.Values, racers)
	names := make([]string, racers)
	for g := range forms {
		names[g] = fmt.Sprintf("Lê Văn Sửa Số %d", g)
		forms[g] = personForm(names[g], "Chuyên viên", unitID)
		forms[g].Set("version", strconv.Itoa(p.Version))
	}
	results := racePost(clients, "/people/"+strconv.FormatInt(id, 10), forms)
	won, conflicts, winner := 0, 0, -1
	for g, r := range results {
		switch {
		case r.err != nil:
			t.Fatalf("racer %d: %v", g, r.err)
		case r.res.status == http.StatusSeeOther:
			won++
			winner = g
		case r.res.status == http.StatusConflict:
			conflicts++
			if !r.res.has(`value="`+names[g]+`"`) || !r.res.has("Người khác vừa sửa thông tin của người này") {
				t.Errorf("racer %d: 409 page lacks the racer's input or the conflict message", g)
			}
		default:
			t.Errorf("racer %d = %d; want 303 or 409", g, r.res.status)
		}
	}
	if won != 1 || conflicts != racers-1 {
		t.Fatalf("%d winners, %d conflicts; want 1 and %d", won, conflicts, racers-1)
	}
	now, err := e.Store.Person(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if now.Version != p.Version+1 || now.FullName != names[winner] {
		t.Errorf("version %d → %d, name %q; want one step and %q", p.Version, now.Version, now.FullName, names[winner])
	}
	newEvents := relCount(t, e, `SELECT count(*) FROM events WHERE object_type = 'person' AND object_id = $1`, id) - events
	if newEvents != 1 || relCount(t, e, `SELECT count(*) FROM events WHERE action = 'person.update' AND object_id = $1`, id) != 1 {
		t.Errorf("%d new events; want exactly one person.update", newEvents)
	}
	t.Logf("METRIC S29 double_transitions=%d conflicts=%d iterations=1 racers=%d", won-1, conflicts, racers)
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestReliabilityS43PanicRecovered: a panic in a handler becomes the generic
// 500 page with a request id, is logged, and the server keeps serving. The
// panic is real: the server's store has no pool, so the sign-in handler
// dereferences nil on its first query (the session store is a real database).
func TestReliabilityS43PanicRecovered(t *testing.T) {
	t.Parallel()
	sessions := pgtest.NewPool(t)
	var logs syncBuffer
	srv := web.NewServer(web.Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, store.New(nil), sessions)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &env{t: t, URL: ts.URL, Srv: srv}
	c := e.client()
	recovered := 0
	for i := range 2 {
		res := c.post("/login", url.Values{"username": {"admin"}, "password": {"demo-tdkt-2025"}})
		if res.status != http.StatusInternalServerError || !res.has("Đã có lỗi xảy ra") || !res.has("Mã tra cứu lỗi") {
			t.Fatalf("panicking handler (try %d) = %d; want the 500 page\n%s", i, res.status, res.body)
		}
		recovered++
		id := res.header.Get("X-Request-Id")
		if id == "" || !res.has(id) {
			t.Errorf("500 page does not show the request id %q", id)
		}
		if res.header.Get("Content-Security-Policy") == "" {
			t.Error("500 page after a panic has no CSP")
		}
		for _, leak := range []string{"panic", "runtime", "goroutine", "nil pointer", ".go:"} {
			if strings.Contains(strings.ToLower(res.body), leak) {
				t.Errorf("500 page leaks %q", leak)
			}
		}
		if log := logs.String(); !strings.Contains(log, "panic") || !strings.Contains(log, id) {
			t.Errorf("the panic with request id %s is not in the server log:\n%s", id, log)
		}
	}
	if res := c.get("/healthz"); res.status != http.StatusOK {
		t.Errorf("healthz after the panics = %d; want 200 (server alive)", res.status)
	}
	t.Logf("METRIC S43 panics_recovered=%d server_alive=true", recovered)
}

// TestReliabilityUnitDeactivation walks the deactivate/reactivate flow and
// its rules: a reason is required, a unit with people cannot stop, an
// inactive unit leaves the select lists and takes no one in.
func TestReliabilityUnitDeactivation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("admin")
	serverErrors := 0
	check := func(what string, res response) response {
		t.Helper()
		if res.status >= 500 {
			serverErrors++
			t.Errorf("%s = %d; want no server error\n%s", what, res.status, res.body)
		}
		return res
	}
	const name = "Phòng Tạm Ngừng Thử"
	id := relCreateUnit(t, c, name, "PTNT")
	path := "/units/" + strconv.FormatInt(id, 10)
	// A person who has left the unit does not keep it active.
	leaverID := relCreatePerson(t, c, "Võ Thị Đã Nghỉ", "Chuyên viên", id)
	leaver, err := e.Store.Person(ctx, leaverID)
	if err != nil {
		t.Fatal(err)
	}
	f := personForm(leaver.FullName, leaver.Position, id)
	f.Set("version", strconv.Itoa(leaver.Version))
	f.Del("active")
	if res := check("person leaves", c.post("/people/"+strconv.FormatInt(leaverID, 10), f)); res.status != http.StatusSeeOther {
		t.Fatalf("person leaves = %d; want 303", res.status)
	}

	res := check("confirm page", c.get(path+"/deactivate"))
	if res.status != http.StatusOK || !res.has("Ngừng hoạt động “"+name+"”?") || !res.has(`name="reason"`) {
		t.Fatalf("GET %s/deactivate = %d; want the confirmation page", path, res.status)
	}
	u, _ := e.Store.Unit(ctx, id)
	res = check("deactivate without reason", c.post(path+"/deactivate", url.Values{"version": {strconv.Itoa(u.Version)}, "reason": {" \x00 "}}))
	if res.status != http.StatusUnprocessableEntity || !res.has(`data-testid="error-summary"`) || !res.has("Nhập lý do ngừng hoạt động.") || !res.has(`href="#reason"`) {
		t.Errorf("deactivate without reason = %d; want 422 with the error summary", res.status)
	}

	// A unit that still has people: 409 with the head count, nothing changed.
	busyID := relUnitID(t, e, "tp.dautu")
	busy, err := e.Store.Unit(ctx, busyID)
	if err != nil || busy.People == 0 {
		t.Fatalf("unit of tp.dautu: %v, %d people", err, busy.People)
	}
	busyEvents := relCount(t, e, `SELECT count(*) FROM events WHERE object_type = 'unit' AND object_id = $1`, busyID)
	res = check("deactivate unit with people", c.post("/units/"+strconv.FormatInt(busyID, 10)+"/deactivate",
		url.Values{"version": {strconv.Itoa(busy.Version)}, "reason": {"Sáp nhập"}}))
	if want := fmt.Sprintf("còn %d người", busy.People); res.status != http.StatusConflict || !res.has(want) {
		t.Errorf("deactivate unit with people = %d; want 409 with %q", res.status, want)
	}
	if after, _ := e.Store.Unit(ctx, busyID); !after.Active || after.Version != busy.Version ||
		relCount(t, e, `SELECT count(*) FROM events WHERE object_type = 'unit' AND object_id = $1`, busyID) != busyEvents {
		t.Errorf("refused deactivation changed the unit: active %v, version %d → %d", after.Active, busy.Version, after.Version)
	}

	// The empty unit stops.
	res = check("deactivate", c.post(path+"/deactivate", url.Values{"version": {strconv.Itoa(u.Version)}, "reason": {"Sáp nhập vào phòng khác"}}))
	if res.status != http.StatusSeeOther || res.header.Get("Location") != path {
		t.Fatalf("deactivate = %d %q; want 303 to %s\n%s", res.status, res.header.Get("Location"), path, res.body)
	}
	if res := check("unit list", c.get("/units")); res.has(name) {
		t.Error("an inactive unit is in the default unit list")
	}
	if res := check("unit list with inactive", c.get("/units?inactive=1")); !res.has(name) || !res.has("Ngừng hoạt động từ") {
		t.Error("the inactive unit is not listed as Ngừng hoạt động with ?inactive=1")
	}
	option := fmt.Sprintf(`<option value="%d"`, id)
	for _, p := range []string{"/people/new", "/people/" + strconv.FormatInt(leaverID, 10) + "/edit", "/units/new", "/people"} {
		if res := check("GET "+p, c.get(p)); res.status != http.StatusOK || res.has(option) {
			t.Errorf("GET %s = %d; the inactive unit must not be offered in a select", p, res.status)
		}
	}
	if res := check("deactivate again", c.post(path+"/deactivate", url.Values{"version": {strconv.Itoa(u.Version + 1)}, "reason": {"lần hai"}})); res.status != http.StatusConflict {
		t.Errorf("deactivating an inactive unit = %d; want 409", res.status)
	}

	// No one joins an inactive unit: not by a move, not by a new person, and
	// a person who had left it cannot come back while it is inactive.
	movedID := relCreatePerson(t, c, "Phan Văn Chuyển", "Chuyên viên", busyID)
	moved, _ := e.Store.Person(ctx, movedID)
	f = personForm(moved.FullName, moved.Position, id)
	f.Set("version", strconv.Itoa(moved.Version))
	res = check("move into inactive unit", c.post("/people/"+strconv.FormatInt(movedID, 10), f))
	if (res.status != http.StatusUnprocessableEntity && res.status != http.StatusConflict) || !res.has("Đơn vị công tác đã ngừng hoạt động.") {
		t.Errorf("move into an inactive unit = %d; want 422/409 with the Vietnamese message", res.status)
	}
	if now, _ := e.Store.Person(ctx, movedID); now.UnitID != busyID || now.Version != moved.Version {
		t.Errorf("refused move changed the person: unit %d, version %d", now.UnitID, now.Version)
	}
	res = check("create in inactive unit", c.post("/people", personForm("Đỗ Thị Mới", "", id)))
	if res.status != http.StatusUnprocessableEntity || !res.has("Đơn vị công tác đã ngừng hoạt động.") {
		t.Errorf("create in an inactive unit = %d; want 422 with the Vietnamese message", res.status)
	}
	leaver, _ = e.Store.Person(ctx, leaverID)
	f = personForm(leaver.FullName, leaver.Position, id)
	f.Set("version", strconv.Itoa(leaver.Version))
	res = check("reactivate person in inactive unit", c.post("/people/"+strconv.FormatInt(leaverID, 10), f))
	if (res.status != http.StatusUnprocessableEntity && res.status != http.StatusConflict) || !res.has("Đơn vị công tác đã ngừng hoạt động.") {
		t.Errorf("a person returning to an inactive unit = %d; want 422/409 with the Vietnamese message", res.status)
	}
	if n := relCount(t, e, `SELECT count(*) FROM people WHERE unit_id = $1 AND active`, id); n != 0 {
		t.Errorf("inactive unit has %d active people", n)
	}

	// Reactivate.
	u, _ = e.Store.Unit(ctx, id)
	res = check("reactivate", c.post(path+"/reactivate", url.Values{"version": {strconv.Itoa(u.Version)}}))
	if res.status != http.StatusSeeOther {
		t.Fatalf("reactivate = %d; want 303", res.status)
	}
	if now, _ := e.Store.Unit(ctx, id); !now.Active || !now.ActiveTo.IsZero() {
		t.Errorf("after reactivation: active %v, active_to %v", now.Active, now.ActiveTo)
	}
	if res := check("person form", c.get("/people/new")); !res.has(option) {
		t.Error("the reactivated unit is not offered in the person form")
	}
	// A child unit cannot come back while its parent is inactive.
	parent := relCreateUnit(t, c, "Chi cục Thử Cấp Trên", "")
	childID := relIDFrom(t, c.post("/units", url.Values{"name": {"Đội Thử Cấp Dưới"}, "kind": {"affiliated"},
		"parent_id": {strconv.FormatInt(parent, 10)}}), "/units/")
	setActive := func(id int64, action string) response {
		t.Helper()
		u, _ := e.Store.Unit(ctx, id)
		return check(action, c.post(fmt.Sprintf("/units/%d/%s", id, action), url.Values{"version": {strconv.Itoa(u.Version)}, "reason": {"thử"}}))
	}
	if res := setActive(parent, "deactivate"); res.status != http.StatusConflict || !res.has("đơn vị trực thuộc") {
		t.Errorf("deactivate a unit with an active child = %d; want 409", res.status)
	}
	setActive(childID, "deactivate")
	if res := setActive(parent, "deactivate"); res.status != http.StatusSeeOther {
		t.Fatalf("deactivate the parent = %d; want 303", res.status)
	}
	if res := setActive(childID, "reactivate"); res.status != http.StatusConflict || !res.has("Đơn vị cấp trên đã ngừng hoạt động.") {
		t.Errorf("reactivate a child of an inactive unit = %d; want 409 with the Vietnamese message", res.status)
	}
	setActive(parent, "reactivate")
	if res := setActive(childID, "reactivate"); res.status != http.StatusSeeOther {
		t.Errorf("reactivate the child after its parent = %d; want 303", res.status)
	}

	var reason string
	if err := e.Pool.QueryRow(ctx, `SELECT reason FROM events WHERE action = 'unit.deactivate' AND object_id = $1`, id).Scan(&reason); err != nil || reason != "Sáp nhập vào phòng khác" {
		t.Errorf("unit.deactivate event: reason %q, %v", reason, err)
	}
	if n := relCount(t, e, `SELECT count(*) FROM events WHERE action = 'unit.reactivate' AND object_id = $1`, id); n != 1 {
		t.Errorf("%d unit.reactivate events; want 1", n)
	}
	t.Logf("METRIC DEACTIVATE server_errors=%d active_people_in_inactive_units=%d active_children_of_inactive_units=%d", serverErrors,
		relCount(t, e, `SELECT count(*) FROM people p JOIN units u ON u.id = p.unit_id WHERE p.active AND NOT u.active`),
		relCount(t, e, `SELECT count(*) FROM units c JOIN units u ON u.id = c.parent_id WHERE c.active AND NOT u.active`))
}

// TestReliabilityDeactivateRace: deactivating a unit while people are moved
// into it, and while a unit is created under it, never leaves an active
// person or an active child unit in an inactive unit.
func TestReliabilityDeactivateRace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	const iterations, movers = 50, 4
	office := e.login("vanphong")
	type job struct {
		c    *client
		path string
		form url.Values
	}
	admins := make([]*client, movers+1)
	people := make([]int64, movers)
	for i := range admins {
		admins[i] = e.login("admin")
	}
	for i := range people {
		people[i] = relCreatePerson(t, admins[0], fmt.Sprintf("Hồ Văn Đua %d", i), "Chuyên viên", relUnitID(t, e, "tp.dautu"))
	}
	badPeople, badChildren, deactivated, moved, children := 0, 0, 0, 0, 0
	for it := range iterations {
		target := relCreateUnit(t, admins[0], fmt.Sprintf("Phòng đích %d", it), "")
		tu, _ := e.Store.Unit(ctx, target)
		jobs := []job{
			{office, "/units/" + strconv.FormatInt(target, 10) + "/deactivate", url.Values{"version": {strconv.Itoa(tu.Version)}, "reason": {"đua"}}},
			{admins[movers], "/units", url.Values{"name": {fmt.Sprintf("Tổ con %d", it)}, "kind": {"department"}, "parent_id": {strconv.FormatInt(target, 10)}}},
		}
		for i, id := range people {
			p, _ := e.Store.Person(ctx, id)
			move := personForm(p.FullName, p.Position, target)
			move.Set("version", strconv.Itoa(p.Version))
			jobs = append(jobs, job{admins[i], "/people/" + strconv.FormatInt(id, 10), move})
		}
		out := make([]raceResult, len(jobs))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				res, took, err := rawPost(j.c, j.path, j.form)
				out[i] = raceResult{res, took, err}
			}()
		}
		close(start)
		wg.Wait()
		statuses := make([]int, len(out))
		for i, r := range out {
			if r.err != nil || r.res.status >= 500 {
				t.Fatalf("round %d %s: %v %d", it, jobs[i].path, r.err, r.res.status)
			}
			statuses[i] = r.res.status
			if r.res.status == http.StatusSeeOther {
				switch {
				case i == 0:
					deactivated++
				case i == 1:
					children++
				default:
					moved++
				}
			}
		}
		np := relCount(t, e, `SELECT count(*) FROM people p JOIN units u ON u.id = p.unit_id WHERE p.active AND NOT u.active`)
		nc := relCount(t, e, `SELECT count(*) FROM units c JOIN units u ON u.id = c.parent_id WHERE c.active AND NOT u.active`)
		if np > badPeople || nc > badChildren {
			t.Errorf("round %d: inactive units hold %d active people and %d active child units (deactivate, child, moves: %v)", it, np, nc, statuses)
			badPeople, badChildren = np, nc
		}
	}
	t.Logf("METRIC DEACTIVATE_RACE people_in_inactive_units=%d children_of_inactive_units=%d iterations=%d deactivated=%d moved=%d children_created=%d",
		badPeople, badChildren, iterations, deactivated, moved, children)
}
