package store_test

import (
	"context"
	"errors"
	"testing"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

func TestAttachments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	f, err := attach.Inspect("Báo cáo thành tích.pdf", []byte("%PDF-1.7 test"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.InsertAttachment(ctx, actor, f)
	if err != nil {
		t.Fatal(err)
	}
	a, data, err := s.Attachment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != f.Name || a.Kind != attach.PDF || a.MediaType != "application/pdf" || a.Size != f.Size() ||
		string(data) != string(f.Data) || string(a.SHA256) != string(f.SHA256[:]) {
		t.Errorf("Attachment = %+v %q; want what was stored", a, data)
	}
	if _, err := pool.Exec(ctx, `UPDATE attachments SET name = 'x.pdf' WHERE id = $1`, id); err == nil {
		t.Error("UPDATE attachments succeeded; want the immutability trigger to refuse it")
	}
	if _, _, err := s.Attachment(ctx, id+1000); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Attachment(missing) = %v; want ErrNotFound", err)
	}
}

func TestNotifications(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	unit, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Tin học", Kind: org.Department})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Giá", Kind: org.Department})
	if err != nil {
		t.Fatal(err)
	}
	newUser := func(name string, unitID int64, roles ...auth.Role) int64 {
		t.Helper()
		var personID int64
		if unitID != 0 {
			personID, err = s.CreatePerson(ctx, actor, org.Person{UnitID: unitID, FullName: "Người " + name, Gender: org.Female, Position: "Chuyên viên", Employment: org.CivilServant})
			if err != nil {
				t.Fatal(err)
			}
		}
		id, err := s.CreateUser(ctx, actor, store.NewUser{PersonID: personID, Username: name, DisplayName: name, PasswordHash: "x", Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	head := newUser("head.one", unit, auth.DeptHead)
	otherHead := newUser("head.two", other, auth.DeptHead)
	staff := newUser("staff.one", unit, auth.Council)
	office := newUser("office.one", 0, auth.Office)

	n := store.Notice{Title: "Phong trào thi đua mới", Target: store.Target{Kind: store.TargetBlocYear, ID: 1, Sub: 2025}}
	if err := s.NotifyUnitHeads(ctx, []int64{unit}, n); err != nil {
		t.Fatal(err)
	}
	if err := s.NotifyRole(ctx, auth.Office, store.Notice{Title: "Hồ sơ mới", Target: store.Target{Kind: store.TargetDossier, ID: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := s.NotifyUsers(ctx, []int64{staff, staff}, store.Notice{Title: "Phiên họp"}); err != nil {
		t.Fatal(err)
	}
	unread := func(id int64) int {
		t.Helper()
		u, err := s.SessionUser(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return u.Unread
	}
	for _, c := range []struct {
		name string
		id   int64
		want int
	}{{"head", head, 1}, {"other unit's head", otherHead, 0}, {"staff", staff, 1}, {"office", office, 1}} {
		if got := unread(c.id); got != c.want {
			t.Errorf("%s: unread = %d; want %d", c.name, got, c.want)
		}
	}
	p, err := s.Notifications(ctx, head, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].Title != n.Title || p.Items[0].Target != n.Target || p.Items[0].Read || p.Unread != 1 || p.More {
		t.Fatalf("Notifications = %+v", p)
	}
	if _, err := s.OpenNotification(ctx, otherHead, p.Items[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("OpenNotification(another user's) = %v; want ErrNotFound", err)
	}
	target, err := s.OpenNotification(ctx, head, p.Items[0].ID)
	if err != nil || target != n.Target {
		t.Errorf("OpenNotification = %+v, %v; want %+v", target, err, n.Target)
	}
	if got := unread(head); got != 0 {
		t.Errorf("unread after opening = %d; want 0", got)
	}
	if err := s.MarkNotificationsRead(ctx, office, nil); err != nil {
		t.Fatal(err)
	}
	if got := unread(office); got != 0 {
		t.Errorf("unread after reading all = %d; want 0", got)
	}
}
