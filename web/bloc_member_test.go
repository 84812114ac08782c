package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestBlocMemberAccess: external agencies' bloc_member accounts in the
// provincial Khối (demo data): each sees only its blocs, scores only its
// unit, the Khối trưởng's unit verifies, the office acts for the Sở.
func TestBlocMemberAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	headUnit := e.login("khoi.sonoivu") // Khối trưởng 2025
	member := e.login("khoi.sotuphap")  // Khối phó 2025
	office := e.login("vanphong")
	var khoi, internal, cum, mTP, mSo, crit string
	if err := e.Pool.QueryRow(t.Context(), `SELECT
			(SELECT '/blocs/' || id || '/2025' FROM blocs WHERE kind = 'khoi'),
			(SELECT '/blocs/' || id || '/2025' FROM blocs WHERE kind = 'internal'),
			(SELECT '/blocs/' || id || '/2025' FROM blocs WHERE kind = 'cum')`).Scan(&khoi, &internal, &cum); err != nil {
		t.Fatal(err)
	}
	e.Pool.QueryRow(t.Context(), `SELECT
			(SELECT m.id::text FROM bloc_members m JOIN bloc_years y ON y.id = m.bloc_year_id JOIN blocs b ON b.id = y.bloc_id
				JOIN units u ON u.id = m.unit_id WHERE b.kind = 'khoi' AND y.year = 2025 AND u.name = 'Sở Tư pháp tỉnh Tây Ninh'),
			(SELECT m.id::text FROM bloc_members m JOIN bloc_years y ON y.id = m.bloc_year_id JOIN blocs b ON b.id = y.bloc_id
				WHERE b.kind = 'khoi' AND y.year = 2025 AND m.label = 'Sở Tài chính tỉnh Tây Ninh'),
			(SELECT c.id::text FROM bloc_criteria c JOIN bloc_years y ON y.id = c.bloc_year_id JOIN blocs b ON b.id = y.bloc_id
				WHERE b.kind = 'khoi' AND y.year = 2025 AND c.code = '1')`).Scan(&mTP, &mSo, &crit)

	list := member.get("/blocs")
	if list.status != http.StatusOK || !list.has("Quản lý nhà nước và Tham mưu - Tổng hợp") || list.has("các phòng thuộc Sở") || list.has("10-06") {
		t.Errorf("bloc list of an external member shows the wrong blocs")
	}
	for _, path := range []string{internal, cum, internal + "/export.xlsx"} {
		if res := member.get(path); res.status != http.StatusNotFound {
			t.Errorf("GET %s as khoi.sotuphap = %d; want 404", path, res.status)
		}
	}
	page := member.get(khoi)
	if page.status != http.StatusOK || !page.has("Khối trưởng (Sở Nội vụ tỉnh Tây Ninh)") {
		t.Fatalf("khối page = %d", page.status)
	}
	// Sở Tư pháp's self-scores wait for the Khối trưởng: the member cannot verify its own.
	var score, ver string
	e.Pool.QueryRow(t.Context(), `SELECT id::text, version::text FROM bloc_scores WHERE member_id = $1 AND criterion_id = $2`, mTP, crit).Scan(&score, &ver)
	if res := member.post(khoi+"/scores/"+score+"/verify", url.Values{"version": {ver}, "points_" + crit: {"30"}}); res.status != http.StatusNotFound {
		t.Errorf("member verifies its own score = %d; want 404", res.status)
	}
	if res := office.post(khoi+"/scores/"+score+"/verify", url.Values{"version": {ver}, "points_" + crit: {"30"}}); res.status != http.StatusNotFound {
		t.Errorf("office verifies in a Khối it does not head = %d; want 404", res.status)
	}
	if res := headUnit.post(khoi+"/scores/"+score+"/verify", url.Values{"version": {ver}, "points_" + crit: {"25"}, "reason_" + crit: {"Thiếu số liệu"}}); res.status != http.StatusSeeOther {
		t.Errorf("Khối trưởng verifies = %d", res.status)
	}
	// The member cannot score the Sở; the office scores the Sở's own line.
	if res := member.post(khoi+"/members/"+mSo+"/scores/"+crit, url.Values{"version": {"0"}, "points_" + crit: {"30"}}); res.status != http.StatusNotFound {
		t.Errorf("member scores the Sở = %d; want 404", res.status)
	}
	if res := office.post(khoi+"/members/"+mSo+"/scores/"+crit, url.Values{"version": {"0"}, "points_" + crit: {"29,5"}}); res.status != http.StatusSeeOther {
		t.Errorf("office scores the Sở = %d", res.status)
	}
	sheet := member.get(khoi + "/members/" + mTP)
	if !sheet.has("Thiếu số liệu") || !strings.Contains(sheet.body, `data-testid="dispute-1"`) {
		t.Error("the member does not see the adjustment reason or the dispute form")
	}
	// The Khối trưởng's own scores are verified by a Khối phó, not by itself.
	var mNV string
	e.Pool.QueryRow(t.Context(), `SELECT m.id::text FROM bloc_members m JOIN units u ON u.id = m.unit_id
		WHERE m.bloc_year_id = (SELECT bloc_year_id FROM bloc_members WHERE id = $1) AND u.name = 'Sở Nội vụ tỉnh Tây Ninh'`, mTP).Scan(&mNV)
	if res := headUnit.post(khoi+"/members/"+mNV+"/scores/"+crit, url.Values{"version": {"0"}, "points_" + crit: {"30"}}); res.status != http.StatusSeeOther {
		t.Fatalf("Khối trưởng self-scores = %d", res.status)
	}
	e.Pool.QueryRow(t.Context(), `SELECT id::text, version::text FROM bloc_scores WHERE member_id = $1 AND criterion_id = $2`, mNV, crit).Scan(&score, &ver)
	if res := headUnit.post(khoi+"/scores/"+score+"/verify", url.Values{"version": {ver}, "points_" + crit: {"30"}}); res.status != http.StatusNotFound {
		t.Errorf("Khối trưởng verifies its own score = %d; want 404", res.status)
	}
	if res := member.post(khoi+"/scores/"+score+"/verify", url.Values{"version": {ver}, "points_" + crit: {"30"}}); res.status != http.StatusSeeOther {
		t.Errorf("Khối phó verifies the Khối trưởng's score = %d", res.status)
	}
	// Bloc members see the bloc, not the Sở's organisation.
	for _, path := range []string{"/units", "/people"} {
		if res := member.get(path); res.status != http.StatusForbidden {
			t.Errorf("GET %s as bloc member = %d; want 403", path, res.status)
		}
	}
}
