package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The Chánh Văn phòng acts for Văn phòng Sở like any head acts for her
// unit; nobody decides, appraises or verifies his own unit's work.
func TestOfficeIsAUnitFourEyes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	vp := unitOf(t, e, "vanphong")
	office := e.login("vanphong")
	scalar := func(sql string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := e.Pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}

	// Her unit's pledge: she registers it, someone else decides.
	campaign := scalar(`INSERT INTO campaigns (year, kind, name, launch_on, registration_deadline, status)
		VALUES (2026, 'thematic', 'Phong trào Bốn mắt', '2026-01-05', '2099-12-31', 'launched') RETURNING id`)
	scalar(`INSERT INTO campaign_units (campaign_id, unit_id) VALUES ($1, $2) RETURNING campaign_id`, campaign, vp)
	if res := office.get(fmt.Sprintf("/campaigns/%d/pledge", campaign)); res.status != http.StatusOK {
		t.Fatalf("the Chánh Văn phòng opens Văn phòng's pledge = %d; want 200", res.status)
	}
	scalar(`INSERT INTO pledges (campaign_id, unit_id, year, status, submitted_at) VALUES ($1, $2, 2026, 'submitted', now()) RETURNING id`, campaign, vp)
	review := fmt.Sprintf("/campaigns/%d/pledges/%d", campaign, vp)
	res := office.get(review)
	if res.status != http.StatusOK || !res.has(`data-testid="four-eyes"`) || res.has(`data-testid="accept"`) {
		t.Errorf("review of her own unit's pledge = %d; want the four-eyes note and no accept button", res.status)
	}
	if res := office.post(review+"/accept", url.Values{"version": {"1"}}); res.status != http.StatusForbidden {
		t.Errorf("accepting her own unit's pledge = %d; want 403", res.status)
	}
	if st := scalar(`SELECT count(*) FROM pledges WHERE campaign_id = $1 AND status = 'submitted'`, campaign); st != 1 {
		t.Error("the pledge changed")
	}
	// The page names who decides instead; the second office member does.
	if !res.has("Đỗ Thị Mỹ Linh") || !res.has("Lê Thị Thu Hà") {
		t.Errorf("the four-eyes note does not name who decides\n%s", res.body)
	}
	if res := e.login("lanhdao").get("/"); !res.has(`href="` + review + `"`) {
		t.Error("leadership's home does not list Văn phòng's pledge waiting to be decided")
	}
	second := e.login("vp.linh")
	res = second.get(review)
	if res.status != http.StatusOK || !res.has(`data-testid="accept"`) {
		t.Fatalf("the second office member's review = %d; want the accept button", res.status)
	}
	pv := scalar(`SELECT version FROM pledges WHERE campaign_id = $1`, campaign)
	if res := second.post(review+"/accept", url.Values{"version": {fmt.Sprint(pv)}}); res.status != http.StatusSeeOther {
		t.Errorf("the second office member accepts Văn phòng's pledge = %d; want 303", res.status)
	}
	if st := scalar(`SELECT count(*) FROM pledges WHERE campaign_id = $1 AND status = 'accepted'`, campaign); st != 1 {
		t.Error("the pledge was not accepted")
	}
	// Leadership decides the office's own pledge, not another unit's.
	other := scalar(`SELECT unit_id FROM people p JOIN users u ON u.person_id = p.id WHERE u.username = 'tp.dautu'`)
	scalar(`INSERT INTO campaign_units (campaign_id, unit_id) VALUES ($1, $2) RETURNING campaign_id`, campaign, other)
	scalar(`INSERT INTO pledges (campaign_id, unit_id, year, status, submitted_at) VALUES ($1, $2, 2026, 'submitted', now()) RETURNING id`, campaign, other)
	leader := e.login("lanhdao")
	if res := leader.post(fmt.Sprintf("/campaigns/%d/pledges/%d/accept", campaign, other), url.Values{"version": {"1"}}); res.status != http.StatusForbidden {
		t.Errorf("leadership accepts another unit's pledge = %d; want 403", res.status)
	}
	if res := e.login("tp.dautu").post(fmt.Sprintf("/campaigns/%d/pledges/%d/accept", campaign, other), url.Values{"version": {"1"}}); res.status != http.StatusForbidden {
		t.Errorf("a head accepts his own pledge = %d; want 403", res.status)
	}

	// Her unit's dossier: she opens it from the round page.
	round := scalar(`INSERT INTO rounds (kind, year, title, deadline) VALUES ('ad_hoc', 2026, 'Đợt Bốn mắt', '2099-12-31') RETURNING id`)
	res = office.get(fmt.Sprintf("/rounds/%d", round))
	if !res.has(`data-testid="open-dossier"`) || !res.has("Hồ sơ của các đơn vị") {
		t.Errorf("the round page lacks her unit's dossier or the list of all units")
	}
	res = office.post(fmt.Sprintf("/rounds/%d/dossiers", round), url.Values{"submission_id": {newSub()}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("opening Văn phòng's dossier = %d; want 303", res.status)
	}
	dossier := scalar(`SELECT id FROM dossiers WHERE round_id = $1 AND unit_id = $2`, round, vp)
	scalar(`UPDATE dossiers SET state = 'submitted', submitted_at = now() WHERE id = $1 RETURNING id`, dossier)
	res = office.get(fmt.Sprintf("/dossiers/%d", dossier))
	if !res.has(`data-testid="four-eyes"`) || res.has(fmt.Sprintf(`action="/dossiers/%d/receive"`, dossier)) {
		t.Error("her own unit's dossier offers her to receive it")
	}
	v := scalar(`SELECT version FROM dossiers WHERE id = $1`, dossier)
	if res := office.post(fmt.Sprintf("/dossiers/%d/receive", dossier), url.Values{"version": {fmt.Sprint(v)}}); res.status == http.StatusSeeOther {
		t.Error("she received her own unit's dossier")
	}
	if st := scalar(`SELECT count(*) FROM dossiers WHERE id = $1 AND state = 'submitted'`, dossier); st != 1 {
		t.Error("the dossier changed")
	}
	// The page names who receives it; leadership does.
	if res := office.get(fmt.Sprintf("/dossiers/%d", dossier)); !res.has("Đỗ Thị Mỹ Linh") || !res.has("Lê Thị Thu Hà") {
		t.Error("the four-eyes note does not name who receives the dossier")
	}
	if res := leader.get("/"); !res.has(fmt.Sprintf(`href="/dossiers/%d"`, dossier)) {
		t.Error("leadership's home does not list Văn phòng's dossier to receive")
	}
	res = leader.get(fmt.Sprintf("/dossiers/%d", dossier))
	if !res.has(fmt.Sprintf(`action="/dossiers/%d/receive"`, dossier)) {
		t.Errorf("leadership is not offered to receive Văn phòng's dossier\n%s", res.body)
	}
	if res := leader.post(fmt.Sprintf("/dossiers/%d/receive", dossier), url.Values{"version": {fmt.Sprint(v)}}); res.status != http.StatusSeeOther {
		t.Errorf("leadership receives Văn phòng's dossier = %d; want 303\n%s", res.status, res.body)
	}
	if st := scalar(`SELECT count(*) FROM dossiers WHERE id = $1 AND state = 'appraising'`, dossier); st != 1 {
		t.Error("the dossier was not received")
	}
	// Another unit's dossier is the office's, not leadership's.
	var otherDossier, ov int64
	if err := e.Pool.QueryRow(ctx, `SELECT id, version FROM dossiers WHERE state = 'submitted' AND unit_id <> $1 LIMIT 1`, vp).Scan(&otherDossier, &ov); err == nil {
		if res := leader.post(fmt.Sprintf("/dossiers/%d/receive", otherDossier), url.Values{"version": {fmt.Sprint(ov)}}); res.status == http.StatusSeeOther {
			t.Error("leadership received another unit's dossier")
		}
	}

	// Internal bloc: Văn phòng's own self-score is verified by leadership, not by her.
	var bloc, year, score, cid, version int64
	err := e.Pool.QueryRow(ctx, `UPDATE bloc_scores SET status = 'self', verified_points = NULL, self_points = 100
		WHERE id = (SELECT s.id FROM bloc_scores s JOIN bloc_members m ON m.id = s.member_id JOIN bloc_years y ON y.id = s.bloc_year_id
			JOIN blocs b ON b.id = y.bloc_id JOIN bloc_criteria c ON c.id = s.criterion_id
			WHERE b.kind = 'internal' AND y.phase = 'scoring' AND m.unit_id = $1 AND c.max_points >= 100 ORDER BY s.id LIMIT 1)
		RETURNING (SELECT bloc_id FROM bloc_years WHERE id = bloc_year_id), (SELECT year FROM bloc_years WHERE id = bloc_year_id), id, criterion_id, version`,
		vp).Scan(&bloc, &year, &score, &cid, &version)
	if err != nil {
		t.Fatalf("Văn phòng is not scoring in the internal bloc: %v", err)
	}
	path := fmt.Sprintf("/blocs/%d/%d/scores/%d/verify", bloc, year, score)
	form := url.Values{"version": {fmt.Sprint(version)}, fmt.Sprintf("points_%d", cid): {"1"}, fmt.Sprintf("reason_%d", cid): {"Đối chiếu minh chứng."}}
	if res := office.post(path, form); res.status == http.StatusSeeOther {
		t.Error("the office verified its own unit's score")
	}
	if res := e.login("lanhdao").get("/"); !res.has("chờ bạn thẩm định") {
		t.Error("leadership is not asked to verify Văn phòng's scores")
	}
	if res := e.login("lanhdao").post(path, form); res.status != http.StatusSeeOther {
		t.Errorf("leadership verifies Văn phòng's score = %d; want 303\n%s", res.status, res.body)
	}
}

// Leadership reads ratings, people and award histories, and changes none.
func TestLeadershipReadsRatingsPeopleHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ns := unitOf(t, e, "tp.ngansach")
	var person int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT id FROM people WHERE unit_id = $1 AND active ORDER BY id LIMIT 1`, ns).Scan(&person); err != nil {
		t.Fatal(err)
	}
	for _, username := range []string{"lanhdao", "giamdoc"} {
		c := e.login(username)
		res := c.get("/ratings/2025")
		if res.status != http.StatusOK || !res.has(`data-testid="rating-overview"`) || res.has("save-unit-ratings") || res.has("lock-ratings") {
			t.Errorf("%s: the ratings overview = %d; want it read-only", username, res.status)
		}
		res = c.get(fmt.Sprintf("/ratings/2025?unit=%d", ns))
		if res.status != http.StatusOK || !res.has(`data-testid="rating-sheet"`) || res.has(`name="p"`) || res.has("save-ratings") {
			t.Errorf("%s: a unit's sheet = %d; want it read-only", username, res.status)
		}
		if res := c.post("/ratings/2025", url.Values{"unit_id": {fmt.Sprint(ns)}}); res.status != http.StatusForbidden {
			t.Errorf("%s: saving ratings = %d; want 403", username, res.status)
		}
		if res := c.get("/people"); res.status != http.StatusOK {
			t.Errorf("%s: /people = %d; want 200", username, res.status)
		}
		res = c.get(fmt.Sprintf("/people/%d/history", person))
		if res.status != http.StatusOK || res.has(`action="/people/`) {
			t.Errorf("%s: a person's history = %d; want it read-only", username, res.status)
		}
		if res := c.post(fmt.Sprintf("/people/%d/history/awards", person), url.Values{"year": {"2024"}}); res.status != http.StatusForbidden {
			t.Errorf("%s: recording an award = %d; want 403", username, res.status)
		}
	}
}
