package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/calendar"
	"tdkt/internal/dossier"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// dossierFixture is a round with two units, a head and two people each.
type dossierFixture struct {
	s            *store.Store
	pool         *pgxpool.Pool
	round        int64
	unitA, unitB int64
	peopleA      []int64
	personB      int64
	head, office store.Actor
}

func subID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func newDossierFixture(t *testing.T) *dossierFixture {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	s := store.New(pool)
	f := &dossierFixture{s: s, pool: pool}
	var err error
	if f.unitA, err = s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Quản lý ngân sách", Kind: org.Department}); err != nil {
		t.Fatal(err)
	}
	if f.unitB, err = s.CreateUnit(ctx, actor, org.Unit{Name: "Phòng Đầu tư", Kind: org.Department}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Nguyễn Thị Lan", "Trần Văn Bình", "Lê Minh Châu"} {
		id, err := s.CreatePerson(ctx, actor, org.Person{UnitID: f.unitA, FullName: n, Gender: org.Female, Employment: org.CivilServant})
		if err != nil {
			t.Fatal(err)
		}
		f.peopleA = append(f.peopleA, id)
	}
	if f.personB, err = s.CreatePerson(ctx, actor, org.Person{UnitID: f.unitB, FullName: "Phạm Quốc Dũng", Gender: org.Male, Employment: org.CivilServant}); err != nil {
		t.Fatal(err)
	}
	headID, err := s.CreateUser(ctx, actor, store.NewUser{PersonID: f.peopleA[0], Username: "tp.test", PasswordHash: "x", Roles: auth.RoleSet{auth.DeptHead}})
	if err != nil {
		t.Fatal(err)
	}
	officeID, err := s.CreateUser(ctx, actor, store.NewUser{Username: "vp.test", DisplayName: "Văn phòng", PasswordHash: "x", Roles: auth.RoleSet{auth.Office}})
	if err != nil {
		t.Fatal(err)
	}
	f.head, f.office = store.Actor{UserID: headID, RequestID: "t"}, store.Actor{UserID: officeID, RequestID: "t"}
	f.round, err = s.CreateRound(ctx, f.office, store.Round{Kind: dossier.YearEnd, Year: 2025, Title: "Tổng kết năm 2025",
		Deadline: time.Date(2025, 12, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

var summary = "Hoàn thành xuất sắc nhiệm vụ tham mưu dự toán ngân sách tỉnh năm 2025."

func pdf(t *testing.T, name string) attach.File {
	t.Helper()
	f, err := attach.Inspect(name, []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// attachAll attaches every document an LĐTT nomination needs to the dossier.
func attachAll(t *testing.T, f *dossierFixture, sc store.Scope, id int64) {
	t.Helper()
	for _, k := range []award.DocKind{award.DocSubmission, award.DocReport, award.DocMinutes} {
		if _, err := f.s.AddDossierDoc(context.Background(), f.head, sc, id, store.NewDoc{DocKind: k, File: pdf(t, string(k)+".pdf")}); err != nil {
			t.Fatal(err)
		}
	}
}

func fire(f *dossierFixture, a store.Actor, sc store.Scope, id int64, ev dossier.Event, who dossier.Actor, reason string) error {
	d, err := f.s.Dossier(context.Background(), sc, id)
	if err != nil {
		return err
	}
	return f.s.FireDossier(context.Background(), a, sc, store.Transition{DossierID: id, Version: d.Version, Event: ev,
		Actors: []dossier.Actor{who}, Reason: reason})
}

func TestDossierWorkflow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDossierFixture(t)
	s := f.s
	scA, scB, all := store.Scope{UnitID: f.unitA}, store.Scope{UnitID: f.unitB}, store.Scope{All: true}

	id, err := s.OpenDossier(ctx, f.head, f.round, f.unitA)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := s.OpenDossier(ctx, f.head, f.round, f.unitA); err != nil || again != id {
		t.Fatalf("OpenDossier again = %d, %v; want %d", again, err, id)
	}
	if _, err := s.Dossier(ctx, scB, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another unit's head reads the dossier: %v; want ErrNotFound", err)
	}
	if _, err := s.DossierView(ctx, scB, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another unit's head reads the dossier view: %v; want ErrNotFound", err)
	}
	if _, err := s.Dossier(ctx, store.Scope{}, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the empty scope reads the dossier: %v", err)
	}

	// Nominations: own people only, once per award, justification when not eligible.
	add := func(sc store.Scope, n store.NewNomination) (int64, error) {
		return s.AddNomination(ctx, f.head, sc, id, n)
	}
	n1, err := add(scA, store.NewNomination{PersonID: f.peopleA[1], AwardCode: award.LDTT, Summary: summary, Eligible: true,
		Verdict: award.Verdict{Outcome: award.Eligible}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := add(scA, store.NewNomination{PersonID: f.peopleA[1], AwardCode: award.LDTT, Summary: summary, Eligible: true}); !isDuplicate(err, "subject") {
		t.Errorf("the same person twice for the same award: %v; want DuplicateError{subject}", err)
	}
	if _, err := add(scA, store.NewNomination{PersonID: f.personB, AwardCode: award.LDTT, Summary: summary, Eligible: true}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another unit's person: %v; want ErrNotFound", err)
	}
	if _, err := add(scB, store.NewNomination{PersonID: f.personB, AwardCode: award.LDTT, Summary: summary, Eligible: true}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a nomination into another unit's dossier: %v; want ErrNotFound", err)
	}
	var rule *store.RuleError
	if _, err := add(scA, store.NewNomination{PersonID: f.peopleA[2], AwardCode: award.LDTT, Summary: summary}); !errors.As(err, &rule) {
		t.Errorf("a pick the engine refused without a justification: %v; want RuleError", err)
	}
	if _, err := add(scA, store.NewNomination{SubjectUnitID: f.unitA, AwardCode: award.LDTT, Summary: summary, Eligible: true}); !errors.As(err, &rule) {
		t.Errorf("a collective for an individual title: %v; want RuleError", err)
	}
	n2, err := add(scA, store.NewNomination{PersonID: f.peopleA[2], AwardCode: award.LDTT, Summary: summary,
		Justification: "Có thành tích đột xuất trong công tác quyết toán."})
	if err != nil {
		t.Fatal(err)
	}

	// Submit is refused until the checklist is complete.
	if err := fire(f, f.head, scA, id, dossier.Submit, dossier.UnitHead, ""); !errors.As(err, &rule) {
		t.Fatalf("submit without documents: %v; want RuleError", err)
	}
	attachAll(t, f, scA, id)
	v, err := s.DossierView(ctx, scA, id)
	if err != nil {
		t.Fatal(err)
	}
	if c := v.Checklist(); !c.Complete || len(v.Nominations) != 2 || len(v.Docs) != 3 {
		t.Fatalf("checklist = %+v, %d nominations, %d docs; want complete", c, len(v.Nominations), len(v.Docs))
	}
	if !v.Nominations[1].Flagged {
		t.Error("the refused pick is not flagged")
	}

	// Submit, with a replay of the same form: one transition.
	head := f.head
	head.SubmissionID = subID()
	tr := store.Transition{DossierID: id, Version: v.Version, Event: dossier.Submit, Actors: []dossier.Actor{dossier.UnitHead}}
	for range 2 {
		if err := s.FireDossier(ctx, head, scA, tr); err != nil {
			t.Fatalf("submit (or its replay): %v", err)
		}
	}
	if err := s.FireDossier(ctx, f.head, scA, tr); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second submit with the old version: %v; want ErrConflict", err)
	}
	if _, err := add(scA, store.NewNomination{PersonID: f.peopleA[0], AwardCode: award.LDTT, Summary: summary, Eligible: true}); !errors.As(err, &rule) {
		t.Errorf("a nomination added after submitting: %v; want RuleError", err)
	}
	if err := fire(f, f.head, scA, id, dossier.Receive, dossier.UnitHead, ""); !errors.As(err, &rule) {
		t.Errorf("the department receives its own dossier: %v; want RuleError", err)
	}
	if err := fire(f, f.office, all, id, dossier.Receive, dossier.Office, ""); err != nil {
		t.Fatal(err)
	}
	if err := fire(f, f.office, all, id, dossier.Appraise, dossier.Office, ""); !errors.As(err, &rule) {
		t.Errorf("appraise with unmarked nominations: %v; want RuleError", err)
	}
	if err := fire(f, f.office, all, id, dossier.Return, dossier.Office, ""); !errors.As(err, &rule) {
		t.Errorf("return without a list: %v; want RuleError", err)
	}
	if err := fire(f, f.office, all, id, dossier.Return, dossier.Office, "Bổ sung biên bản họp xét có chữ ký."); err != nil {
		t.Fatal(err)
	}
	// The department fixes and resubmits.
	attachAll(t, f, scA, id)
	if err := fire(f, f.head, scA, id, dossier.Resubmit, dossier.UnitHead, ""); err != nil {
		t.Fatal(err)
	}
	if err := fire(f, f.office, all, id, dossier.Receive, dossier.Office, ""); err != nil {
		t.Fatal(err)
	}
	mark := func(nid int64, m dossier.NominationState, reason string) error {
		n, err := s.Nomination(ctx, all, id, nid)
		if err != nil {
			return err
		}
		return s.MarkNomination(ctx, f.office, store.Mark{DossierID: id, NominationID: nid, Version: n.Version, Mark: m,
			Reason: reason, Verdict: award.Verdict{Outcome: award.Eligible}, RuleSet: "nd152"})
	}
	if err := mark(n1, dossier.Eligible, ""); err != nil {
		t.Fatal(err)
	}
	if err := mark(n2, dossier.Ineligible, ""); !errors.As(err, &rule) {
		t.Errorf("ineligible without a reason: %v; want RuleError", err)
	}
	if err := mark(n2, dossier.Ineligible, "Chưa đủ 10 tháng công tác."); err != nil {
		t.Fatal(err)
	}
	if err := fire(f, f.office, all, id, dossier.Appraise, dossier.Office, ""); err != nil {
		t.Fatal(err)
	}
	v, err = s.DossierView(ctx, scA, id)
	if err != nil {
		t.Fatal(err)
	}
	if v.State != dossier.Appraised || len(v.Supplements) != 1 || v.Supplements[0].AnsweredAt.IsZero() {
		t.Errorf("after appraisal: state %s, supplements %+v", v.State, v.Supplements)
	}
	if string(v.Nominations[0].Verdict) == "" || v.Nominations[0].RuleSet != "nd152" {
		t.Errorf("verdict snapshot not stored: %+v", v.Nominations[0])
	}
	checkInvariantI1(t, f, id)
	var returned int
	if err := f.pool.QueryRow(ctx, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.username = 'tp.test' AND n.title LIKE '%trả lại%'`).Scan(&returned); err != nil || returned != 1 {
		t.Errorf("the head was notified of the return %d times (%v); want 1", returned, err)
	}
}

// checkInvariantI1: the state is the last transition's, and the version is
// 1 + the number of transitions.
func checkInvariantI1(t *testing.T, f *dossierFixture, id int64) {
	t.Helper()
	var state, last string
	var version, transitions int
	err := f.pool.QueryRow(context.Background(), `
		SELECT d.state, d.version,
			(SELECT count(*) FROM events e WHERE e.object_type = 'dossier' AND e.object_id = d.id AND e.after ? 'state' AND e.before IS NOT NULL AND e.action NOT LIKE 'nomination.%'),
			(SELECT e.after->>'state' FROM events e WHERE e.object_type = 'dossier' AND e.object_id = d.id AND e.after ? 'state' AND e.action NOT LIKE 'nomination.%' ORDER BY e.id DESC LIMIT 1)
		FROM dossiers d WHERE d.id = $1`, id).Scan(&state, &version, &transitions, &last)
	if err != nil {
		t.Fatal(err)
	}
	if state != last || version != 1+transitions {
		t.Errorf("I1: state %s (last event %s), version %d with %d transitions", state, last, version, transitions)
	}
}

// TestConcurrentTransitions: ten office users receive the same dossier at
// once; exactly one wins and the others get ErrConflict.
func TestConcurrentTransitions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDossierFixture(t)
	scA, all := store.Scope{UnitID: f.unitA}, store.Scope{All: true}
	id, err := f.s.OpenDossier(ctx, f.head, f.round, f.unitA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.AddNomination(ctx, f.head, scA, id, store.NewNomination{PersonID: f.peopleA[1], AwardCode: award.LDTT, Summary: summary, Eligible: true}); err != nil {
		t.Fatal(err)
	}
	attachAll(t, f, scA, id)
	if err := fire(f, f.head, scA, id, dossier.Submit, dossier.UnitHead, ""); err != nil {
		t.Fatal(err)
	}
	d, _ := f.s.Dossier(ctx, all, id)
	const n = 10
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			a := f.office
			a.SubmissionID = subID()
			errs[i] = f.s.FireDossier(ctx, a, all, store.Transition{DossierID: id, Version: d.Version, Event: dossier.Receive,
				Actors: []dossier.Actor{dossier.Office}})
		}()
	}
	close(start)
	wg.Wait()
	won, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, store.ErrConflict):
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 || conflicts != n-1 {
		t.Errorf("%d won, %d conflicts; want 1 and %d", won, conflicts, n-1)
	}
	checkInvariantI1(t, f, id)
}

// TestSameAchievementOnce: R14 across two rounds of the same year.
func TestSameAchievementOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDossierFixture(t)
	scA := store.Scope{UnitID: f.unitA}
	other, err := f.s.CreateRound(ctx, f.office, store.Round{Kind: dossier.Campaign, Year: 2025, Title: "Phong trào chuyển đổi số 2025",
		Deadline: time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CreateRound(ctx, f.office, store.Round{Kind: dossier.Campaign, Year: 2025, Title: "phong trào chuyển đổi số 2025",
		Deadline: time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC)}); !isDuplicate(err, "title") {
		t.Errorf("a second round with the same title: %v; want DuplicateError{title}", err)
	}
	d1, _ := f.s.OpenDossier(ctx, f.head, f.round, f.unitA)
	d2, _ := f.s.OpenDossier(ctx, f.head, other, f.unitA)
	nom := store.NewNomination{PersonID: f.peopleA[1], AwardCode: award.GiayKhen, Summary: summary, Eligible: true}
	if _, err := f.s.AddNomination(ctx, f.head, scA, d1, nom); err != nil {
		t.Fatal(err)
	}
	var rule *store.RuleError
	if _, err := f.s.AddNomination(ctx, f.head, scA, d2, nom); !errors.As(err, &rule) {
		t.Errorf("the same award for the same person in another round of 2025: %v; want RuleError", err)
	}
	rounds, err := f.s.Rounds(ctx, f.unitA)
	if err != nil || len(rounds) != 2 || rounds[0].MyDossier == 0 {
		t.Errorf("Rounds = %+v, %v", rounds, err)
	}
}

// TestUploadIdempotentAndScoped: a replayed upload stores one document; a
// download goes through the dossier's scope.
func TestUploadIdempotentAndScoped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newDossierFixture(t)
	scA, scB := store.Scope{UnitID: f.unitA}, store.Scope{UnitID: f.unitB}
	id, _ := f.s.OpenDossier(ctx, f.head, f.round, f.unitA)
	a := f.head
	a.SubmissionID = subID()
	var ids []int64
	for range 3 {
		doc, err := f.s.AddDossierDoc(ctx, a, scA, id, store.NewDoc{DocKind: award.DocSubmission, File: pdf(t, "to-trinh.pdf")})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, doc)
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("replayed upload created %v; want one id", ids)
	}
	if _, err := f.s.AddDossierDoc(ctx, f.head, scB, id, store.NewDoc{DocKind: award.DocSubmission, File: pdf(t, "x.pdf")}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("upload into another unit's dossier: %v; want ErrNotFound", err)
	}
	if _, data, err := f.s.DossierFile(ctx, scA, id, ids[0]); err != nil || len(data) == 0 {
		t.Errorf("download own document: %v", err)
	}
	if _, _, err := f.s.DossierFile(ctx, scB, id, ids[0]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("download another unit's document: %v; want ErrNotFound", err)
	}
	var n int
	f.pool.QueryRow(ctx, `SELECT count(*) FROM attachments`).Scan(&n)
	if n != 1 {
		t.Errorf("%d attachments stored; want 1", n)
	}
}

// The migration's holidays are internal/calendar's.
func TestHolidaysMatchCalendar(t *testing.T) {
	t.Parallel()
	got, err := pgtest.NewStore(t).Holidays(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := calendar.Vietnam()
	if fmt.Sprint(len(got)) != fmt.Sprint(len(want)) {
		t.Fatalf("%d holidays stored; want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Date.Equal(want[i].Date) || got[i].Name != want[i].Name || got[i].Working != want[i].Working {
			t.Errorf("holiday %d = %+v; want %+v", i, got[i], want[i])
		}
	}
}
