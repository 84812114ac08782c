package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tdkt/internal/award"
	"tdkt/internal/dossier"
)

// TestBrowserDossierJourney: tp.ngansach opens the 2025 round, nominates
// two people (one eligible, one not, with a justification), attaches the
// documents and submits; vanphong returns the dossier for supplement;
// tp.ngansach fixes it and resubmits; vanphong appraises it.
func TestBrowserDossierJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ok, notOK := e.rateForLDTT("tp.ngansach")
	round := e.demoRound()
	axe, axeErr := axeSource()
	checkPage := func(ctx context.Context, name string) {
		t.Helper()
		if axeErr == nil {
			checkAxe(t, ctx, axe, name)
		}
		screenshot(t, ctx, "dossier-"+name)
	}
	dir := t.TempDir()
	pdfPath := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, samplePDF, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	text := func(ctx context.Context, css string) string {
		t.Helper()
		return run(t, ctx, "read "+css, chromedp.Text(chromedp.CSS(css)))
	}

	// The department head builds the dossier.
	head := newTab(t)
	do(t, head, "set the viewport", chromedp.EmulateViewport(1280, 900))
	browserLogin(t, head, e, "tp.ngansach")
	follow(t, head, "open /rounds", chromedp.Navigate(e.URL+"/rounds"))
	checkPage(head, "rounds")
	follow(t, head, "open the round", chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/rounds/%d"]`, round.ID))))
	follow(t, head, "open the dossier", chromedp.Click(chromedp.CSS(`[data-testid=open-dossier]`)))
	dossierPath := location(t, head)
	if !strings.HasPrefix(dossierPath, "/dossiers/") {
		t.Fatalf("after opening the dossier the browser is at %q", dossierPath)
	}
	checkPage(head, "draft")

	nominate := func(p string, justification string) {
		t.Helper()
		follow(t, head, "add a nomination", chromedp.Click(chromedp.CSS(`[data-testid=add-nomination]`)))
		do(t, head, "pick LĐTT", chromedp.SetValue(chromedp.ID("award"), award.LDTT))
		follow(t, head, "see who qualifies", chromedp.Click(chromedp.CSS(`[data-testid=pick-award]`)))
		checkPage(head, "candidates")
		do(t, head, "pick the person and write the summary",
			chromedp.Click(chromedp.CSS(`input[name=subject][value="`+p+`"]`)),
			chromedp.SendKeys(chromedp.ID("summary"), "Hoàn thành xuất sắc nhiệm vụ tham mưu dự toán ngân sách năm 2025."),
		)
		if justification != "" {
			do(t, head, "write the justification", chromedp.SendKeys(chromedp.ID("justification"), justification))
		}
		follow(t, head, "save the nomination", chromedp.Click(chromedp.CSS(`[data-testid=save-nomination]`)))
	}
	nominate(fmt.Sprintf("p:%d", ok.ID), "")
	nominate(fmt.Sprintf("p:%d", notOK.ID), "Có sáng kiến cải tiến quy trình thẩm định dự toán được áp dụng.")
	if got := text(head, `[data-testid=nominations]`); !strings.Contains(got, ok.FullName) || !strings.Contains(got, notOK.FullName) ||
		!strings.Contains(got, "Đề nghị dù chưa đủ điều kiện") {
		t.Fatalf("the nominations table = %q", got)
	}

	upload := func(kind award.DocKind, name string) {
		t.Helper()
		do(t, head, "fill the upload form",
			chromedp.SetValue(chromedp.ID("doc_kind"), string(kind)),
			chromedp.SetValue(chromedp.ID("target"), "0"),
			chromedp.SetUploadFiles(chromedp.ID("file"), []string{pdfPath(name)}),
		)
		follow(t, head, "upload "+name, chromedp.Click(chromedp.CSS(`[data-testid=upload-submit]`)))
		do(t, head, "wait for the flash", chromedp.WaitVisible(chromedp.CSS(`[data-testid=flash]`)))
	}
	upload(award.DocSubmission, "To trinh.pdf")
	upload(award.DocReport, "Bao cao thanh tich.pdf")
	upload(award.DocMinutes, "Bien ban hop xet.pdf")
	follow(t, head, "check before submitting", chromedp.Click(chromedp.CSS(`[data-testid=check]`)))
	checkPage(head, "check")
	follow(t, head, "submit", chromedp.Click(chromedp.CSS(`[data-testid=submit]`)))
	if got := text(head, `[data-testid=state-explain]`); !strings.Contains(got, "Phòng đã nộp hồ sơ") {
		t.Errorf("after submitting the page says %q", got)
	}

	// The office receives and returns it for supplement.
	office := newTab(t)
	do(t, office, "set the viewport", chromedp.EmulateViewport(1280, 900))
	browserLogin(t, office, e, "vanphong")
	follow(t, office, "open the queue", chromedp.Navigate(e.URL+"/appraisal"))
	checkPage(office, "queue")
	follow(t, office, "open the dossier", chromedp.Navigate(e.URL+dossierPath))
	follow(t, office, "receive", chromedp.Click(chromedp.CSS(`[data-testid=receive]`)))
	follow(t, office, "return", chromedp.Click(chromedp.CSS(`[data-testid=return]`)))
	do(t, office, "write the supplement list", chromedp.SendKeys(chromedp.ID("items"), "Bổ sung biên bản họp xét có đủ chữ ký."))
	follow(t, office, "confirm the return", chromedp.Click(chromedp.CSS(`[data-testid=confirm-return]`)))

	// The head sees the request, fixes and resubmits.
	follow(t, head, "reload the dossier", chromedp.Navigate(e.URL+dossierPath))
	if got := text(head, `[data-testid=supplement-request]`); !strings.Contains(got, "Bổ sung biên bản họp xét có đủ chữ ký.") {
		t.Errorf("the supplement request reads %q", got)
	}
	checkPage(head, "returned")
	upload(award.DocMinutes, "Bien ban hop xet (co chu ky).pdf")
	follow(t, head, "check again", chromedp.Click(chromedp.CSS(`[data-testid=check]`)))
	follow(t, head, "resubmit", chromedp.Click(chromedp.CSS(`[data-testid=submit]`)))

	// The office receives again, marks both nominations and appraises.
	follow(t, office, "open the dossier again", chromedp.Navigate(e.URL+dossierPath))
	follow(t, office, "receive again", chromedp.Click(chromedp.CSS(`[data-testid=receive]`)))
	for i, n := range e.dossier(e.dossierID(dossierPath)).Nominations {
		follow(t, office, "open the mark form", chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid=mark-%d]`, n.ID))))
		if i == 0 {
			checkPage(office, "mark")
		}
		mark := dossier.Eligible
		if n.PersonID == notOK.ID {
			mark = dossier.Ineligible
			do(t, office, "write the reason", chromedp.SendKeys(chromedp.ID("reason"), "Chưa có kết quả xếp loại năm 2025."))
		}
		do(t, office, "choose the mark", chromedp.Click(chromedp.CSS(`input[name=mark][value=`+string(mark)+`]`)))
		follow(t, office, "save the mark", chromedp.Click(chromedp.CSS(`[data-testid=save-mark]`)))
	}
	follow(t, office, "appraise", chromedp.Click(chromedp.CSS(`[data-testid=appraise]`)))
	checkPage(office, "appraised")
	if v := e.dossier(e.dossierID(dossierPath)); v.State != dossier.Appraised {
		t.Errorf("state %s; want appraised", v.State)
	}
	if got := text(office, `[data-testid=timeline]`); strings.Count(got, "Đã nộp") < 1 || !strings.Contains(got, "trả lại") {
		t.Errorf("the history does not show the round trip: %q", got)
	}
}

// dossierID reads the id from a dossier path.
func (e *env) dossierID(path string) int64 {
	var id int64
	if _, err := fmt.Sscanf(path, "/dossiers/%d", &id); err != nil {
		e.t.Fatalf("%q is not a dossier path", path)
	}
	return id
}
