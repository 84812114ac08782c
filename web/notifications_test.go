package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// notify inserts n notifications for username, as an area's transaction
// would; target is the stored form ("round:7").
func (e *env) notify(username string, n int, target string) {
	e.t.Helper()
	_, err := e.Pool.Exec(context.Background(), `INSERT INTO notifications (user_id, title, link)
		SELECT u.id, 'Thông báo số ' || g, $2 FROM users u, generate_series(1, $3) g WHERE u.username = $1`, username, target, n)
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestNotifications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.Pool.Exec(context.Background(), `DELETE FROM notifications`); err != nil { // the demo data's
		t.Fatal(err)
	}
	head := e.login("tp.ngansach")
	// Start from an empty list: the demo data's own notices (launched campaigns, opened round) go.
	if _, err := e.Pool.Exec(context.Background(), `DELETE FROM notifications`); err != nil {
		t.Fatal(err)
	}
	if res := head.get("/notifications"); res.status != http.StatusOK || !strings.Contains(res.body, `data-testid="empty"`) {
		t.Fatalf("empty list = %d; want 200 with the empty state\n%s", res.status, res.body)
	}

	e.notify("tp.ngansach", 35, "round:7")
	e.notify("tp.dautu", 1, "dossier:1")
	res := head.get("/notifications")
	if res.status != http.StatusOK || !strings.Contains(res.body, `data-testid="unread-count">35<`) ||
		strings.Count(res.body, "/open") != 30 || !strings.Contains(res.body, "Thông báo số 35") {
		t.Fatalf("first page = %d; want 35 unread and 30 notifications, newest first\n%s", res.status, res.body)
	}
	var older string
	if i := strings.Index(res.body, `href="/notifications?before=`); i >= 0 {
		older = res.body[i+len(`href="`):]
		older = older[:strings.IndexByte(older, '"')]
	}
	if res := head.get(older); older == "" || strings.Count(res.body, "/open") != 5 {
		t.Errorf("older page %q has %d notifications; want 5", older, strings.Count(res.body, "/open"))
	}
	if res := head.get("/notifications?before=abc"); res.status != http.StatusNotFound {
		t.Errorf("malformed cursor = %d; want 404", res.status)
	}

	// Another user's notification is not found, and stays unread.
	var theirs int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.username = 'tp.dautu'`).Scan(&theirs); err != nil {
		t.Fatal(err)
	}
	if res := head.post(fmt.Sprintf("/notifications/%d/open", theirs), nil); res.status != http.StatusNotFound {
		t.Errorf("opening another user's notification = %d; want 404", res.status)
	}
	if n := e.count(`SELECT count(*) FROM notifications WHERE id = $1 AND read_at IS NULL`, theirs); n != 1 {
		t.Errorf("another user's notification was marked read")
	}

	var mine int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.username = 'tp.ngansach' ORDER BY n.id LIMIT 1`).Scan(&mine); err != nil {
		t.Fatal(err)
	}
	if res := head.post(fmt.Sprintf("/notifications/%d/open", mine), nil); res.status != http.StatusSeeOther || res.header.Get("Location") != "/rounds/7" {
		t.Errorf("open = %d %q; want 303 to the notification's link", res.status, res.header.Get("Location"))
	}
	if res := head.get("/notifications"); !strings.Contains(res.body, `data-testid="unread-count">34<`) {
		t.Errorf("after opening one: want 34 unread")
	}
	if res := head.post("/notifications/read", nil); res.status != http.StatusSeeOther {
		t.Errorf("read all = %d; want 303", res.status)
	}
	if n := e.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.username = 'tp.ngansach' AND read_at IS NULL`); n != 0 {
		t.Errorf("%d notifications still unread after reading all", n)
	}
	if n := e.count(`SELECT count(*) FROM notifications WHERE read_at IS NULL`); n != 1 {
		t.Errorf("reading all touched another user's notifications")
	}
}
