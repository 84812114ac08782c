package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestHomeWork: the home page lists what waits for the user — her unit's
// pledge, dossier and supplement, the office's queues — and nothing of
// another unit.
func TestHomeWork(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	dautu, ngansach := unitOf(t, e, "tp.dautu"), unitOf(t, e, "tp.ngansach")
	exec := func(sql string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := e.Pool.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	campaign := exec(`INSERT INTO campaigns (year, kind, name, launch_on, registration_deadline, status)
		VALUES (2026, 'thematic', 'Phong trào Thử nghiệm', '2026-01-05', '2099-12-31', 'launched') RETURNING id`)
	exec(`INSERT INTO campaign_units (campaign_id, unit_id) VALUES ($1, $2) RETURNING campaign_id`, campaign, dautu)
	ended := exec(`INSERT INTO campaigns (year, kind, name, launch_on, registration_deadline, starts_on, ends_on, status)
		VALUES (2024, 'periodic', 'Đợt thi đua Đã qua', '2024-01-05', '2024-02-01', '2024-01-05', '2024-06-30', 'launched') RETURNING id`)
	exec(`INSERT INTO campaign_units (campaign_id, unit_id) VALUES ($1, $2) RETURNING campaign_id`, ended, dautu)
	round := exec(`INSERT INTO rounds (kind, year, title, deadline) VALUES ('ad_hoc', 2026, 'Đợt Thử nghiệm', '2099-12-31') RETURNING id`)
	returned := exec(`INSERT INTO rounds (kind, year, title, deadline, state) VALUES ('ad_hoc', 2026, 'Đợt Đã đóng', '2026-01-31', 'closed') RETURNING id`)
	dossier := exec(`INSERT INTO dossiers (round_id, unit_id, state) VALUES ($1, $2, 'returned') RETURNING id`, returned, dautu)
	submitted := exec(`INSERT INTO dossiers (round_id, unit_id, state, submitted_at) VALUES ($1, $2, 'submitted', now()) RETURNING id`, round, ngansach)

	home := e.login("tp.dautu").get("/")
	for _, want := range []string{
		fmt.Sprintf(`href="/campaigns/%d/pledge"`, campaign), "Phong trào Thử nghiệm", "hạn đăng ký 31/12/2099",
		fmt.Sprintf(`href="/rounds/%d"`, round), "Đợt Thử nghiệm",
		fmt.Sprintf(`href="/dossiers/%d"`, dossier), "bị trả lại để bổ sung",
	} {
		if !home.has(want) {
			t.Errorf("tp.dautu's home lacks %q", want)
		}
	}

	if home.has("Đợt thi đua Đã qua") {
		t.Error("tp.dautu is asked to register for a campaign that ended")
	}

	home = e.login("tp.ngansach").get("/")
	if home.has("Phong trào Thử nghiệm") || home.has(fmt.Sprintf(`href="/dossiers/%d"`, dossier)) {
		t.Error("tp.ngansach's home shows another unit's work")
	}
	if home.has(fmt.Sprintf(`href="/rounds/%d"`, round)) {
		t.Error("tp.ngansach's home asks for a dossier her unit has submitted")
	}

	home = e.login("vanphong").get("/")
	if !home.has("hồ sơ đề nghị khen thưởng mới nộp chờ tiếp nhận") || !home.has(`href="/appraisal"`) {
		t.Errorf("the office's home lacks the dossier %d waiting to be received", submitted)
	}
	if strings.Contains(home.body, "Đăng ký thi đua cho phong trào") {
		t.Error("the office is asked to register a pledge")
	}
}
