package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// importFixture creates a unit and two admin accounts; it returns the
// unit and the actors of the accounts.
func importFixture(t *testing.T, s *store.Store) (unitID int64, a, b store.Actor) {
	t.Helper()
	ctx := context.Background()
	unitID, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Quản lý ngân sách", Kind: org.Department})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"quantri1", "quantri2"} {
		id, err := s.CreateUser(ctx, actor, store.NewUser{Username: name, DisplayName: name, PasswordHash: "x", Roles: auth.RoleSet{auth.Admin}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			a = store.Actor{UserID: id, RequestID: "test"}
		} else {
			b = store.Actor{UserID: id, RequestID: "test"}
		}
	}
	return unitID, a, b
}

// newImportStore returns a store and a function counting the people rows.
func newImportStore(t *testing.T) (*store.Store, func() int) {
	t.Helper()
	pool := pgtest.NewPool(t)
	return store.New(pool), func() int {
		t.Helper()
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM people`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
}

func TestImportApply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, countPeople := newImportStore(t)
	unitID, a, other := importFixture(t, s)
	people := []org.Person{
		{UnitID: unitID, FullName: "Nguyễn Văn An", Gender: org.Male, Employment: org.CivilServant, BirthDate: time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC)},
		{UnitID: unitID, FullName: "Trần Thị Bình", Gender: org.Female, Employment: org.PublicEmployee, IsLeader: true},
	}
	id, err := s.CreateImport(ctx, a, "danh-sach.xlsx", map[string]any{"rows": people}, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Import(ctx, id, a.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Filename != "danh-sach.xlsx" || rec.RowCount != 2 || rec.ErrorCount != 0 || rec.Status != store.ImportPreview || rec.CreatedAt.IsZero() {
		t.Errorf("import = %+v", rec)
	}
	var back map[string][]org.Person
	if err := json.Unmarshal(rec.Rows, &back); err != nil || len(back["rows"]) != 2 || back["rows"][0].FullName != "Nguyễn Văn An" {
		t.Errorf("rows = %s (%v); want the JSON given", rec.Rows, err)
	}
	if _, err := s.Import(ctx, id, other.UserID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Import by another admin = %v; want ErrNotFound", err)
	}
	if _, err := s.ApplyPeopleImport(ctx, other, id, people); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ApplyPeopleImport by another admin = %v; want ErrNotFound", err)
	}

	before := countPeople()
	n, err := s.ApplyPeopleImport(ctx, a, id, people)
	if err != nil || n != 2 {
		t.Fatalf("ApplyPeopleImport = %d, %v; want 2", n, err)
	}
	if got := countPeople(); got != before+2 {
		t.Errorf("people = %d; want %d", got, before+2)
	}
	if rec, _ := s.Import(ctx, id, a.UserID); rec.Status != store.ImportApplied {
		t.Errorf("status = %q; want applied", rec.Status)
	}
	events, _ := s.ListEvents(ctx, store.EventFilter{ObjectType: "import", ObjectID: id})
	if len(events) != 2 || events[0].Action != "people.import" || events[0].ActorID != a.UserID ||
		!strings.Contains(events[0].After, `"count": 2`) || !strings.Contains(events[0].After, `"filename": "danh-sach.xlsx"`) {
		t.Errorf("import events = %+v; want upload then people.import with filename and count", events)
	}
	events, _ = s.ListEvents(ctx, store.EventFilter{ObjectType: "person", Limit: 200})
	created := 0
	for _, e := range events {
		if e.Action == "person.create" && e.ActorID == a.UserID {
			created++
		}
	}
	if created != 2 {
		t.Errorf("person.create events by the importer = %d; want 2", created)
	}

	// A second apply writes nothing.
	if _, err := s.ApplyPeopleImport(ctx, a, id, people); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second ApplyPeopleImport = %v; want ErrConflict", err)
	}
	if got := countPeople(); got != before+2 {
		t.Errorf("people after second apply = %d; want %d", got, before+2)
	}
	if err := s.CancelImport(ctx, a, id); !errors.Is(err, store.ErrConflict) {
		t.Errorf("CancelImport after apply = %v; want ErrConflict", err)
	}
}

func TestImportApplyRefusesRowsInError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, countPeople := newImportStore(t)
	unitID, a, _ := importFixture(t, s)
	people := []org.Person{{UnitID: unitID, FullName: "Nguyễn Văn An", Gender: org.Male, Employment: org.CivilServant}}
	id, err := s.CreateImport(ctx, a, "loi.xlsx", []string{"x"}, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	before := countPeople()
	if _, err := s.ApplyPeopleImport(ctx, a, id, people); !errors.Is(err, store.ErrConflict) {
		t.Errorf("ApplyPeopleImport with error rows = %v; want ErrConflict", err)
	}
	if got := countPeople(); got != before {
		t.Errorf("people = %d; want %d (nothing written)", got, before)
	}
}

func TestImportApplyRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, countPeople := newImportStore(t)
	unitID, a, _ := importFixture(t, s)
	closed, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng đã giải thể", Kind: org.Department})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := s.Unit(ctx, closed)
	if err := s.SetUnitActive(ctx, actor, closed, u.Version, false, time.Now(), "giải thể"); err != nil {
		t.Fatal(err)
	}
	people := []org.Person{
		{UnitID: unitID, FullName: "Nguyễn Văn An", Gender: org.Male, Employment: org.CivilServant},
		{UnitID: closed, FullName: "Trần Thị Bình", Gender: org.Female, Employment: org.CivilServant},
	}
	id, err := s.CreateImport(ctx, a, "ds.xlsx", people, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	before := countPeople()
	var re *store.RuleError
	if _, err := s.ApplyPeopleImport(ctx, a, id, people); !errors.As(err, &re) || !strings.Contains(re.Message, "Người thứ 2") {
		t.Fatalf("ApplyPeopleImport with an inactive unit = %v; want RuleError naming person 2", err)
	}
	if got := countPeople(); got != before {
		t.Errorf("people = %d; want %d (the first person rolled back)", got, before)
	}
	if rec, _ := s.Import(ctx, id, a.UserID); rec.Status != store.ImportPreview {
		t.Errorf("status = %q; want still preview", rec.Status)
	}
	events, _ := s.ListEvents(ctx, store.EventFilter{ObjectType: "import", ObjectID: id})
	for _, e := range events {
		if e.Action == "people.import" {
			t.Error("people.import event written by a failed apply")
		}
	}
}

func TestImportCancel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, countPeople := newImportStore(t)
	unitID, a, other := importFixture(t, s)
	people := []org.Person{{UnitID: unitID, FullName: "Nguyễn Văn An", Gender: org.Male, Employment: org.CivilServant}}
	id, err := s.CreateImport(ctx, a, "ds.xlsx", people, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CancelImport(ctx, other, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CancelImport by another admin = %v; want ErrNotFound", err)
	}
	if err := s.CancelImport(ctx, a, id); err != nil {
		t.Fatal(err)
	}
	if rec, _ := s.Import(ctx, id, a.UserID); rec.Status != store.ImportCancelled {
		t.Errorf("status = %q; want cancelled", rec.Status)
	}
	if err := s.CancelImport(ctx, a, id); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second CancelImport = %v; want ErrConflict", err)
	}
	before := countPeople()
	if _, err := s.ApplyPeopleImport(ctx, a, id, people); !errors.Is(err, store.ErrConflict) {
		t.Errorf("ApplyPeopleImport after cancel = %v; want ErrConflict", err)
	}
	if got := countPeople(); got != before {
		t.Errorf("people = %d; want %d", got, before)
	}
	if _, err := s.Import(ctx, 999999, a.UserID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Import(unknown) = %v; want ErrNotFound", err)
	}
}

// TestPurge: a month later, the parsed rows of finished and abandoned
// imports are gone (an abandoned preview is cancelled, with an event), and
// old submission keys are forgotten; fresh ones stay.
func TestPurge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	unitID, a, _ := importFixture(t, s)
	people := []org.Person{{UnitID: unitID, FullName: "Nguyễn Văn Lưu", Gender: org.Male, Employment: org.CivilServant}}
	done, _ := s.CreateImport(ctx, a, "xong.xlsx", people, 1, 0)
	if _, err := s.ApplyPeopleImport(ctx, a, done, people); err != nil {
		t.Fatal(err)
	}
	left, _ := s.CreateImport(ctx, a, "bo-do.xlsx", people, 1, 0)
	sub := a
	sub.SubmissionID = "0123456789abcdef0123456789abcdef"
	if _, err := s.CreateUnit(ctx, sub, org.Unit{Name: "Phòng Lưu Tạm", Kind: org.Department}); err != nil {
		t.Fatal(err)
	}
	s.LoginAttempt(ctx, "ai-do-go-sai", "10.0.0.1", time.Now().Add(-2*time.Hour))
	if _, err := pool.Exec(ctx, `INSERT INTO notifications (user_id, title, read_at) VALUES
		($1, 'đọc lâu rồi', now() - interval '200 days'), ($1, 'đọc gần đây', now()), ($1, 'chưa đọc', NULL)`, a.UserID); err != nil {
		t.Fatal(err)
	}
	if n, m, err := s.Purge(ctx, time.Now()); err != nil || n != 0 || m != 0 {
		t.Fatalf("Purge now = %d, %d, %v; want nothing purged yet", n, m, err)
	}
	n, m, err := s.Purge(ctx, time.Now().Add(31*24*time.Hour))
	if err != nil || n != 2 || m != 1 {
		t.Fatalf("Purge a month later = %d imports, %d submissions, %v; want 2, 1", n, m, err)
	}
	for _, id := range []int64{done, left} {
		rec, err := s.Import(ctx, id, a.UserID)
		if err != nil || string(rec.Rows) != "[]" || rec.Status == store.ImportPreview {
			t.Errorf("import %d after purge = %+v, %v; want empty rows, not in preview", id, rec, err)
		}
	}
	if _, bad, _ := s.VerifyEvents(ctx); bad != 0 {
		t.Errorf("audit chain broken at %d after purge", bad)
	}
	// The old failure is forgotten: no lock state is kept for that name.
	var throttled int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM login_throttle`).Scan(&throttled); err != nil || throttled != 0 {
		t.Errorf("login_throttle rows after the purge = %d, %v; want 0", throttled, err)
	}
	// Only the notification read more than NotificationsKept ago is gone.
	var titles string
	if err := pool.QueryRow(ctx, `SELECT string_agg(title, ',' ORDER BY id) FROM notifications`).Scan(&titles); err != nil || titles != "đọc gần đây,chưa đọc" {
		t.Errorf("notifications after the purge = %q, %v; want the recent and the unread ones", titles, err)
	}
}
