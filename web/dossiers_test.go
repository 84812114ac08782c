package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/dossier"
	"tdkt/internal/org"
	"tdkt/internal/store"
)

// samplePDF is a tiny valid PDF.
var samplePDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func newSub() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// uploadForm posts a multipart form with fields and one file, as a browser would.
func (c *client) uploadForm(path string, fields url.Values, name string, data []byte) response {
	c.e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if name != "" || data != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", c.e.URL)
	return c.do(req)
}

// demoRound is the 2025 year-end round of the demo data.
func (e *env) demoRound() store.Round {
	e.t.Helper()
	rounds, err := e.Store.Rounds(context.Background(), 0)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range rounds {
		if r.Year == 2025 && r.Kind == dossier.YearEnd {
			return r.Round
		}
	}
	e.t.Fatal("no 2025 year-end round in the demo data")
	return store.Round{}
}

// rateForLDTT rates one person HTT in 2025 (eligible for LĐTT) and leaves
// the other unrated (not eligible); it returns them in that order.
func (e *env) rateForLDTT(username string) (eligible, not org.Person) {
	e.t.Helper()
	ctx := context.Background()
	u := e.account(username)
	people, err := e.Store.AllPeople(ctx, store.PeopleFilter{UnitID: u.UnitID})
	if err != nil || len(people) < 3 {
		e.t.Fatalf("people of %s: %d, %v", username, len(people), err)
	}
	var staff []org.Person
	for _, p := range people {
		if p.ID != u.PersonID {
			staff = append(staff, p)
		}
	}
	sheet, err := e.Store.RatingSheet(ctx, u.UnitID, 2025)
	if err != nil {
		e.t.Fatal(err)
	}
	versions := map[int64]int{}
	for _, row := range sheet.Rows {
		versions[row.PersonID] = row.Version
	}
	entries := []store.RatingEntry{{PersonID: staff[0].ID, Rating: award.HTT, Version: versions[staff[0].ID]},
		{PersonID: staff[1].ID, Rating: "", Version: versions[staff[1].ID]}}
	if _, err := e.Store.SaveRatings(ctx, store.Actor{RequestID: "test"}, u.UnitID, 2025, entries); err != nil {
		e.t.Fatal(err)
	}
	return staff[0], staff[1]
}

func redirectTo(res response) string { return res.header.Get("Location") }

// dossierOf returns the dossier a 303 points to.
func (e *env) dossierAt(res response) store.Dossier {
	e.t.Helper()
	var id int64
	if _, err := fmt.Sscanf(redirectTo(res), "/dossiers/%d", &id); err != nil {
		e.t.Fatalf("redirect %q (status %d) is not a dossier\n%s", redirectTo(res), res.status, res.body)
	}
	d, err := e.Store.Dossier(context.Background(), store.Scope{All: true}, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

func (e *env) dossier(id int64) store.DossierView {
	e.t.Helper()
	v, err := e.Store.DossierView(context.Background(), store.Scope{All: true}, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func expect(t *testing.T, what string, res response, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s = %d; want %d\n%s", what, res.status, status, res.body)
	}
}

// TestDossierJourney: the department head builds, submits, answers a
// supplement request and resubmits; the office receives, returns, marks
// and appraises. Replays create nothing twice.
func TestDossierJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ok, notOK := e.rateForLDTT("tp.ngansach")
	head, office := e.login("tp.ngansach"), e.login("vanphong")
	round := e.demoRound()

	res := head.get("/rounds")
	expect(t, "GET /rounds", res, http.StatusOK)
	if !res.has(round.Title) {
		t.Fatalf("the round list lacks %q", round.Title)
	}
	res = head.post(fmt.Sprintf("/rounds/%d/dossiers", round.ID), url.Values{"submission_id": {newSub()}})
	expect(t, "open dossier", res, http.StatusSeeOther)
	d := e.dossierAt(res)
	path := fmt.Sprintf("/dossiers/%d", d.ID)
	// Opening again leads to the same dossier.
	if again := head.post(fmt.Sprintf("/rounds/%d/dossiers", round.ID), url.Values{}); redirectTo(again) != path {
		t.Errorf("opening again leads to %q; want %q", redirectTo(again), path)
	}

	res = head.get(path + "/nominations/new?award=" + award.LDTT)
	expect(t, "candidates", res, http.StatusOK)
	if !res.has(ok.FullName) || !res.has("Đủ điều kiện") || !res.has("Chưa đủ điều kiện") {
		t.Fatalf("the candidates page lacks the verdicts\n%s", res.body)
	}
	// R41 (registration required by default): people without a pledge
	// for 2025 are flagged.
	reg, _, err := e.Store.Registered(context.Background(), 2025, []int64{ok.ID, notOK.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := !reg[ok.ID] || !reg[notOK.ID]; res.has("Chưa đăng ký thi đua") != want {
		t.Errorf("unregistered nominees flagged = %v; want %v", !want, want)
	}
	summary := "Hoàn thành xuất sắc nhiệm vụ tham mưu dự toán ngân sách tỉnh năm 2025."
	nominate := func(p org.Person, justification string) response {
		return head.post(path+"/nominations", url.Values{"award": {award.LDTT}, "subject": {fmt.Sprintf("p:%d", p.ID)},
			"summary": {summary}, "justification": {justification}, "submission_id": {newSub()}})
	}
	expect(t, "nominate the eligible person", nominate(ok, ""), http.StatusSeeOther)
	res = nominate(notOK, "")
	expect(t, "nominate the ineligible person without a justification", res, http.StatusUnprocessableEntity)
	if !res.has("ghi rõ lý do") || !res.has(summary) {
		t.Errorf("the refused form lacks the message or the input\n%s", res.body)
	}
	expect(t, "nominate the ineligible person with a justification", nominate(notOK, "Có sáng kiến cải tiến quy trình thẩm định dự toán."), http.StatusSeeOther)
	expect(t, "nominate twice", nominate(ok, ""), http.StatusUnprocessableEntity)

	// Another unit's person cannot be nominated (mass assignment).
	other := e.account("tp.dautu")
	res = head.post(path+"/nominations", url.Values{"award": {award.LDTT}, "subject": {fmt.Sprintf("p:%d", other.PersonID)},
		"summary": {summary}, "justification": {"Lý do bất kỳ"}})
	expect(t, "nominate another unit's person", res, http.StatusNotFound)

	// The check page refuses until the documents are there.
	res = head.get(path + "/check")
	expect(t, "check", res, http.StatusOK)
	if !res.has("Chưa nộp được") || !res.has("thiếu Tờ trình") {
		t.Errorf("the check page does not say what is missing\n%s", res.body)
	}
	res = head.post(path+"/submit", url.Values{"version": {fmt.Sprint(d.Version)}})
	expect(t, "submit an incomplete dossier", res, http.StatusConflict)

	sub := newSub()
	for range 2 { // a double click uploads once
		res = head.uploadForm(path+"/documents", url.Values{"doc_kind": {string(award.DocSubmission)}, "target": {"0"}, "submission_id": {sub}},
			"To trinh.pdf", samplePDF)
		expect(t, "upload", res, http.StatusSeeOther)
	}
	for _, k := range []award.DocKind{award.DocReport, award.DocMinutes} {
		res = head.uploadForm(path+"/documents", url.Values{"doc_kind": {string(k)}, "target": {"0"}, "submission_id": {newSub()}},
			string(k)+".pdf", samplePDF)
		expect(t, "upload "+string(k), res, http.StatusSeeOther)
	}
	if n := len(e.dossier(d.ID).Docs); n != 3 {
		t.Errorf("%d documents; want 3", n)
	}
	res = head.get(path + "/check")
	if !res.has(`data-testid="submit"`) {
		t.Fatalf("the complete dossier cannot be submitted\n%s", res.body)
	}
	submit := url.Values{"version": {fmt.Sprint(d.Version)}, "submission_id": {newSub()}}
	for range 2 { // a replay submits once
		expect(t, "submit", head.post(path+"/submit", submit), http.StatusSeeOther)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE object_type = 'dossier' AND object_id = $1 AND action = 'dossier.submit'`, d.ID); n != 1 {
		t.Errorf("%d submit events; want 1", n)
	}
	if v := e.dossier(d.ID); v.State != dossier.Submitted {
		t.Fatalf("state %s; want submitted", v.State)
	}
	expect(t, "edit after submitting", head.post(path+"/nominations", url.Values{"award": {award.LDTT},
		"subject": {fmt.Sprintf("p:%d", ok.ID)}, "summary": {summary}}), http.StatusConflict)

	// The office: queue, receive, return.
	res = office.get("/appraisal")
	expect(t, "queue", res, http.StatusOK)
	if !res.has(d.UnitName) {
		t.Errorf("the queue lacks %s", d.UnitName)
	}
	v := e.dossier(d.ID)
	expect(t, "receive", office.post(path+"/receive", url.Values{"version": {fmt.Sprint(v.Version)}}), http.StatusSeeOther)
	expect(t, "receive again (stale)", office.post(path+"/receive", url.Values{"version": {fmt.Sprint(v.Version)}}), http.StatusConflict)
	v = e.dossier(d.ID)
	dueOn := time.Now().AddDate(0, 0, 14).Format("02/01/2006")
	res = office.post(path+"/return", url.Values{"version": {fmt.Sprint(v.Version)}, "items": {""}, "due_on": {dueOn}})
	expect(t, "return without a list", res, http.StatusUnprocessableEntity)
	items := "Bổ sung biên bản họp xét có đủ chữ ký.\nBổ sung báo cáo thành tích theo Mẫu số 05."
	// A due date that does not exist, or is already past, says so.
	for due, want := range map[string]string{
		"31/02/2027": "Hạn bổ sung: ngày 31/02/2027 không tồn tại (tháng 2 năm 2027 có 28 ngày).",
		time.Now().AddDate(0, 0, -3).Format("02/01/2006"): "Hạn bổ sung đã qua",
	} {
		res = office.post(path+"/return", url.Values{"version": {fmt.Sprint(v.Version)}, "items": {items}, "due_on": {due}})
		if res.status != http.StatusUnprocessableEntity || !res.has(want) {
			t.Errorf("return due %s = %d; want 422 with %q", due, res.status, want)
		}
	}
	expect(t, "return", office.post(path+"/return", url.Values{"version": {fmt.Sprint(v.Version)}, "items": {items},
		"due_on": {dueOn}, "submission_id": {newSub()}}), http.StatusSeeOther)

	// The head sees the request, fixes and resubmits.
	res = head.get(path)
	if !res.has("Bổ sung biên bản họp xét có đủ chữ ký.") || !res.has("Trả lại để bổ sung") {
		t.Errorf("the returned dossier does not show the request\n%s", res.body)
	}
	expect(t, "upload the fix", head.uploadForm(path+"/documents", url.Values{"doc_kind": {string(award.DocMinutes)}, "target": {"0"}},
		"Bien ban.pdf", samplePDF), http.StatusSeeOther)
	v = e.dossier(d.ID)
	resubmit := url.Values{"version": {fmt.Sprint(v.Version)}, "submission_id": {newSub()}}
	expect(t, "resubmit", head.post(path+"/submit", resubmit), http.StatusSeeOther)
	// The replay finds the dossier submitted, so the handler names "submit"
	// where the first post fired "resubmit": still the same form, same answer.
	res = head.post(path+"/submit", resubmit)
	expect(t, "resubmit replay", res, http.StatusSeeOther)
	if loc := res.header.Get("Location"); loc != path {
		t.Errorf("the replay goes to %q; want %q", loc, path)
	}
	if n := e.count(`SELECT count(*) FROM events WHERE object_type = 'dossier' AND object_id = $1 AND action = 'dossier.resubmit'`, d.ID); n != 1 {
		t.Errorf("%d resubmit events; want 1", n)
	}
	// Another event on the version the head saw before resubmitting is stale.
	expect(t, "withdraw on a stale version", head.post(path+"/withdraw", url.Values{"version": {fmt.Sprint(v.Version)},
		"submission_id": {newSub()}}), http.StatusConflict)

	// The office receives again, marks every nomination and appraises.
	v = e.dossier(d.ID)
	expect(t, "receive the resubmission", office.post(path+"/receive", url.Values{"version": {fmt.Sprint(v.Version)}}), http.StatusSeeOther)
	v = e.dossier(d.ID)
	expect(t, "appraise before marking", office.post(path+"/appraise", url.Values{"version": {fmt.Sprint(v.Version)}}), http.StatusConflict)
	for i, n := range v.Nominations {
		mpath := fmt.Sprintf("%s/nominations/%d/mark", path, n.ID)
		res := office.get(mpath)
		expect(t, "mark form", res, http.StatusOK)
		mark, reason := string(dossier.Eligible), ""
		if i == 1 {
			mark, reason = string(dossier.Ineligible), "Chưa có kết quả xếp loại năm 2025."
		}
		expect(t, "mark", office.post(mpath, url.Values{"version": {fmt.Sprint(n.Version)}, "mark": {mark}, "reason": {reason}}), http.StatusSeeOther)
	}
	v = e.dossier(d.ID)
	expect(t, "appraise", office.post(path+"/appraise", url.Values{"version": {fmt.Sprint(v.Version)}}), http.StatusSeeOther)
	v = e.dossier(d.ID)
	if v.State != dossier.Appraised || len(v.Supplements) != 1 || v.Supplements[0].AnsweredAt.IsZero() {
		t.Errorf("state %s, supplements %+v; want appraised with one answered request", v.State, v.Supplements)
	}
	for _, n := range v.Nominations {
		if len(n.Verdict) == 0 || n.RuleSet == "" {
			t.Errorf("nomination %d: no verdict snapshot", n.ID)
		}
	}
	res = head.get(path + "/history")
	expect(t, "history", res, http.StatusOK)
	for _, s := range []string{"Văn phòng Sở trả lại hồ sơ để bổ sung", "Đã nộp lại hồ sơ sau khi bổ sung", "Văn phòng Sở đã hoàn tất thẩm định", "Bổ sung báo cáo thành tích"} {
		if !res.has(s) {
			t.Errorf("the history lacks %q", s)
		}
	}
	if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'tp.ngansach' AND n.link = $1`, noticeTarget(path)); n < 2 {
		t.Errorf("the head got %d notifications about the dossier; want the return and the appraisal", n)
	}
}

// TestDossierObjectAccess: every route of another unit's dossier, its
// nominations and documents answers a department head exactly like a
// missing id, and changes nothing.
func TestDossierObjectAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	head := e.login("tp.ngansach")
	ds, err := e.Store.Dossiers(ctx, store.Scope{UnitID: e.account("tp.dautu").UnitID}, store.DossierFilter{})
	if err != nil || len(ds) == 0 {
		t.Fatalf("the demo data has no dossier of Phòng Đầu tư: %v", err)
	}
	foreign := e.dossier(ds[0].ID)
	if len(foreign.Nominations) == 0 || len(foreign.Docs) == 0 {
		t.Fatal("the demo dossier has no nomination or document")
	}
	before := tableState(t, e)
	ids := func(d, n, doc int64) map[string]string {
		return map[string]string{"{id}": fmt.Sprint(d), "{nom}": fmt.Sprint(n), "{doc}": fmt.Sprint(doc)}
	}
	real := ids(foreign.ID, foreign.Nominations[0].ID, foreign.Docs[0].ID)
	missing := ids(99999999, 99999998, 99999997)
	probed := 0
	for route, a := range dossierAccess {
		method, pattern, _ := strings.Cut(route, " ")
		if !strings.Contains(pattern, "/dossiers/{id}") || a&deptHeadRole == 0 {
			continue
		}
		fill := func(m map[string]string) string {
			p := pattern
			for k, v := range m {
				p = strings.ReplaceAll(p, k, v)
			}
			return p
		}
		var got, want response
		form := url.Values{"version": {fmt.Sprint(foreign.Version)}, "summary": {"Thành tích bất kỳ đủ hai mươi ký tự"},
			"award": {award.LDTT}, "subject": {fmt.Sprintf("u:%d", foreign.UnitID)}, "justification": {"Lý do bất kỳ"}, "doc_kind": {"to_trinh"}}
		switch {
		case method == http.MethodGet:
			got, want = head.get(fill(real)), head.get(fill(missing))
		case strings.HasSuffix(pattern, "/documents"):
			got = head.uploadForm(fill(real), url.Values{"doc_kind": {"to_trinh"}, "target": {"0"}}, "a.pdf", samplePDF)
			want = head.uploadForm(fill(missing), url.Values{"doc_kind": {"to_trinh"}, "target": {"0"}}, "a.pdf", samplePDF)
		default:
			got, want = head.post(fill(real), form), head.post(fill(missing), form)
		}
		probed++
		if got.status != http.StatusNotFound || want.status != http.StatusNotFound || len(got.body) != len(want.body) {
			t.Errorf("%s: foreign %d (%d bytes), missing %d (%d bytes); want the same 404", route, got.status, len(got.body), want.status, len(want.body))
		}
		if strings.Contains(got.body, foreign.UnitName) {
			t.Errorf("%s: the page names the other unit", route)
		}
	}
	if probed < 15 {
		t.Errorf("probed %d routes; want every dossier route", probed)
	}
	if after := tableState(t, e); after != before {
		t.Errorf("requests on another unit's dossier changed data")
	}
}

// TestDossierUploadProblems: bad uploads are refused with a message and
// store nothing.
func TestDossierUploadProblems(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	head := e.login("tp.ngansach")
	round := e.demoRound()
	d := e.dossierAt(head.post(fmt.Sprintf("/rounds/%d/dossiers", round.ID), url.Values{}))
	path := fmt.Sprintf("/dossiers/%d/documents", d.ID)
	fields := url.Values{"doc_kind": {string(award.DocSubmission)}, "target": {"0"}}
	cases := []struct {
		name, file string
		data       []byte
		status     int
		message    string
	}{
		{"empty", "a.pdf", []byte{}, http.StatusUnprocessableEntity, "không có nội dung"},
		{"wrong type", "virus.pdf", []byte("MZ\x90\x00 this is not a pdf"), http.StatusUnprocessableEntity, "không đúng định dạng"},
		{"backslashes", `..\..\win.ini.pdf`, samplePDF, http.StatusUnprocessableEntity, "Tên tệp không hợp lệ"},
		{"control characters", "to\x01trinh.pdf", samplePDF, http.StatusUnprocessableEntity, "Tên tệp không hợp lệ"},
		{"docx that is not a zip", "bao-cao.docx", []byte("PK\x03\x04 not really a zip"), http.StatusUnprocessableEntity, "Word"},
		{"no file", "", nil, http.StatusUnprocessableEntity, "Chọn một tệp"},
		{"oversized", "big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 21<<20)...), http.StatusRequestEntityTooLarge, "20 MB"},
	}
	before := e.count(`SELECT count(*) FROM attachments`)
	for _, c := range cases {
		res := head.uploadForm(path, fields, c.file, c.data)
		if res.status != c.status || !res.has(c.message) {
			t.Errorf("%s: %d; want %d with %q\n%.2000s", c.name, res.status, c.status, c.message, res.body)
		}
	}
	res := head.uploadForm(path, url.Values{"doc_kind": {"khong_co"}, "target": {"0"}}, "a.pdf", samplePDF)
	if res.status != http.StatusUnprocessableEntity || !res.has("Chọn loại tài liệu") {
		t.Errorf("unknown document kind: %d", res.status)
	}
	if after := e.count(`SELECT count(*) FROM attachments`); after != before {
		t.Errorf("%d attachments stored by refused uploads", after-before)
	}
	if n := e.count(`SELECT count(*) FROM dossier_attachments WHERE dossier_id = $1`, d.ID); n != 0 {
		t.Errorf("%d documents linked; want 0", n)
	}
	// A real .docx is accepted by content, whatever its Content-Type.
	res = head.uploadForm(path, fields, "Tờ trình.docx", docx(t))
	expect(t, "a real docx", res, http.StatusSeeOther)
}

// docx builds a minimal Word file.
func docx(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	return b.Bytes()
}

// TestDossierConcurrentReceive: office users receiving the same dossier at
// once: one wins, the others get the 409 page.
func TestDossierConcurrentReceive(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ds, err := e.Store.Dossiers(context.Background(), store.Scope{All: true}, store.DossierFilter{States: []dossier.State{dossier.Submitted}})
	if err != nil || len(ds) == 0 {
		t.Fatalf("no submitted dossier in the demo data: %v", err)
	}
	d := ds[0]
	const n = 8
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = e.login("vanphong")
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	statuses := make([]int, n)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = c.post(fmt.Sprintf("/dossiers/%d/receive", d.ID), url.Values{"version": {fmt.Sprint(d.Version)}, "submission_id": {newSub()}}).status
		}()
	}
	close(start)
	wg.Wait()
	won, conflicts := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
			conflicts++
		}
	}
	if won != 1 || conflicts != n-1 {
		t.Errorf("statuses %v; want one 303 and %d 409", statuses, n-1)
	}
	if c := e.count(`SELECT count(*) FROM events WHERE object_type = 'dossier' AND object_id = $1 AND action = 'dossier.receive'`, d.ID); c != 1 {
		t.Errorf("%d receive events; want 1", c)
	}
}

// TestAppraisalDeadlines: the queue counts working days from submission
// (R29) and highlights an overdue dossier.
func TestAppraisalDeadlines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	res := e.login("vanphong").get("/appraisal")
	expect(t, "queue", res, http.StatusOK)
	if !res.has("còn ") || res.has("Quá hạn") {
		t.Errorf("a dossier submitted today is not shown as on time\n%s", res.body)
	}
	e.advance(45 * 24 * time.Hour) // more than 20 working days, whatever the holidays
	res = e.login("vanphong").get("/appraisal")
	if !res.has("Quá hạn") || !res.has(`class="overdue"`) {
		t.Errorf("an overdue dossier is not highlighted\n%s", res.body)
	}
}

// TestDossierWithdrawAndCollective: a collective nomination offers the
// unit itself; a withdrawn dossier can no longer change.
func TestDossierWithdrawAndCollective(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	head := e.login("tp.ngansach")
	d := e.dossierAt(head.post(fmt.Sprintf("/rounds/%d/dossiers", e.demoRound().ID), url.Values{}))
	path := fmt.Sprintf("/dossiers/%d", d.ID)
	res := head.get(path + "/nominations/new?award=" + award.TapTheLDTT)
	expect(t, "collective candidates", res, http.StatusOK)
	if !res.has(fmt.Sprintf(`value="u:%d"`, d.UnitID)) {
		t.Errorf("the unit itself is not offered for a collective title")
	}
	res = head.post(path+"/nominations", url.Values{"award": {award.TapTheLDTT}, "subject": {fmt.Sprintf("u:%d", d.UnitID)},
		"summary": {"Tập thể hoàn thành xuất sắc nhiệm vụ năm 2025."}, "justification": {"Tập thể có nhiều sáng kiến trong năm."}})
	expect(t, "nominate the unit", res, http.StatusSeeOther)
	expect(t, "withdraw confirmation", head.get(path+"/withdraw"), http.StatusOK)
	expect(t, "withdraw", head.post(path+"/withdraw", url.Values{"version": {fmt.Sprint(d.Version)}, "reason": {"Phòng không đề nghị năm nay"}}), http.StatusSeeOther)
	if v := e.dossier(d.ID); v.State != dossier.Withdrawn {
		t.Fatalf("state %s; want withdrawn", v.State)
	}
	res = head.get(path)
	if !res.has("Đã rút") || res.has(`data-testid="add-nomination"`) {
		t.Errorf("the withdrawn dossier still offers changes")
	}
	v := e.dossier(d.ID)
	expect(t, "submit a withdrawn dossier", head.post(path+"/submit", url.Values{"version": {fmt.Sprint(v.Version)}}), http.StatusConflict)
}

// TestHolidayCalendar: the office adds a holiday and it moves deadlines;
// bad dates are refused; removing asks first.
func TestHolidayCalendar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("vanphong")
	res := c.get("/admin/holidays?year=2025")
	expect(t, "holidays 2025", res, http.StatusOK)
	if !res.has("Tết Nguyên đán") || !res.has("27/01/2025") {
		t.Errorf("the 2025 calendar lacks Tết")
	}
	expect(t, "a bad date", c.post("/admin/holidays", url.Values{"date": {"31/02/2026"}, "name": {"Sai"}}), http.StatusUnprocessableEntity)
	expect(t, "a make-up weekday", c.post("/admin/holidays", url.Values{"date": {"02/12/2026"}, "name": {"Làm bù"}, "working": {"1"}}), http.StatusUnprocessableEntity)
	expect(t, "add Ngày Văn hóa", c.post("/admin/holidays", url.Values{"date": {"24/11/2026"}, "name": {"Ngày Văn hóa Việt Nam"}}), http.StatusSeeOther)
	cal, err := e.Store.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkingDay(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) {
		t.Error("the new holiday is still a working day")
	}
	expect(t, "confirm removal", c.get("/admin/holidays/2026-11-24/remove"), http.StatusOK)
	expect(t, "remove", c.post("/admin/holidays/2026-11-24/remove", url.Values{}), http.StatusSeeOther)
	expect(t, "remove a day that is no holiday", c.get("/admin/holidays/2026-11-25/remove"), http.StatusNotFound)
	expect(t, "a malformed day", c.get("/admin/holidays/..%2f/remove"), http.StatusNotFound)
}

// TestRoundCloseAndCreate: the office opens a round (a replay opens one),
// closes it, and a department head can no longer start a dossier in it.
func TestRoundCloseAndCreate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office, head := e.login("vanphong"), e.login("tp.dautu")
	expect(t, "new round form", office.get("/rounds/new"), http.StatusOK)
	form := url.Values{"kind": {"ad_hoc"}, "year": {"2026"}, "title": {"Khen thưởng đột xuất phòng chống bão lũ"},
		"deadline": {"15/12/2026"}, "submission_id": {newSub()}}
	first := office.post("/rounds", form)
	expect(t, "create", first, http.StatusSeeOther)
	expect(t, "replay", office.post("/rounds", form), http.StatusSeeOther)
	if n := e.count(`SELECT count(*) FROM rounds WHERE title = $1`, form.Get("title")); n != 1 {
		t.Fatalf("%d rounds; want 1", n)
	}
	bad := office.post("/rounds", url.Values{"kind": {"x"}, "year": {"hai"}, "title": {""}, "deadline": {"32/13/2026"}})
	expect(t, "invalid round", bad, http.StatusUnprocessableEntity)
	path := redirectTo(first)
	var id int64
	fmt.Sscanf(path, "/rounds/%d", &id)
	r, err := e.Store.Round(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "close", office.post(path+"/close", url.Values{"version": {fmt.Sprint(r.Version)}}), http.StatusSeeOther)
	expect(t, "close again (stale)", office.post(path+"/close", url.Values{"version": {fmt.Sprint(r.Version)}}), http.StatusConflict)
	expect(t, "open a dossier in a closed round", head.post(path+"/dossiers", url.Values{}), http.StatusConflict)
	if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'tp.dautu' AND n.link = $1`, noticeTarget(path)); n != 1 {
		t.Errorf("the department head got %d notices of the new round; want 1", n)
	}
}

// TestDossierListsPaged: the round page and the appraisal queue show 50
// dossiers a page in a stable order, every dossier once, with the counts
// of the whole list and the overdue highlighted.
func TestDossierListsPaged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	round := e.demoRound()
	ctx := context.Background()
	_, err := e.Pool.Exec(ctx, `
		WITH u AS (INSERT INTO units (name, short_name, kind, sort_order)
			SELECT 'Đơn vị phân trang ' || lpad(g::text, 3, '0'), 'PT' || g, 'affiliated', 500 + g % 7
			FROM generate_series(1, 70) g RETURNING id, sort_order)
		INSERT INTO dossiers (round_id, unit_id, state, submitted_at)
		SELECT $1, id, 'submitted', now() - (sort_order - 500) * interval '20 days' FROM u`, round.ID)
	if err != nil {
		t.Fatal(err)
	}
	office := e.login("vanphong")
	unitRe := regexp.MustCompile(`href="/dossiers/(\d+)"`)
	walk := func(path string, total int) (pages []response) {
		seen := map[string]bool{}
		for path != "" && len(pages) < 10 {
			res := office.get(path)
			expect(t, path, res, http.StatusOK)
			pages = append(pages, res)
			ids := unitRe.FindAllStringSubmatch(res.body, -1)
			if len(ids) > dossierPageSizeForTest {
				t.Errorf("%s shows %d dossiers; want at most %d", path, len(ids), dossierPageSizeForTest)
			}
			for _, m := range ids {
				if seen[m[1]] {
					t.Errorf("%s repeats dossier %s", path, m[1])
				}
				seen[m[1]] = true
			}
			path = ""
			if m := regexp.MustCompile(`href="([^"]*after=[^"]*)" rel="next"`).FindStringSubmatch(res.body); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		if len(seen) != total {
			t.Errorf("the pages show %d dossiers; want %d", len(seen), total)
		}
		return pages
	}
	inRound := e.count(`SELECT count(*) FROM dossiers WHERE round_id = $1`, round.ID)
	pages := walk(fmt.Sprintf("/rounds/%d", round.ID), inRound)
	if !pages[0].has(fmt.Sprintf("%d hồ sơ", inRound)) || len(pages) != 2 {
		t.Errorf("round: %d pages; want 2 with the count %d\n%s", len(pages), inRound, pages[0].body)
	}
	queued := e.count(`SELECT count(*) FROM dossiers WHERE state IN ('submitted', 'appraising')`)
	pages = walk("/appraisal", queued)
	if !pages[0].has(fmt.Sprintf("%d hồ sơ chờ thẩm định", queued)) || !pages[0].has("hồ sơ quá hạn") || !pages[0].has(`class="overdue"`) {
		t.Errorf("the queue lacks its counts or the overdue highlighting\n%s", pages[0].body)
	}
	expect(t, "a malformed cursor is the first page", office.get("/appraisal?after=x.y"), http.StatusOK)

	// Every sort walks the whole list; "previous page" leads back to the
	// same rows.
	ids := func(res response) string {
		var out []string
		for _, m := range unitRe.FindAllStringSubmatch(res.body, -1) {
			out = append(out, m[1])
		}
		return strings.Join(out, ",")
	}
	for _, sort := range []string{"unit", "-unit", "state", "-state", "submitted", "-submitted"} {
		base := fmt.Sprintf("/rounds/%d?sort=%s", round.ID, sort)
		pages := walk(base, inRound)
		if !strings.Contains(pages[0].body, `aria-sort=`) {
			t.Errorf("%s: no sorted column", base)
		}
		m := regexp.MustCompile(`href="([^"]*before=[^"]*)" rel="prev"`).FindStringSubmatch(pages[1].body)
		if m == nil {
			t.Fatalf("%s: the second page has no previous page link", base)
		}
		if back := office.get(html.UnescapeString(m[1])); ids(back) != ids(pages[0]) || back.has(`rel="prev"`) || !back.has(`rel="next"`) {
			t.Errorf("%s: the previous page shows %s; want %s", base, ids(back), ids(pages[0]))
		}
	}
	for _, sort := range []string{"-submitted", "unit", "state"} {
		walk("/appraisal?sort="+sort, queued)
	}
	expect(t, "an unknown sort is the default", office.get("/appraisal?sort=nominations"), http.StatusOK)
}

const dossierPageSizeForTest = 50
