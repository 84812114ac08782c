package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestCampaignAndBlocFiles: the launching document, the signed covenant and
// evidence are checked by content, stored, listed and downloaded only by
// those who see their campaign or bloc.
func TestCampaignAndBlocFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := e.login("vanphong")
	head := e.login("tp.ngansach")
	other := e.login("tp.dautu")
	id := newCampaign(t, e, office, "31/12/2099", unitOf(t, e, "tp.ngansach"))
	page := office.get("/campaigns/" + id)
	office.post("/campaigns/"+id+"/launch", url.Values{"version": {version(t, page.body)}})

	if res := office.uploadForm("/campaigns/"+id+"/documents", nil, "ke-hoach.pdf", []byte("not a pdf")); res.status != http.StatusUnprocessableEntity {
		t.Errorf("bad file = %d; want 422", res.status)
	}
	if res := office.uploadForm("/campaigns/"+id+"/documents", nil, "", nil); res.status != http.StatusUnprocessableEntity {
		t.Errorf("no file = %d; want 422", res.status)
	}
	if res := office.uploadForm("/campaigns/"+id+"/documents", nil, "Kế hoạch 15-KH-STC.pdf", samplePDF); res.status != http.StatusSeeOther {
		t.Fatalf("upload = %d\n%s", res.status, res.body)
	}
	page = head.get("/campaigns/" + id)
	href := firstMatch(page.body, `href="(/campaigns/\d+/documents/\d+)"`)
	if href == "" {
		t.Fatal("the campaign page lists no document")
	}
	if res := head.get(href); res.status != http.StatusOK || res.body != string(samplePDF) {
		t.Errorf("download by a participant = %d", res.status)
	}
	if res := other.get(href); res.status != http.StatusNotFound {
		t.Errorf("download by another unit = %d; want 404", res.status)
	}
	if res := head.uploadForm("/campaigns/"+id+"/documents", nil, "x.pdf", samplePDF); res.status != http.StatusForbidden {
		t.Errorf("upload by a department head = %d; want 403", res.status)
	}

	// Evidence of the demo internal bloc's scores.
	var base, mNS, mDT, crit string
	if err := e.Pool.QueryRow(t.Context(), `SELECT '/blocs/' || b.id || '/' || y.year,
			(SELECT m.id::text FROM bloc_members m JOIN units u ON u.id = m.unit_id WHERE m.bloc_year_id = y.id AND u.name = 'Phòng Quản lý ngân sách'),
			(SELECT m.id::text FROM bloc_members m JOIN units u ON u.id = m.unit_id WHERE m.bloc_year_id = y.id AND u.name = 'Phòng Tài chính đầu tư'),
			(SELECT c.id::text FROM bloc_criteria c WHERE c.bloc_year_id = y.id AND c.code = '2')
		FROM blocs b JOIN bloc_years y ON y.bloc_id = b.id WHERE b.kind = 'internal'`).Scan(&base, &mNS, &mDT, &crit); err != nil {
		t.Fatal(err)
	}
	if res := head.post(base+"/members/"+mNS+"/scores/"+crit, url.Values{"version": {"0"}, "points_" + crit: {"18"}}); res.status != http.StatusSeeOther {
		t.Fatalf("self score = %d\n%s", res.status, res.body)
	}
	var score, dtScore string
	e.Pool.QueryRow(t.Context(), `SELECT (SELECT id::text FROM bloc_scores WHERE member_id = $1 AND criterion_id = $3),
		(SELECT id::text FROM bloc_scores WHERE member_id = $2 AND criterion_id = $3)`, mNS, mDT, crit).Scan(&score, &dtScore)
	if res := head.uploadForm(base+"/scores/"+dtScore+"/evidence", nil, "x.pdf", samplePDF); res.status != http.StatusNotFound {
		t.Errorf("evidence for another unit's score = %d; want 404", res.status)
	}
	// A bad file: its error on the score's row of the sheet, not a full-page error.
	if res := head.uploadForm(base+"/scores/"+score+"/evidence", nil, "virus.pdf", []byte("MZ not a pdf")); res.status != http.StatusUnprocessableEntity ||
		!res.has(`data-testid="row-error"`) || !res.has("Minh chứng chưa được thêm") || !res.has(`data-testid="breakdown"`) {
		t.Errorf("bad evidence = %d; want 422 with the error on the row\n%.2000s", res.status, res.body)
	}
	if res := head.uploadForm(base+"/scores/"+score+"/evidence", nil, "Báo cáo quý IV.pdf", samplePDF); res.status != http.StatusSeeOther {
		t.Fatalf("evidence = %d\n%s", res.status, res.body)
	}
	sheet := office.get(base + "/members/" + mNS)
	ev := firstMatch(sheet.body, `href="(`+base+`/documents/\d+)"`)
	if ev == "" || !sheet.has("Báo cáo quý IV.pdf") {
		t.Fatal("the sheet lists no evidence")
	}
	if res := office.get(ev); res.status != http.StatusOK {
		t.Errorf("office downloads evidence = %d", res.status)
	}
	var ver string
	e.Pool.QueryRow(t.Context(), `SELECT version::text FROM bloc_scores WHERE id = $1`, score).Scan(&ver)
	if res := office.post(base+"/scores/"+score+"/verify", url.Values{"version": {ver}, "points_" + crit: {"18"}}); res.status != http.StatusSeeOther {
		t.Fatalf("verify = %d", res.status)
	}
	if res := head.uploadForm(base+"/scores/"+score+"/evidence", nil, "muon.pdf", samplePDF); res.status != http.StatusConflict {
		t.Errorf("evidence after verification = %d; want 409", res.status)
	}
	if res := office.uploadForm(base+"/documents", nil, "Giao ước đã ký.pdf", samplePDF); res.status != http.StatusSeeOther {
		t.Errorf("covenant upload = %d", res.status)
	}
	if res := head.get(base); !res.has("Giao ước đã ký.pdf") {
		t.Error("the covenant document is not listed")
	}
	// Files of another bloc-year are not reachable through this one.
	var khoi string
	e.Pool.QueryRow(t.Context(), `SELECT '/blocs/' || b.id || '/2025' FROM blocs b WHERE b.kind = 'khoi'`).Scan(&khoi)
	if res := office.get(khoi + ev[len(base):]); res.status != http.StatusNotFound {
		t.Errorf("evidence through another bloc = %d; want 404", res.status)
	}
}
