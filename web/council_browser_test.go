package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCouncilJourney: vanphong creates a session from the appraised
// nominations and takes attendance; giamdoc opens the ballot; four members
// vote (lanhdao on a 360 px phone); giamdoc closes it; the minutes show
// the tally. Every page passes axe.
func TestBrowserCouncilJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	axe, axeErr := axeSource()
	checkPage := func(ctx context.Context, name string) {
		t.Helper()
		if axeErr == nil {
			checkAxe(t, ctx, axe, name)
		}
		screenshot(t, ctx, "council-"+name)
	}
	text := func(ctx context.Context, css string) string {
		t.Helper()
		return run(t, ctx, "read "+css, chromedp.Text(chromedp.CSS(css)))
	}

	// The office prepares the session.
	office := newTab(t)
	do(t, office, "set the viewport", chromedp.EmulateViewport(1280, 900))
	browserLogin(t, office, e, "vanphong")
	follow(t, office, "open the council", chromedp.Navigate(e.URL+"/council/sessions"))
	checkPage(office, "sessions-empty")
	follow(t, office, "new session", chromedp.Click(chromedp.CSS(`[data-testid=new-session]`)))
	checkPage(office, "new-session")
	if got := text(office, `[data-testid=candidates]`); !strings.Contains(got, "Bùi Văn Hậu") {
		t.Fatalf("candidates = %q", got)
	}
	do(t, office, "fill the session",
		chromedp.SendKeys(chromedp.ID("title"), "Phiên họp xét khen thưởng tổng kết năm 2025"),
		chromedp.SendKeys(chromedp.ID("held_on"), "18/12/2025"),
		chromedp.SendKeys(chromedp.ID("place"), "Phòng họp tầng 3, Sở Tài chính"),
	)
	follow(t, office, "create the session", chromedp.Click(chromedp.CSS(`[data-testid=create-session]`)))
	sessionPath := location(t, office)
	if !strings.HasPrefix(sessionPath, "/council/sessions/") {
		t.Fatalf("after creating the session the browser is at %q", sessionPath)
	}
	checkPage(office, "session-draft")
	run(t, office, "mark everyone present",
		chromedp.Evaluate[bool](`document.querySelectorAll('input[name=present]').forEach(c => c.checked = true); true`))
	follow(t, office, "save attendance", chromedp.Click(chromedp.CSS(`[data-testid=save-attendance]`)))
	if got := text(office, `[data-testid=quorum]`); !strings.Contains(got, "Có mặt 9/9") || !strings.Contains(got, "Đủ điều kiện họp") {
		t.Fatalf("quorum = %q", got)
	}

	// The chair opens the ballot.
	chair := newTab(t)
	do(t, chair, "set the viewport", chromedp.EmulateViewport(1280, 900))
	browserLogin(t, chair, e, "giamdoc")
	follow(t, chair, "open the session", chromedp.Navigate(e.URL+sessionPath))
	follow(t, chair, "open the ballot", chromedp.Click(chromedp.CSS(`[data-testid=open-ballot]`)))
	checkPage(chair, "session-open")
	if got := text(chair, `[data-testid=voted-count]`); !strings.Contains(got, "0/9 đã bỏ phiếu") {
		t.Fatalf("voted count = %q", got)
	}

	vote := func(ctx context.Context, name string, phone bool) {
		t.Helper()
		follow(t, ctx, name+" opens the ballot", chromedp.Navigate(e.URL+sessionPath+"/vote"))
		if phone {
			noHorizontalScroll(t, ctx, "ballot")
			checkPage(ctx, "ballot-phone")
		}
		run(t, ctx, name+" agrees on every item",
			chromedp.Evaluate[bool](`document.querySelectorAll('input[type=radio][value=agree]').forEach(r => r.click()); true`))
		follow(t, ctx, name+" casts the ballot", chromedp.Click(chromedp.CSS(`[data-testid=cast-vote]`)))
		if code := text(ctx, `[data-testid=receipt-code]`); len(strings.TrimSpace(code)) != 9 {
			t.Fatalf("%s's receipt code = %q", name, code)
		}
		if phone {
			noHorizontalScroll(t, ctx, "receipt")
			checkPage(ctx, "receipt-phone")
		}
	}
	vote(chair, "giamdoc", false)
	phone := newTab(t)
	do(t, phone, "set a phone viewport", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	browserLogin(t, phone, e, "lanhdao")
	vote(phone, "lanhdao", true)
	// Each tab lives at most browserTimeout: later steps use new tabs.
	office = newTab(t)
	do(t, office, "set the viewport", chromedp.EmulateViewport(1280, 900))
	browserLogin(t, office, e, "vanphong")
	vote(office, "vanphong", false)
	member := newTab(t)
	do(t, member, "set the viewport", chromedp.EmulateViewport(1024, 768))
	browserLogin(t, member, e, "tp.ngansach")
	follow(t, member, "home", chromedp.Navigate(e.URL+"/"))
	if got := text(member, `[data-testid=tasks]`); !strings.Contains(got, "Bỏ phiếu: phiên họp") {
		t.Errorf("the member's home page = %q; want the open ballot", got)
	}
	vote(member, "tp.ngansach", false)

	// The chair sees only how many voted, then closes.
	chair = newTab(t)
	do(t, chair, "set the viewport", chromedp.EmulateViewport(1280, 900))
	browserLogin(t, chair, e, "giamdoc")
	follow(t, chair, "back to the session", chromedp.Navigate(e.URL+sessionPath))
	if got := text(chair, `[data-testid=voted-count]`); !strings.Contains(got, "4/9 đã bỏ phiếu") {
		t.Fatalf("voted count = %q", got)
	}
	follow(t, chair, "close the ballot", chromedp.Click(chromedp.CSS(`[data-testid=close-ballot]`)))
	checkPage(chair, "session-closed")
	if got := text(chair, `[data-testid=tally]`); !strings.Contains(got, "44,44%") || !strings.Contains(got, "Không đạt") {
		t.Errorf("tally = %q; want 4 of 9 agree (44,44%%), failed", got)
	}
	follow(t, chair, "open the minutes", chromedp.Click(chromedp.CSS(`[data-testid=minutes-link]`)))
	checkPage(chair, "minutes")
	got := text(chair, `[data-testid=minutes]`)
	for _, want := range []string{"BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "Tổng số thành viên Hội đồng: 9", "44,44%",
		"Nguyễn Thanh Phong", "CHỦ TỊCH HỘI ĐỒNG", "THƯ KÝ", "Đặng Hoàng Nam"} {
		if !strings.Contains(got, want) {
			t.Errorf("minutes lack %q", want)
		}
	}
	member = newTab(t)
	browserLogin(t, member, e, "tp.ngansach")
	follow(t, member, "the member reads the session", chromedp.Navigate(e.URL+sessionPath))
	checkPage(member, "session-member-closed")
}
