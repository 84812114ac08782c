package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"testing"
)

var submissionRe = regexp.MustCompile(`name="submission_id" value="([0-9a-f]{32})"`)

// formSubmission returns the submission id the create form at path carries.
func formSubmission(t *testing.T, c *client, path string) string {
	t.Helper()
	m := submissionRe.FindStringSubmatch(c.get(path).body)
	if m == nil {
		t.Fatalf("GET %s: the form has no submission id", path)
	}
	return m[1]
}

// TestCreateIsIdempotent (reliability I3, S34): a double click or a replay
// of a create form creates one record; ten concurrent replays too.
func TestCreateIsIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	units := e.count(`SELECT count(*) FROM units`)

	// A person: the first try fails validation; the corrected form keeps
	// its submission id and is then sent twice.
	id := formSubmission(t, c, "/people/new")
	form := url.Values{"submission_id": {id}, "version": {"0"}, "full_name": {"Lý Thị Bấm Hai Lần"}, "unit_id": {"3"},
		"gender": {"female"}, "employment": {"civil_servant"}, "birth_date": {"31/02/1990"}}
	bad := c.post("/people", form)
	if bad.status != http.StatusUnprocessableEntity || !bad.has(`value="`+id+`"`) {
		t.Fatalf("invalid person = %d; want 422 keeping the submission id", bad.status)
	}
	form.Set("birth_date", "28/02/1990")
	first, second := c.post("/people", form), c.post("/people", form)
	if first.status != http.StatusSeeOther || second.status != http.StatusSeeOther || first.header.Get("Location") != second.header.Get("Location") {
		t.Fatalf("double submit = %d %q, %d %q; want both 303 to the same person", first.status, first.header.Get("Location"),
			second.status, second.header.Get("Location"))
	}
	if n := e.count(`SELECT count(*) FROM people WHERE full_name = 'Lý Thị Bấm Hai Lần'`); n != 1 {
		t.Errorf("people created by a double submit = %d; want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE action = 'person.create' AND after->>'full_name' = 'Lý Thị Bấm Hai Lần'`); n != 1 {
		t.Errorf("person.create events = %d; want 1", n)
	}

	// A unit: ten concurrent replays behind a barrier.
	id = formSubmission(t, c, "/units/new")
	form = url.Values{"submission_id": {id}, "version": {"0"}, "name": {"Phòng Bấm Nhiều Lần"}, "kind": {"department"}}
	start := make(chan struct{})
	var wg sync.WaitGroup
	locations := make([]string, 10)
	statuses := make([]int, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := c.post("/units", form)
			statuses[i], locations[i] = res.status, res.header.Get("Location")
		}()
	}
	close(start)
	wg.Wait()
	for i := range 10 {
		if statuses[i] != http.StatusSeeOther || locations[i] != locations[0] {
			t.Errorf("replay %d = %d %q; want 303 to %q", i, statuses[i], locations[i], locations[0])
		}
	}
	if n := e.count(`SELECT count(*) FROM units`); n != units+1 {
		t.Errorf("units after 10 concurrent replays = %d; want %d", n, units+1)
	}
	t.Logf("METRIC S34 duplicates=0 replays=10")

	// Someone else's submission id does not reveal or reuse their record.
	other := e.login("vanphong")
	res := other.post("/units", url.Values{"submission_id": {id}, "version": {"0"}, "name": {"Phòng Khác"}, "kind": {"department"}})
	if res.status != http.StatusConflict {
		t.Errorf("another user's submission id = %d; want 409", res.status)
	}
}
