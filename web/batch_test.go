package web_test

import (
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tdkt/internal/award"
)

// uploadFiles posts a multipart form with fields and several files in the
// one "file" field, as a browser's multiple file input does.
func (c *client) uploadFiles(path string, fields url.Values, files map[string][]byte, order ...string) response {
	c.e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, name := range order {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		w.Write(files[name])
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", c.e.URL)
	return c.do(req)
}

// TestDossierSeveralFilesAndSharedDocuments: several files in one submit,
// each checked on its own (good ones kept, a bad one named inline); the
// tờ trình, biên bản and kết quả bỏ phiếu are the whole dossier's and the
// checklist asks for them once, not under every nomination.
func TestDossierSeveralFilesAndSharedDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ok, notOK := e.rateForLDTT("tp.ngansach")
	head := e.login("tp.ngansach")
	round := e.demoRound()
	d := e.dossierAt(head.post(fmt.Sprintf("/rounds/%d/dossiers", round.ID), url.Values{}))
	path := fmt.Sprintf("/dossiers/%d", d.ID)
	summary := "Hoàn thành xuất sắc nhiệm vụ tham mưu dự toán ngân sách tỉnh năm 2025."
	for _, p := range []int64{ok.ID, notOK.ID} {
		expect(t, "nominate", head.post(path+"/nominations", url.Values{"award": {award.LDTT}, "subject": {fmt.Sprintf("p:%d", p)},
			"summary": {summary}, "justification": {"Có sáng kiến cải tiến quy trình."}, "submission_id": {newSub()}}), http.StatusSeeOther)
	}
	v := e.dossier(d.ID)
	if len(v.Nominations) != 2 {
		t.Fatalf("%d nominations; want 2", len(v.Nominations))
	}
	// The check page asks for the tờ trình once, for the whole dossier.
	res := head.get(path + "/check")
	if n := strings.Count(res.body, "thiếu Tờ trình"); n != 1 || !res.has("Cả hồ sơ: thiếu Tờ trình") {
		t.Errorf("the check page asks for the tờ trình %d times; want once for the whole dossier", n)
	}
	page := head.get(path)
	if n := strings.Count(page.body, ">Tờ trình</a>"); n != 1 || !page.has("Tài liệu chung của cả hồ sơ") {
		t.Errorf("the task list shows the tờ trình %d times or has no shared section", n)
	}
	if !page.has(`multiple`) {
		t.Error("the file box does not take several files")
	}

	// Three files, one of them not a PDF: two are attached, the third is
	// named with its reason beside the file box, the choices are kept.
	nom := fmt.Sprint(v.Nominations[0].ID)
	files := map[string][]byte{"Tờ trình.pdf": samplePDF, "Biên bản.exe.pdf": []byte("MZ\x90\x00 not a pdf"), "Tờ trình ký.pdf": samplePDF}
	res = head.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocSubmission)}, "target": {nom}, "submission_id": {newSub()}},
		files, "Tờ trình.pdf", "Biên bản.exe.pdf", "Tờ trình ký.pdf")
	if res.status != http.StatusUnprocessableEntity || !res.has("“Biên bản.exe.pdf”") || !res.has("không đúng định dạng") ||
		!res.has(`data-testid="upload-done"`) || !res.has(`<option value="to_trinh" selected`) {
		t.Errorf("mixed upload = %d; want 422 naming the bad file, the good ones done, the kind kept\n%.3000s", res.status, res.body)
	}
	v = e.dossier(d.ID)
	if len(v.Docs) != 2 {
		t.Fatalf("%d documents; want the 2 good files", len(v.Docs))
	}
	for _, doc := range v.Docs {
		if doc.NominationID != 0 {
			t.Errorf("the tờ trình %q was attached to a nomination; it is the whole dossier's", doc.Name)
		}
	}
	// A report and a minutes file: the report may be a nomination's own.
	expect(t, "report", head.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocReport)}, "target": {"0"}, "submission_id": {newSub()}},
		map[string][]byte{"a.pdf": samplePDF}, "a.pdf"), http.StatusSeeOther)
	expect(t, "minutes", head.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocMinutes)}, "target": {"0"}, "submission_id": {newSub()}},
		map[string][]byte{"b.pdf": samplePDF}, "b.pdf"), http.StatusSeeOther)
	if res := head.get(path + "/check"); !res.has(`data-testid="submit"`) {
		t.Errorf("the dossier with its shared documents once is not complete\n%.3000s", res.body)
	}

	// Bad paths: all files bad, none at all, too many, a double submit.
	before := e.count(`SELECT count(*) FROM dossier_attachments WHERE dossier_id = $1`, d.ID)
	res = head.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocReport)}, "target": {"0"}},
		map[string][]byte{"x.pdf": {}, "y.pdf": []byte("not")}, "x.pdf", "y.pdf")
	if res.status != http.StatusUnprocessableEntity || !res.has("Chưa đính kèm được tệp nào") || !res.has("“x.pdf”") || !res.has("“y.pdf”") {
		t.Errorf("all bad = %d\n%.2000s", res.status, res.body)
	}
	res = head.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocReport)}, "target": {"0"}}, nil)
	if res.status != http.StatusUnprocessableEntity || !res.has("Chọn một tệp") {
		t.Errorf("no file = %d", res.status)
	}
	many := map[string][]byte{}
	var names []string
	for i := range 11 {
		n := fmt.Sprintf("f%d.pdf", i)
		many[n], names = samplePDF, append(names, n)
	}
	if res = head.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocReport)}, "target": {"0"}}, many, names...); res.status != http.StatusUnprocessableEntity || !res.has("tối đa 10 tệp") {
		t.Errorf("11 files = %d", res.status)
	}
	sub := newSub()
	for range 2 {
		expect(t, "double submit", head.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocReport)}, "target": {"0"}, "submission_id": {sub}},
			map[string][]byte{"c.pdf": samplePDF, "d.pdf": samplePDF}, "c.pdf", "d.pdf"), http.StatusSeeOther)
	}
	if after := e.count(`SELECT count(*) FROM dossier_attachments WHERE dossier_id = $1`, d.ID); after != before+2 {
		t.Errorf("%d documents added; want the 2 of the double submit once", after-before)
	}
	// Another unit's dossier is a 404 whatever the files.
	other := e.login("tp.dautu")
	if res := other.uploadFiles(path+"/documents", url.Values{"doc_kind": {string(award.DocReport)}, "target": {"0"}},
		map[string][]byte{"e.pdf": samplePDF}, "e.pdf"); res.status != http.StatusNotFound {
		t.Errorf("another unit's upload = %d; want 404", res.status)
	}
}

// TestNominateSeveralAtOnce: several nominees for the same award in one
// submit, with the engine's verdict beside each box; the ineligible ones
// need the written reason (named), nothing is added when one is refused.
func TestNominateSeveralAtOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ok, notOK := e.rateForLDTT("tp.ngansach")
	head := e.login("tp.ngansach")
	round := e.demoRound()
	d := e.dossierAt(head.post(fmt.Sprintf("/rounds/%d/dossiers", round.ID), url.Values{}))
	path := fmt.Sprintf("/dossiers/%d", d.ID)
	form := head.get(path + "/nominations/new?award=" + award.LDTT)
	if !form.has(`type="checkbox" name="subject"`) || !form.has("Đủ điều kiện") || !form.has("Chưa đủ điều kiện") {
		t.Fatalf("the candidates are not check boxes with verdicts\n%.3000s", form.body)
	}
	summary := "Hoàn thành xuất sắc nhiệm vụ tham mưu dự toán ngân sách tỉnh năm 2025."
	both := url.Values{"award": {award.LDTT}, "subject": {fmt.Sprintf("p:%d", ok.ID), fmt.Sprintf("p:%d", notOK.ID)},
		"summary": {summary}, "submission_id": {newSub()}}
	res := head.post(path+"/nominations", both)
	if res.status != http.StatusUnprocessableEntity || !res.has(notOK.FullName+". Hãy ghi rõ lý do") ||
		strings.Count(res.body, `checked`) < 2 || !res.has(summary) {
		t.Errorf("an ineligible pick without a reason = %d; want 422 naming %s with both boxes kept\n%.3000s", res.status, notOK.FullName, res.body)
	}
	if n := len(e.dossier(d.ID).Nominations); n != 0 {
		t.Fatalf("%d nominations added by a refused submit", n)
	}
	both.Set("justification", "Có sáng kiến cải tiến quy trình thẩm định dự toán.")
	for range 2 { // a double click adds them once
		expect(t, "nominate both", head.post(path+"/nominations", both), http.StatusSeeOther)
	}
	v := e.dossier(d.ID)
	if len(v.Nominations) != 2 {
		t.Fatalf("%d nominations; want 2", len(v.Nominations))
	}
	flagged := map[int64]bool{}
	for _, n := range v.Nominations {
		flagged[n.PersonID] = n.Flagged
	}
	if flagged[ok.ID] || !flagged[notOK.ID] {
		t.Errorf("flags %v; want only the ineligible one flagged", flagged)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE object_type = 'dossier' AND object_id = $1 AND action = 'nomination.add'`, d.ID); n != 2 {
		t.Errorf("%d nomination events; want 2", n)
	}
	if res := head.get(path + "/nominations/new?award=" + award.LDTT); strings.Count(res.body, "Đã có trong đợt xét này") != 2 {
		t.Error("the nominated people are not shown as already in the round")
	}

	// Bad paths: one already nominated (nothing added), a malformed
	// value, another unit's person (404), none chosen.
	staff := e.account("tp.ngansach")
	third := fmt.Sprintf("p:%d", staff.PersonID)
	res = head.post(path+"/nominations", url.Values{"award": {award.LDTT}, "subject": {third, fmt.Sprintf("p:%d", ok.ID)},
		"summary": {summary}, "justification": {"Lý do đủ dài để ghi."}, "submission_id": {newSub()}})
	if res.status != http.StatusUnprocessableEntity || !res.has("đã được đề nghị") {
		t.Errorf("a pick already in the round = %d\n%.2000s", res.status, res.body)
	}
	if n := len(e.dossier(d.ID).Nominations); n != 2 {
		t.Errorf("%d nominations after a refused batch; want 2", n)
	}
	res = head.post(path+"/nominations", url.Values{"award": {award.LDTT}, "subject": {"p:abc", third}, "summary": {summary}})
	if res.status != http.StatusUnprocessableEntity || !res.has("trong danh sách") {
		t.Errorf("a malformed pick = %d", res.status)
	}
	other := e.account("tp.dautu")
	res = head.post(path+"/nominations", url.Values{"award": {award.LDTT}, "subject": {third, fmt.Sprintf("p:%d", other.PersonID)},
		"summary": {summary}, "justification": {"Lý do đủ dài để ghi."}})
	expect(t, "another unit's person among the picks", res, http.StatusNotFound)
	res = head.post(path+"/nominations", url.Values{"award": {award.LDTT}, "summary": {summary}})
	if res.status != http.StatusUnprocessableEntity || !res.has("Chọn người hoặc tập thể") {
		t.Errorf("no pick = %d", res.status)
	}
}

// TestBlocVerifyAll: the Khối trưởng verifies every waiting self-score in
// one submit, leaving some rows for later and giving the reason of an
// adjustment; a bad row refuses the whole submit with its error on the
// row and the input kept; a stale page is a conflict; others get 404.
func TestBlocVerifyAll(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	head := e.login("khoi.sonoivu") // Khối trưởng 2025
	var khoi, yearID string
	if err := e.Pool.QueryRow(t.Context(), `SELECT '/blocs/' || b.id || '/2025', y.id::text FROM blocs b JOIN bloc_years y ON y.bloc_id = b.id
		WHERE b.kind = 'khoi' AND y.year = 2025`).Scan(&khoi, &yearID); err != nil {
		t.Fatal(err)
	}
	if res := head.get(khoi); !res.has(`data-testid="verify-all-link"`) {
		t.Error("the bloc page has no link to verify the waiting scores at once")
	}
	page := head.get(khoi + "/verify")
	rowRe := regexp.MustCompile(`name="score" value="(\d+)"`)
	rows := rowRe.FindAllStringSubmatch(page.body, -1)
	if page.status != http.StatusOK || len(rows) < 3 {
		t.Fatalf("verify page = %d with %d rows; want the waiting scores", page.status, len(rows))
	}
	form := url.Values{}
	self := map[string]string{}
	for _, m := range rows {
		id := m[1]
		form.Add("score", id)
		form.Set("version_"+id, regexp.MustCompile(`name="version_` + id + `" value="(\d+)"`).FindStringSubmatch(page.body)[1])
		self[id] = html.UnescapeString(regexp.MustCompile(`name="points_` + id + `" value="([^"]*)"`).FindStringSubmatch(page.body)[1])
		form.Set("points_"+id, self[id])
	}
	first, second, third := rows[0][1], rows[1][1], rows[2][1]
	waiting := func() int {
		return e.count(`SELECT count(*) FROM bloc_scores WHERE bloc_year_id = $1 AND status = 'self'`, yearID)
	}
	before := waiting()

	// Bad rows: points that are not a number, an adjustment without its
	// reason. Nothing is verified; the errors are on their rows.
	bad := cloneValues(form)
	bad.Set("points_"+first, "abc")
	bad.Set("points_"+second, "0")
	res := head.post(khoi+"/verify", bad)
	if res.status != http.StatusUnprocessableEntity || strings.Count(res.body, `data-testid="row-error"`) < 2 ||
		!res.has("nhập lý do điều chỉnh") || !res.has(`value="abc"`) {
		t.Errorf("bad rows = %d; want 422 with the row errors and the input kept\n%.3000s", res.status, res.body)
	}
	if waiting() != before {
		t.Fatal("a refused batch verified some scores")
	}
	// Every row left: nothing to do.
	all := cloneValues(form)
	for _, m := range rows {
		all.Set("skip_"+m[1], "1")
	}
	if res := head.post(khoi+"/verify", all); res.status != http.StatusUnprocessableEntity || !res.has("mọi dòng đều được để lại") {
		t.Errorf("all rows left = %d", res.status)
	}

	// The good submit: one adjusted with its reason, one left for later.
	good := cloneValues(form)
	good.Set("points_"+second, "0")
	good.Set("reason_"+second, "Không có minh chứng")
	good.Set("skip_"+third, "1")
	res = head.post(khoi+"/verify", good)
	if res.status != http.StatusSeeOther || redirectTo(res) != khoi+"/verify" {
		t.Fatalf("verify all = %d to %q; want 303 back to the page with the row left\n%.2000s", res.status, redirectTo(res), res.body)
	}
	if got := before - waiting(); got != len(rows)-1 {
		t.Errorf("%d scores verified; want %d", got, len(rows)-1)
	}
	var pts, reason string
	e.Pool.QueryRow(t.Context(), `SELECT verified_points::text, verify_reason FROM bloc_scores WHERE id = $1`, second).Scan(&pts, &reason)
	if reason != "Không có minh chứng" || strings.TrimRight(strings.TrimRight(pts, "0"), ".") != "" && pts != "0" {
		t.Errorf("adjusted row: %s with %q", pts, reason)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE action = 'bloc_score.verify' AND object_id = ANY($1::bigint[])`, "{"+first+","+second+"}"); n != 2 {
		t.Errorf("%d verify events for the two rows; want 2", n)
	}
	left := head.get(khoi + "/verify")
	if got := rowRe.FindAllStringSubmatch(left.body, -1); len(got) != 1 || got[0][1] != third {
		t.Errorf("rows left %v; want only %s", got, third)
	}
	// The old page again: those rows are verified already, a conflict.
	if res := head.post(khoi+"/verify", form); res.status != http.StatusConflict || !res.has("vừa được thẩm định") {
		t.Errorf("stale page = %d; want 409", res.status)
	}
	// Someone who verifies nobody in this Khối: 404; a member cannot
	// verify itself through the batch (its score is not among its rows).
	if res := e.login("tp.dautu").get(khoi + "/verify"); res.status != http.StatusNotFound {
		t.Errorf("tp.dautu GET verify = %d; want 404", res.status)
	}
	member := e.login("khoi.sotuphap")
	if res := member.post(khoi+"/verify", url.Values{"score": {third}, "version_" + third: {"1"}, "points_" + third: {"1"}}); res.status != http.StatusNotFound {
		t.Errorf("the deputy posts another member's score = %d; want 404", res.status)
	}
	if res := head.post(khoi+"/verify", url.Values{"score": {"abc"}}); res.status != http.StatusNotFound {
		t.Errorf("malformed score id = %d; want 404", res.status)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
