package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var actor = store.Actor{RequestID: "test"}

func TestUnitsAndPeople(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	ns, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Quản lý ngân sách", Kind: org.Department})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUnit(ctx, actor, org.Unit{Name: "phòng quản lý ngân sách", Kind: org.Department}); !isDuplicate(err, "name") {
		t.Errorf("CreateUnit(duplicate name) = %v; want DuplicateError{name}", err)
	}
	for _, n := range []string{"Nguyễn Văn An", "Đặng Thị Bình", "Bùi Minh Châu", "Lê Ánh"} {
		if _, err := s.CreatePerson(ctx, actor, org.Person{UnitID: ns, FullName: n, Gender: org.Female, Employment: org.CivilServant}); err != nil {
			t.Fatal(err)
		}
	}
	pg, err := s.ListPeople(ctx, store.PeopleFilter{Query: "nguyen"})
	if err != nil || pg.Total != 1 || pg.People[0].FullName != "Nguyễn Văn An" {
		t.Errorf("ListPeople(nguyen) = %+v, %v; want Nguyễn Văn An", pg, err)
	}
	for _, f := range []store.PeopleFilter{{WithUnits: true}, {WithUnits: true, Query: "an"}} {
		if pg, err := s.ListPeople(ctx, f); err != nil || len(pg.Units) != 1 || pg.Units[0].ID != ns || len(pg.People) == 0 {
			t.Errorf("ListPeople(%+v) = %d people, units %+v, %v; want people and the one unit", f, len(pg.People), pg.Units, err)
		}
	}
	pg, _ = s.ListPeople(ctx, store.PeopleFilter{Query: "DANG"})
	if len(pg.People) != 1 || pg.People[0].FullName != "Đặng Thị Bình" {
		t.Errorf("ListPeople(DANG) = %+v; want Đặng Thị Bình", pg)
	}
	pg, _ = s.ListPeople(ctx, store.PeopleFilter{Query: "%"})
	if len(pg.People) != 0 {
		t.Errorf("ListPeople(%%) = %d people; want 0 (wildcards escaped)", len(pg.People))
	}
	if got, want := names(s, store.PeopleFilter{}), "Bùi Minh Châu|Đặng Thị Bình|Lê Ánh|Nguyễn Văn An"; got != want {
		t.Errorf("Vietnamese order = %s; want %s", got, want)
	}
	// Keyset pages of two, forward and back.
	first, _ := s.ListPeople(ctx, store.PeopleFilter{Limit: 2})
	if first.HasPrev || !first.HasNext || first.Total != 4 {
		t.Errorf("first page = %+v; want next only, total 4", first)
	}
	second, _ := s.ListPeople(ctx, store.PeopleFilter{Limit: 2, After: first.People[1].ID})
	if second.HasNext || !second.HasPrev || second.People[0].FullName != "Lê Ánh" {
		t.Errorf("second page = %+v; want Lê Ánh first, prev only", second)
	}
	back, _ := s.ListPeople(ctx, store.PeopleFilter{Limit: 2, Before: second.People[0].ID})
	if back.HasPrev || back.People[0].FullName != "Bùi Minh Châu" || back.People[1].FullName != "Đặng Thị Bình" {
		t.Errorf("page before Lê Ánh = %+v; want the first page again", back)
	}

	// A unit with people cannot be deactivated; nothing is deleted.
	u, _ := s.Unit(ctx, ns)
	var re *store.RuleError
	if err := s.SetUnitActive(ctx, actor, ns, u.Version, false, time.Now(), ""); !errors.As(err, &re) {
		t.Errorf("deactivate unit with people = %v; want RuleError", err)
	}
}

func TestOptimisticLocking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	id, _ := s.CreateUnit(ctx, actor, org.Unit{Name: "Thanh tra Sở", Kind: org.Department})
	u, _ := s.Unit(ctx, id)
	a, b := u, u
	a.Name, b.Name = "Thanh tra Sở Tài chính", "Thanh tra"
	if err := s.UpdateUnit(ctx, actor, a); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateUnit(ctx, actor, b); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second UpdateUnit at the same version = %v; want ErrConflict", err)
	}
	got, _ := s.Unit(ctx, id)
	if got.Name != "Thanh tra Sở Tài chính" || got.Version != 2 {
		t.Errorf("unit = %q v%d; want the first edit at v2", got.Name, got.Version)
	}
	events, _ := s.ListEvents(ctx, store.EventFilter{ObjectType: "unit", ObjectID: id})
	if len(events) != 2 || events[0].Action != "unit.update" {
		t.Errorf("events = %+v; want create + one update", events)
	}
}

func TestEventsAppendOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	if _, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Văn phòng Sở", Kind: org.Department}); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{`UPDATE events SET action = 'x'`, `DELETE FROM events`, `TRUNCATE events`} {
		if _, err := pool.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v; want append-only refusal", sql, err)
		}
	}
}

// TestEventChain: editing or removing an audit row (possible only for a
// superuser who disables the trigger) is detected by VerifyEvents.
func TestEventChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	for _, n := range []string{"Phòng A", "Phòng B", "Phòng C", "Phòng D"} {
		if _, err := s.CreateUnit(ctx, actor, org.Unit{Name: n, Kind: org.Department}); err != nil {
			t.Fatal(err)
		}
	}
	if n, bad, err := s.VerifyEvents(ctx); err != nil || n != 4 || bad != 0 {
		t.Fatalf("VerifyEvents() on a clean trail = %d, %d, %v; want 4, 0, nil", n, bad, err)
	}
	var second, third int64
	pool.QueryRow(ctx, `SELECT id FROM events ORDER BY id OFFSET 1 LIMIT 1`).Scan(&second)
	pool.QueryRow(ctx, `SELECT id FROM events ORDER BY id OFFSET 2 LIMIT 1`).Scan(&third)
	tamper := func(sql string, args ...any) {
		t.Helper()
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, `ALTER TABLE events DISABLE TRIGGER events_no_update`); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if _, err := tx.Exec(ctx, `ALTER TABLE events ENABLE TRIGGER events_no_update`); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tamper(`UPDATE events SET reason = 'sửa lén' WHERE id = $1`, second)
	if _, bad, _ := s.VerifyEvents(ctx); bad != second {
		t.Errorf("after editing event %d, VerifyEvents() first bad = %d", second, bad)
	}
	tamper(`DELETE FROM events WHERE id = $1`, second)
	if _, bad, _ := s.VerifyEvents(ctx); bad != third {
		t.Errorf("after deleting event %d, VerifyEvents() first bad = %d; want %d", second, bad, third)
	}
}

// TestEventChainConcurrent: events written by concurrent transactions still
// form one unbroken chain.
func TestEventChainConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	errs := make(chan error, 20)
	for i := range 20 {
		go func() {
			_, err := s.CreateUnit(ctx, actor, org.Unit{Name: fmt.Sprintf("Đơn vị %02d", i), Kind: org.Affiliated})
			errs <- err
		}()
	}
	for range 20 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n, bad, err := s.VerifyEvents(ctx); err != nil || n != 20 || bad != 0 {
		t.Errorf("VerifyEvents() = %d, %d, %v; want 20, 0, nil", n, bad, err)
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	var next time.Time
	for i := 1; i <= auth.MaxFailures; i++ {
		n, nx, err := s.LoginAttempt(ctx, "ai-do", "10.0.0.9", now)
		if err != nil || n != i || !nx.Equal(now.Add(auth.LockAfter(i))) {
			t.Fatalf("attempt %d: n=%d next=%v err=%v", i, n, nx, err)
		}
		next = nx
		if i < auth.MaxFailures {
			now = nx
		}
	}
	if n, until, _ := s.LoginAttempt(ctx, "ai-do", "10.0.0.9", now.Add(time.Minute)); n != 0 || !until.Equal(next) {
		t.Errorf("attempt while locked = %d, %v; want refused until %v", n, until, next)
	}
	// Another address is not locked out.
	if n, _, _ := s.LoginAttempt(ctx, "ai-do", "10.0.0.10", now.Add(time.Minute)); n != 1 {
		t.Errorf("attempt from another address = %d; want 1", n)
	}
	if n, _, _ := s.LoginAttempt(ctx, "ai-do", "10.0.0.9", next); n != auth.MaxFailures+1 {
		t.Errorf("attempt after the lock = %d; want %d", n, auth.MaxFailures+1)
	}
	if n, _, _ := s.LoginAttempt(ctx, "ai-do", "10.0.0.9", next.Add(2*auth.FailureWindow)); n != 1 {
		t.Errorf("attempt after the window = %d; want a fresh count", n)
	}
}

// TestLoginAttemptsConcurrent: 20 parallel attempts from one address get
// exactly as many go-aheads as sequential ones would.
func TestLoginAttemptsConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var allowed atomic.Int32
	for range 20 {
		wg.Go(func() {
			n, _, err := s.LoginAttempt(ctx, "song-song", "10.0.0.1", now)
			if err != nil {
				t.Error(err)
			}
			if n > 0 {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	// Attempts 1 and 2 set no delay, the 3rd sets 5 s.
	if got := allowed.Load(); got != 3 {
		t.Errorf("parallel attempts allowed = %d; want 3", got)
	}
}

func names(s *store.Store, f store.PeopleFilter) string {
	pg, _ := s.ListPeople(context.Background(), f)
	var out []string
	for _, p := range pg.People {
		out = append(out, p.FullName)
	}
	return strings.Join(out, "|")
}

func isDuplicate(err error, field string) bool {
	var de *store.DuplicateError
	return errors.As(err, &de) && de.Field == field
}

// TestHeadcountsFollowPeople: the trigger-kept head counts equal a full
// count after creates, edits, moves, departures and returns.
func TestHeadcountsFollowPeople(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	a, _ := s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng A", Kind: org.Department})
	b, _ := s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng B", Kind: org.Department})
	var ids []int64
	for i := range 12 {
		g := org.Male
		if i%3 == 0 {
			g = org.Female
		}
		id, err := s.CreatePerson(ctx, actor, org.Person{UnitID: a, FullName: fmt.Sprintf("Người %d", i), Gender: g,
			Employment: org.CivilServant, IsLeader: i%4 == 0})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	edit := func(id int64, change func(p *org.Person)) {
		t.Helper()
		p, err := s.Person(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		change(&p)
		if err := s.UpdatePerson(ctx, actor, p); err != nil {
			t.Fatal(err)
		}
	}
	edit(ids[0], func(p *org.Person) { p.UnitID = b })                    // move
	edit(ids[1], func(p *org.Person) { p.Gender = org.Female })           // correct the gender
	edit(ids[2], func(p *org.Person) { p.IsLeader = true; p.UnitID = b }) // promoted and moved
	edit(ids[3], func(p *org.Person) { p.Active = false })                // retired
	edit(ids[4], func(p *org.Person) { p.Active = false })
	edit(ids[4], func(p *org.Person) { p.Active = true }) // came back
	edit(ids[5], func(p *org.Person) { p.Position = "Chuyên viên chính" })

	var mismatches int
	err := pool.QueryRow(ctx, `
		SELECT count(*) FROM units u
		LEFT JOIN unit_headcounts h ON h.unit_id = u.id
		LEFT JOIN (SELECT unit_id, count(*) n, count(*) FILTER (WHERE gender = 'female') w, count(*) FILTER (WHERE is_leader) l
			FROM people WHERE active GROUP BY unit_id) c ON c.unit_id = u.id
		WHERE (COALESCE(h.people, 0), COALESCE(h.women, 0), COALESCE(h.leaders, 0)) <> (COALESCE(c.n, 0), COALESCE(c.w, 0), COALESCE(c.l, 0))`).Scan(&mismatches)
	if err != nil || mismatches != 0 {
		t.Errorf("units whose head count differs from a full count = %d, %v; want 0", mismatches, err)
	}
	hc, _ := s.StaffHeadcount(ctx)
	if hc.People != 11 {
		t.Errorf("StaffHeadcount().People = %d; want 11", hc.People)
	}
	ua, _ := s.Unit(ctx, a)
	ub, _ := s.Unit(ctx, b)
	if ua.People != 9 || ub.People != 2 {
		t.Errorf("unit head counts = %d, %d; want 9, 2", ua.People, ub.People)
	}
	pa, _ := s.ListPeople(ctx, store.PeopleFilter{UnitID: a})
	all, _ := s.ListPeople(ctx, store.PeopleFilter{})
	if pa.Total != 9 || all.Total != 11 || len(all.People) != 11 {
		t.Errorf("ListPeople totals = %d (unit A), %d (all, %d listed); want 9, 11", pa.Total, all.Total, len(all.People))
	}
}
