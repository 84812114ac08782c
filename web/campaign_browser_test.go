package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserCampaignPledgeJourney: the office launches a campaign, the
// department head of Phòng Quản lý ngân sách registers a pledge, the office
// accepts it (design.md §1 journey 1).
func TestBrowserCampaignPledgeJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	office := newTab(t)
	start := time.Now()
	browserLogin(t, office, e, "vanphong")
	follow(t, office, "open /campaigns", chromedp.Navigate(e.URL+"/campaigns"))
	follow(t, office, "click Tạo phong trào", chromedp.Click(chromedp.CSS(`[data-testid=new-campaign]`)))
	do(t, office, "fill the campaign form",
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "Thi đua chuyển đổi số 2025"),
		chromedp.SendKeys(chromedp.ID("launch_on"), "01/03/2025"),
		chromedp.SendKeys(chromedp.ID("registration_deadline"), "31/12/2099"),
		chromedp.SendKeys(chromedp.ID("criterion_1"), "Số hóa hồ sơ công việc"),
		chromedp.SendKeys(chromedp.ID("target_1"), "100%"),
	)
	ok := run(t, office, "tick Phòng Quản lý ngân sách", chromedp.Evaluate[bool](`(() => {
		for (const l of document.querySelectorAll('input[name="units"] + label')) {
			if (l.textContent.trim() === 'Phòng Quản lý ngân sách') { document.getElementById(l.htmlFor).click(); return true }
		}
		return false })()`))
	if !ok {
		t.Fatal("no checkbox for Phòng Quản lý ngân sách")
	}
	follow(t, office, "save the campaign", chromedp.Click(chromedp.CSS(`[data-testid=save]`)))
	follow(t, office, "launch", chromedp.Click(chromedp.CSS(`[data-testid=launch]`)))
	flash := run(t, office, "read the flash", chromedp.Text(chromedp.CSS(`[data-testid=flash]`)))
	if !strings.Contains(flash, "Đã phát động") {
		t.Errorf("flash after launch = %q", flash)
	}
	campaignPath := location(t, office)

	head := newTab(t)
	browserLogin(t, head, e, "tp.ngansach")
	unread := run(t, head, "read the unread count", chromedp.Text(chromedp.CSS(`[data-testid=unread]`)))
	if unread == "" || unread == "0" {
		t.Errorf("unread count = %q; want the launch notice", unread)
	}
	follow(t, head, "open the campaign", chromedp.Navigate(e.URL+campaignPath))
	follow(t, head, "open the unit's pledge", chromedp.Click(chromedp.CSS(`[data-testid=my-pledge]`)))
	cid := run(t, head, "find the commitment", chromedp.Evaluate[string](`document.querySelector('textarea[name^=commitment_]').id`))
	person := run(t, head, "find a person", chromedp.Evaluate[string](`document.querySelector('select[name^=target_]').id`))
	do(t, head, "fill the pledge",
		chromedp.Click(chromedp.CSS(`input[name=collective_target][value=ttldxs]`)),
		chromedp.SendKeys(chromedp.ID(cid), "Số hóa 100% hồ sơ trước 30/6"),
		chromedp.SetValue(chromedp.ID(person), "cstdcs"),
	)
	follow(t, head, "submit the pledge", chromedp.Click(chromedp.CSS(`[data-testid=submit]`)))
	flash = run(t, head, "read the flash", chromedp.Text(chromedp.CSS(`[data-testid=flash]`)))
	if !strings.Contains(flash, "Đã gửi bản đăng ký") {
		t.Errorf("flash after submit = %q", flash)
	}
	screenshot(t, head, "pledge-submitted")

	follow(t, office, "reload the campaign", chromedp.Navigate(e.URL+campaignPath))
	follow(t, office, "open the unit's pledge", chromedp.Click(chromedp.CSS(`[data-testid=units] a`)))
	follow(t, office, "accept", chromedp.Click(chromedp.CSS(`[data-testid=accept]`)))
	units := run(t, office, "read the units", chromedp.Text(chromedp.CSS(`[data-testid=units]`)))
	if !strings.Contains(units, "Đã chấp nhận") || !strings.Contains(units, "Tập thể lao động xuất sắc") {
		t.Errorf("units after accept = %q", units)
	}
	screenshot(t, office, "campaign-accepted")
	t.Logf("journey took %v", time.Since(start).Round(time.Millisecond))
}

// TestBrowserBlocScoringJourney: in the Sở's internal bloc, the department
// head self-scores a criterion and the office verifies it with an
// adjustment and its reason (design.md §1 journey 7).
func TestBrowserBlocScoringJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var base, member, crit string
	err := e.Pool.QueryRow(t.Context(), `SELECT '/blocs/' || b.id || '/' || y.year, m.id::text, c.id::text
		FROM blocs b JOIN bloc_years y ON y.bloc_id = b.id JOIN bloc_members m ON m.bloc_year_id = y.id
		JOIN units u ON u.id = m.unit_id JOIN bloc_criteria c ON c.bloc_year_id = y.id AND c.code = '1'
		WHERE b.kind = 'internal' AND u.name = 'Phòng Quản lý ngân sách'`).Scan(&base, &member, &crit)
	if err != nil {
		t.Fatal(err)
	}
	head := newTab(t)
	browserLogin(t, head, e, "tp.ngansach")
	follow(t, head, "open /blocs", chromedp.Navigate(e.URL+"/blocs"))
	follow(t, head, "open the bloc-year", chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="%s"]`, base))))
	follow(t, head, "open the unit's sheet", chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid=members] a[href$="/members/%s"]`, member))))
	do(t, head, "type the score",
		chromedp.SendKeys(chromedp.ID("points_"+crit), "28,5"),
		chromedp.SendKeys(chromedp.ID("comment_"+crit), "Hoàn thành 100% chương trình công tác"),
	)
	follow(t, head, "save the score", chromedp.Click(chromedp.CSS(`[data-testid=self-1]`)))
	row := run(t, head, "read the row", chromedp.Text(chromedp.CSS(`[data-testid=row-1]`)))
	if !strings.Contains(row, "28,5") || !strings.Contains(row, "Đã tự chấm") {
		t.Errorf("row after self-scoring = %q", row)
	}

	office := newTab(t)
	browserLogin(t, office, e, "vanphong")
	follow(t, office, "open the sheet", chromedp.Navigate(e.URL+base+"/members/"+member))
	do(t, office, "adjust the score",
		chromedp.SetValue(chromedp.ID("points_"+crit), "27"),
		chromedp.SendKeys(chromedp.ID("reason_"+crit), "Chưa có minh chứng quý IV"),
	)
	follow(t, office, "verify", chromedp.Click(chromedp.CSS(`[data-testid=verify-1]`)))
	screenshot(t, office, "bloc-verified")

	follow(t, head, "reload the sheet", chromedp.Navigate(e.URL+base+"/members/"+member))
	row = run(t, head, "read the row", chromedp.Text(chromedp.CSS(`[data-testid=row-1]`)))
	if !strings.Contains(row, "Đã thẩm định") || !strings.Contains(row, "Chưa có minh chứng quý IV") || !strings.Contains(row, "27") {
		t.Errorf("row after verification = %q", row)
	}
	if n := run(t, head, "count self-score forms", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=self-1]').length`)); n != 0 {
		t.Error("the verified score is still editable by the member")
	}
	follow(t, head, "open the matrix", chromedp.Navigate(e.URL+base))
	matrix := run(t, head, "read the matrix", chromedp.Text(chromedp.CSS(`[data-testid=matrix]`)))
	if !strings.Contains(matrix, "Phòng Quản lý ngân sách") {
		t.Errorf("matrix lacks the unit: %q", matrix)
	}
}
