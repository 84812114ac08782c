package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/council"
	"tdkt/internal/dossier"
	"tdkt/internal/org"
	"tdkt/internal/store"
)

// councilFixture is a 9-member council (peopleA[0], the head of unit A,
// is one of them) and an appraised dossier of unit A with two eligible
// nominations: peopleA[0] for CSTĐ cơ sở (4/5) and peopleA[1] for LĐTT
// (1/2).
type councilFixture struct {
	*dossierFixture
	members   []int64 // person ids; members[0] chairs, members[8] = peopleA[0]
	seats     []int64
	dossierID int64
	noms      []int64 // [CSTĐCS of peopleA[0], LĐTT of peopleA[1]]
	chair     store.Actor
	heldOn    time.Time
}

func newCouncilFixture(t *testing.T) *councilFixture {
	t.Helper()
	ctx := context.Background()
	f := &councilFixture{dossierFixture: newDossierFixture(t), heldOn: time.Date(2025, 12, 18, 0, 0, 0, 0, time.UTC)}
	s := f.s
	board, err := s.CreateUnit(ctx, actor, org.Unit{Name: "Ban Giám đốc Sở", Kind: org.Department})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		id, err := s.CreatePerson(ctx, actor, org.Person{UnitID: board, FullName: fmt.Sprintf("Thành viên Số %d", i+1), Gender: org.Male, Employment: org.CivilServant})
		if err != nil {
			t.Fatal(err)
		}
		f.members = append(f.members, id)
	}
	f.members = append(f.members, f.peopleA[0])
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, p := range f.members {
		role := council.Member
		switch i {
		case 0:
			role = council.Chair
		case 1:
			role = council.ViceChair
		case 2:
			role = council.Secretary
		}
		seat, err := s.AddCouncilSeat(ctx, f.office, store.CouncilSeat{PersonID: p, Role: role, From: from})
		if err != nil {
			t.Fatal(err)
		}
		f.seats = append(f.seats, seat)
	}
	chairID, err := s.CreateUser(ctx, actor, store.NewUser{PersonID: f.members[0], Username: "gd.test", PasswordHash: "x", Roles: auth.RoleSet{auth.Chair, auth.Council}})
	if err != nil {
		t.Fatal(err)
	}
	f.chair = store.Actor{UserID: chairID, RequestID: "t"}

	sc, all := store.Scope{UnitID: f.unitA}, store.Scope{All: true}
	f.dossierID, err = s.OpenDossier(ctx, f.head, f.round, f.unitA)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.peopleA[:2] {
		n, err := s.AddNomination(ctx, f.head, sc, f.dossierID, store.NewNomination{PersonID: p, AwardCode: award.LDTT, Summary: summary,
			Eligible: true, Verdict: award.Verdict{Outcome: award.Eligible}})
		if err != nil {
			t.Fatal(err)
		}
		f.noms = append(f.noms, n)
	}
	attachAll(t, f.dossierFixture, sc, f.dossierID)
	for _, step := range []struct {
		a  store.Actor
		sc store.Scope
		ev dossier.Event
		w  dossier.Actor
	}{{f.head, sc, dossier.Submit, dossier.UnitHead}, {f.office, all, dossier.Receive, dossier.Office}} {
		if err := fire(f.dossierFixture, step.a, step.sc, f.dossierID, step.ev, step.w, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, nid := range f.noms {
		n, err := s.Nomination(ctx, all, f.dossierID, nid)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.MarkNomination(ctx, f.office, store.Mark{DossierID: f.dossierID, NominationID: nid, Version: n.Version,
			Mark: dossier.Eligible, Verdict: award.Verdict{Outcome: award.Eligible}, RuleSet: "nd152_2025"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := fire(f.dossierFixture, f.office, all, f.dossierID, dossier.Appraise, dossier.Office, ""); err != nil {
		t.Fatal(err)
	}
	// The first nomination becomes a CSTĐ cơ sở one (80% of all members).
	if _, err := f.pool.Exec(ctx, `UPDATE nominations SET award_code = $2 WHERE id = $1`, f.noms[0], award.CSTDCoSo); err != nil {
		t.Fatal(err)
	}
	return f
}

// session creates a session with both nominations and marks present
// every member but the ones listed absent.
func (f *councilFixture) session(t *testing.T, absent ...int) store.SessionView {
	t.Helper()
	ctx := context.Background()
	id, err := f.s.CreateCouncilSession(ctx, f.office, store.NewCouncilSession{Title: "Phiên họp xét khen thưởng năm 2025",
		HeldOn: f.heldOn, Place: "Phòng họp số 1", NominationIDs: f.noms})
	if err != nil {
		t.Fatal(err)
	}
	v := f.view(t, id)
	var present []int64
	for i, seat := range f.seats {
		skip := false
		for _, a := range absent {
			skip = skip || a == i
		}
		if !skip {
			present = append(present, seat)
		}
	}
	if err := f.s.SetAttendance(ctx, f.office, id, v.Session.Version, present); err != nil {
		t.Fatal(err)
	}
	return f.view(t, id)
}

func (f *councilFixture) view(t *testing.T, id int64) store.SessionView {
	t.Helper()
	v, err := f.s.CouncilSessionView(context.Background(), id, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// item finds the agenda item of a nomination.
func item(v store.SessionView, nom int64) int64 {
	for _, it := range v.Items {
		if it.NominationID == nom {
			return it.ID
		}
	}
	return 0
}

func (f *councilFixture) open(t *testing.T, v store.SessionView) store.SessionView {
	t.Helper()
	if err := f.s.OpenBallot(context.Background(), f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version}); err != nil {
		t.Fatal(err)
	}
	return f.view(t, v.Session.ID)
}

func (f *councilFixture) vote(t *testing.T, v store.SessionView, member int, cstd, ldtt council.Choice) string {
	t.Helper()
	choices := map[int64]council.Choice{}
	if cstd != "" {
		choices[item(v, f.noms[0])] = cstd
	}
	if ldtt != "" {
		choices[item(v, f.noms[1])] = ldtt
	}
	code, err := f.s.CastVote(context.Background(), store.Actor{RequestID: "t"}, v.Session.ID, f.members[member], choices)
	if err != nil {
		t.Fatalf("member %d votes: %v", member, err)
	}
	return code
}

func TestCouncilRoster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCouncilFixture(t)
	var rule *store.RuleError
	if _, err := f.s.AddCouncilSeat(ctx, f.office, store.CouncilSeat{PersonID: f.personB, Role: council.Chair, From: f.heldOn}); !errors.As(err, &rule) {
		t.Errorf("a second chair: %v", err)
	}
	if _, err := f.s.AddCouncilSeat(ctx, f.office, store.CouncilSeat{PersonID: f.members[3], Role: council.Member, From: f.heldOn}); !errors.As(err, &rule) {
		t.Errorf("a second seat for the same person: %v", err)
	}
	roster, err := f.s.CouncilRoster(ctx, f.heldOn)
	if err != nil || len(roster) != 9 || roster[0].Role != council.Chair || roster[0].PersonID != f.members[0] {
		t.Fatalf("roster = %d seats (%v), first %+v", len(roster), err, roster[0])
	}
	// The vice chair leaves on 30/11/2025: a session on 18/12 seats 8.
	seat := roster[1]
	seat.To = time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC)
	if err := f.s.UpdateCouncilSeat(ctx, f.office, seat); err != nil {
		t.Fatal(err)
	}
	if err := f.s.UpdateCouncilSeat(ctx, f.office, seat); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale version: %v", err)
	}
	if roster, _ = f.s.CouncilRoster(ctx, f.heldOn); len(roster) != 8 {
		t.Errorf("%d seats after the end date", len(roster))
	}
	if all, _ := f.s.CouncilRoster(ctx, time.Time{}); len(all) != 9 {
		t.Errorf("%d seats in all", len(all))
	}
}

func TestCouncilBallot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCouncilFixture(t)
	s := f.s
	var rule *store.RuleError

	// Candidates: both nominations; the dossier goes before the council.
	cands, err := s.AgendaCandidates(ctx)
	if err != nil || len(cands) != 2 {
		t.Fatalf("candidates %d, %v", len(cands), err)
	}
	// Quorum: 9 members need 6; with 4 absent the ballot does not open.
	v := f.session(t, 1, 2, 3, 4)
	if d, _ := s.Dossier(ctx, store.Scope{All: true}, f.dossierID); d.State != dossier.InCouncil {
		t.Errorf("dossier state %s", d.State)
	}
	if cands, _ := s.AgendaCandidates(ctx); len(cands) != 0 {
		t.Errorf("nominations on a session are still candidates: %d", len(cands))
	}
	if _, err := s.CreateCouncilSession(ctx, f.office, store.NewCouncilSession{Title: "Phiên khác", HeldOn: f.heldOn, NominationIDs: f.noms}); !errors.As(err, &rule) {
		t.Errorf("the same nominations on two sessions: %v", err)
	}
	if v.Session.Members != 9 || v.Session.Present != 5 || v.QuorumMet() || v.QuorumNeed() != 6 {
		t.Fatalf("attendance %+v", v.Session)
	}
	if err := s.OpenBallot(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version}); !errors.As(err, &rule) {
		t.Fatalf("opened without quorum: %v", err)
	}
	// Member 4 is absent and sends a written opinion; 8 are present.
	var present []int64
	for i, seat := range f.seats {
		if i != 4 {
			present = append(present, seat)
		}
	}
	if err := s.SetAttendance(ctx, f.office, v.Session.ID, v.Session.Version, present); err != nil {
		t.Fatal(err)
	}
	v = f.open(t, f.view(t, v.Session.ID))
	if v.Session.State != council.Open || v.Open == nil || v.Open.Round != 1 || v.Open.Present != 8 || v.Open.Total != 9 {
		t.Fatalf("open: %+v %+v", v.Session, v.Open)
	}
	if err := s.SetAttendance(ctx, f.office, v.Session.ID, v.Session.Version, present); !errors.As(err, &rule) {
		t.Errorf("attendance changed while voting: %v", err)
	}

	// A non-member, an absent member and the person voting for himself.
	cstd, ldtt := item(v, f.noms[0]), item(v, f.noms[1])
	if _, err := s.CastVote(ctx, actor, v.Session.ID, f.personB, map[int64]council.Choice{cstd: council.Agree, ldtt: council.Agree}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a non-member voted: %v", err)
	}
	if _, err := s.MemberBallot(ctx, v.Session.ID, f.personB); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a non-member read the ballot: %v", err)
	}
	if _, err := s.CastVote(ctx, actor, v.Session.ID, f.members[4], map[int64]council.Choice{cstd: council.Agree, ldtt: council.Agree}); !errors.As(err, &rule) {
		t.Errorf("an absent member voted: %v", err)
	}
	if _, err := s.CastVote(ctx, actor, v.Session.ID, f.members[8], map[int64]council.Choice{cstd: council.Agree, ldtt: council.Agree}); !errors.As(err, &rule) {
		t.Errorf("the nominee voted on himself: %v", err)
	}
	mb, err := s.MemberBallot(ctx, v.Session.ID, f.members[8])
	if err != nil || len(mb.Lines) != 2 || mb.Voted {
		t.Fatalf("member ballot %+v %v", mb, err)
	}
	for _, l := range mb.Lines {
		if l.Recusal != (l.NominationID == f.noms[0]) {
			t.Errorf("recusal on %d = %v", l.NominationID, l.Recusal)
		}
	}

	// CSTĐCS needs 8 of 9: 7 agree in the room + 1 written = 8, passes.
	// LĐTT needs 5 of 9: 4 agree, fails.
	codes := map[string]bool{}
	for i := range 8 {
		if i == 4 {
			continue
		}
		c, l := council.Agree, council.Disagree
		if i < 4 {
			l = council.Agree
		}
		codes[f.vote(t, v, i, c, l)] = true
	}
	codes[f.vote(t, v, 8, "", council.Abstain)] = true // recused from his own CSTĐCS
	if len(codes) != 8 {
		t.Fatalf("%d distinct receipt codes", len(codes))
	}
	if _, err := s.CastVote(ctx, actor, v.Session.ID, f.members[0], map[int64]council.Choice{cstd: council.Agree, ldtt: council.Agree}); !errors.Is(err, store.ErrAlreadyVoted) {
		t.Errorf("second vote: %v", err)
	}
	if err := s.EnterWrittenVotes(ctx, f.office, v.Session.ID, f.seats[0], map[int64]council.Choice{cstd: council.Agree, ldtt: council.Agree}); !errors.As(err, &rule) {
		t.Errorf("a written vote for a present member: %v", err)
	}
	if err := s.EnterWrittenVotes(ctx, f.office, v.Session.ID, f.seats[4], map[int64]council.Choice{cstd: council.Agree, ldtt: council.Disagree}); err != nil {
		t.Fatal(err)
	}

	// While open: only how many voted.
	v = f.view(t, v.Session.ID)
	if v.Open == nil || v.Open.Voted != 8 || len(v.Results) != 0 {
		t.Fatalf("open view: %+v, %d results", v.Open, len(v.Results))
	}
	ballotID := v.Open.ID
	if pub, err := s.PublishedBallots(ctx, ballotID); err != nil || len(pub) != 0 {
		t.Errorf("published while open: %d, %v", len(pub), err)
	}
	if _, err := s.Recount(ctx, ballotID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("recount while open: %v", err)
	}

	tally, err := s.CloseBallot(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[int64]council.ItemResult{}
	for _, it := range tally.Items {
		byKey[it.Key] = it
	}
	if r := byKey[cstd]; !r.Passed || r.Agree != 8 || r.Written != 1 || r.Recused != 1 || r.NotVoted != 0 || r.Percent() != "88,89%" {
		t.Errorf("CSTĐCS %+v", r)
	}
	if r := byKey[ldtt]; r.Passed || r.Agree != 4 || r.Disagree != 4 || r.Abstain != 1 || r.Written != 1 || r.Need != 5 {
		t.Errorf("LĐTT %+v", r)
	}
	// One item failed and a second round is allowed: the session waits.
	v = f.view(t, v.Session.ID)
	if v.Session.State != council.Closed || len(v.Results) != 1 || v.Open != nil {
		t.Fatalf("after close: %s, %d results", v.Session.State, len(v.Results))
	}
	stored := v.Results[0].Tally
	recounted, err := s.Recount(ctx, ballotID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(stored.Items) != fmt.Sprint(recounted.Items) || stored.Voted != recounted.Voted || stored.Voted != 8 {
		t.Errorf("recount %+v\n != stored %+v", recounted, stored)
	}
	for _, e := range v.Results[0].Entitled {
		if e.Voted != (e.MemberID != f.seats[4]) || e.Present != (e.MemberID != f.seats[4]) {
			t.Errorf("frozen list %+v", e)
		}
	}
	pub, err := s.PublishedBallots(ctx, ballotID)
	if err != nil || len(pub) != 8 {
		t.Fatalf("published %d, %v", len(pub), err)
	}
	agree := 0
	for _, p := range pub {
		if !codes[p.Code] {
			t.Errorf("unknown code %s", p.Code)
		}
		if p.Choices[cstd] == council.Agree {
			agree++
		}
	}
	if agree != 7 {
		t.Errorf("published agree on CSTĐCS = %d", agree)
	}
	states := func() map[int64]dossier.NominationState {
		out := map[int64]dossier.NominationState{}
		for _, id := range f.noms {
			n, _ := s.Nomination(ctx, store.Scope{All: true}, f.dossierID, id)
			out[id] = n.State
		}
		return out
	}
	if st := states(); st[f.noms[0]] != dossier.Passed || st[f.noms[1]] != dossier.Eligible {
		t.Errorf("nominations after round 1: %v", st)
	}

	// Finality, enforced by the database.
	if _, err := s.CastVote(ctx, actor, v.Session.ID, f.members[4], map[int64]council.Choice{ldtt: council.Agree}); !errors.Is(err, store.ErrBallotNotOpen) {
		t.Errorf("vote after close: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO ballot_votes (ballot_id, receipt_code, agenda_item_id, choice) VALUES ($1, 'AAAA-AAAA', ` + fmt.Sprint(ldtt) + `, 'agree')`,
		`UPDATE ballot_votes SET choice = 'agree' WHERE ballot_id = $1`,
		`DELETE FROM ballot_votes WHERE ballot_id = $1`,
		`INSERT INTO ballot_receipts (ballot_id, member_id) VALUES ($1, ` + fmt.Sprint(f.seats[4]) + `)`,
		`DELETE FROM ballot_receipts WHERE ballot_id = $1`,
		`UPDATE ballot_items SET agree = 9 WHERE ballot_id = $1`,
		`UPDATE ballots SET state = 'open' WHERE id = $1`,
		`DELETE FROM ballot_written_votes WHERE ballot_id = $1`,
		`UPDATE ballot_entitled SET voted = false WHERE ballot_id = $1`,
		`TRUNCATE ballot_votes`,
	} {
		if strings.HasPrefix(q, "TRUNCATE") {
			_, err = f.pool.Exec(ctx, q)
		} else {
			_, err = f.pool.Exec(ctx, q, ballotID)
		}
		if err == nil {
			t.Errorf("the database accepted after close: %s", q)
		}
	}

	// Second round for the failed LĐTT: 5 agree → passes; concluded.
	if err := s.SecondRound(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version}); err != nil {
		t.Fatal(err)
	}
	v = f.view(t, v.Session.ID)
	if v.Open == nil || v.Open.Round != 2 {
		t.Fatalf("second round %+v", v.Open)
	}
	mb, err = s.MemberBallot(ctx, v.Session.ID, f.members[0])
	if err != nil || len(mb.Lines) != 1 || mb.Lines[0].NominationID != f.noms[1] || mb.Voted {
		t.Fatalf("second round ballot %+v, %v", mb.Lines, err)
	}
	for _, i := range []int{0, 1, 2, 3, 5} {
		f.vote(t, v, i, "", council.Agree)
	}
	if _, err := s.CloseBallot(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version}); err != nil {
		t.Fatal(err)
	}
	v = f.view(t, v.Session.ID)
	if v.Session.State != council.Concluded || len(v.Results) != 2 {
		t.Fatalf("after round 2: %s %d", v.Session.State, len(v.Results))
	}
	if st := states(); st[f.noms[0]] != dossier.Passed || st[f.noms[1]] != dossier.Passed {
		t.Errorf("nominations after round 2: %v", st)
	}
	if d, _ := s.Dossier(ctx, store.Scope{All: true}, f.dossierID); d.State != dossier.Concluded {
		t.Errorf("dossier state %s", d.State)
	}
	if err := s.SecondRound(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a third round: %v", err)
	}

	// The audit trail says who voted, never how.
	events, err := s.ListEvents(ctx, store.EventFilter{ObjectType: "council_session", ObjectID: v.Session.ID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	votes := 0
	for _, e := range events {
		if e.Action != "council_session.vote" {
			continue
		}
		votes++
		for _, w := range []string{"agree", "disagree", "abstain", "choice", "receipt"} {
			if strings.Contains(e.After, w) || strings.Contains(e.Before, w) {
				t.Errorf("a vote's audit event says %q: %s", w, e.After)
			}
		}
	}
	if votes != 13 {
		t.Errorf("%d vote events, want 13", votes)
	}
}

func TestBallotSecrecy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCouncilFixture(t)
	// (a) The schema: receipts hold only ballot and member; votes have no
	// member, person, user, time or sequence column.
	cols := func(table string) []string {
		rows, err := f.pool.Query(ctx, `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`, table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var c string
			_ = rows.Scan(&c)
			out = append(out, c)
		}
		return out
	}
	if got := strings.Join(cols("ballot_receipts"), ","); got != "ballot_id,member_id" {
		t.Errorf("ballot_receipts columns: %s", got)
	}
	if got := strings.Join(cols("ballot_votes"), ","); got != "agenda_item_id,ballot_id,choice,receipt_code" {
		t.Errorf("ballot_votes columns: %s", got)
	}
	var serials int
	if err := f.pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_name IN ('ballot_votes', 'ballot_receipts')
		AND (is_identity = 'YES' OR column_default IS NOT NULL)`).Scan(&serials); err != nil || serials != 0 {
		t.Errorf("defaults or identities on ballot tables: %d, %v", serials, err)
	}

	v := f.open(t, f.session(t))
	// (b) While open, after each vote: no receipt shares its xmin with a
	// subset of the votes: either none or all of them (the last voter's
	// transaction rewrote every vote).
	for i := range 9 {
		c := map[bool]council.Choice{true: council.Agree, false: council.Disagree}[i%2 == 0]
		if i == 8 {
			c = "" // the nominee recuses
		}
		f.vote(t, v, i, c, council.Choices[i%3])
		var linked, total int
		if err := f.pool.QueryRow(ctx, `SELECT (SELECT count(DISTINCT v.receipt_code) FROM ballot_votes v JOIN ballot_receipts r ON r.xmin = v.xmin
			WHERE v.ballot_id = $1), (SELECT count(DISTINCT receipt_code) FROM ballot_votes WHERE ballot_id = $1)`, v.Open.ID).Scan(&linked, &total); err != nil {
			t.Fatal(err)
		}
		if linked != 0 && linked != total {
			t.Fatalf("after vote %d the xmin join singles out %d of %d ballots", i+1, linked, total)
		}
	}
	v = f.view(t, v.Session.ID)
	if _, err := f.s.CloseBallot(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version}); err != nil {
		t.Fatal(err)
	}
	// (c) After close: every vote carries the closing transaction's xmin
	// and the join with receipts returns nothing.
	var xmins, joined int
	if err := f.pool.QueryRow(ctx, `SELECT count(DISTINCT xmin::text::bigint) FROM ballot_votes WHERE ballot_id = $1`, v.Open.ID).Scan(&xmins); err != nil || xmins != 1 {
		t.Errorf("vote rows have %d distinct xmin (%v)", xmins, err)
	}
	if err := f.pool.QueryRow(ctx, `SELECT count(*) FROM ballot_votes v JOIN ballot_receipts r ON r.xmin = v.xmin`).Scan(&joined); err != nil || joined != 0 {
		t.Errorf("the xmin join links %d rows (%v)", joined, err)
	}
}

func TestConcurrentDoubleVote(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCouncilFixture(t)
	v := f.open(t, f.session(t))
	choices := map[int64]council.Choice{item(v, f.noms[0]): council.Agree, item(v, f.noms[1]): council.Agree}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, dup := 0, 0
	var others []error
	for range 50 {
		wg.Go(func() {
			_, err := f.s.CastVote(ctx, actor, v.Session.ID, f.members[1], choices)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrAlreadyVoted), errors.Is(err, store.ErrConflict):
				dup++
			default:
				others = append(others, err)
			}
		})
	}
	wg.Wait()
	if ok != 1 || dup != 49 || len(others) != 0 {
		t.Fatalf("%d accepted, %d refused, errors %v", ok, dup, others)
	}
	var receipts, ballots int
	if err := f.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM ballot_receipts WHERE ballot_id = $1),
		(SELECT count(DISTINCT receipt_code) FROM ballot_votes WHERE ballot_id = $1)`, v.Open.ID).Scan(&receipts, &ballots); err != nil {
		t.Fatal(err)
	}
	if receipts != 1 || ballots != 1 {
		t.Errorf("%d receipts, %d ballots stored", receipts, ballots)
	}
}

func TestResetBallot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCouncilFixture(t)
	v := f.open(t, f.session(t))
	f.vote(t, v, 0, council.Agree, council.Agree)
	f.vote(t, v, 1, council.Disagree, council.Agree)
	v = f.view(t, v.Session.ID)
	var rule *store.RuleError
	if err := f.s.ResetBallot(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version, Reason: "x"}); !errors.As(err, &rule) {
		t.Errorf("reset without a reason: %v", err)
	}
	reason := "Mạng nội bộ gián đoạn, phải bỏ phiếu lại."
	if err := f.s.ResetBallot(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version, Reason: reason}); err != nil {
		t.Fatal(err)
	}
	var votes, receipts int
	if err := f.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM ballot_votes), (SELECT count(*) FROM ballot_receipts)`).Scan(&votes, &receipts); err != nil || votes+receipts != 0 {
		t.Errorf("after reset: %d votes, %d receipts (%v)", votes, receipts, err)
	}
	v = f.view(t, v.Session.ID)
	if v.Session.State != council.Draft || v.Session.Round != 0 || v.Open != nil {
		t.Fatalf("after reset: %+v", v.Session)
	}
	events, _ := f.s.ListEvents(ctx, store.EventFilter{ObjectType: "council_session", ObjectID: v.Session.ID})
	if len(events) == 0 || events[0].Action != "council_session.reset_ballot" || events[0].Reason != reason {
		t.Errorf("reset not audited: %+v", events[0])
	}
	// The ballot opens again, as round 1, and the same member votes anew.
	v = f.open(t, v)
	if v.Open.Round != 1 {
		t.Errorf("round %d", v.Open.Round)
	}
	f.vote(t, v, 0, council.Agree, council.Agree)
}

func TestPaperBallot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCouncilFixture(t)
	id, err := f.s.CreateCouncilSession(ctx, f.office, store.NewCouncilSession{Title: "Phiên họp bỏ phiếu giấy", HeldOn: f.heldOn,
		Mode: council.Paper, NominationIDs: f.noms})
	if err != nil {
		t.Fatal(err)
	}
	v := f.view(t, id)
	if err := f.s.SetAttendance(ctx, f.office, id, v.Session.Version, f.seats[:7]); err != nil {
		t.Fatal(err)
	}
	v = f.open(t, f.view(t, id))
	cstd, ldtt := item(v, f.noms[0]), item(v, f.noms[1])
	var rule *store.RuleError
	if _, err := f.s.CastVote(ctx, actor, id, f.members[0], map[int64]council.Choice{cstd: council.Agree, ldtt: council.Agree}); !errors.As(err, &rule) {
		t.Errorf("an electronic vote on a paper ballot: %v", err)
	}
	if err := f.s.EnterPaperCounts(ctx, f.office, id, map[int64]council.Counts{cstd: {Agree: 7, Disagree: 1}, ldtt: {Agree: 7}}); !errors.As(err, &rule) {
		t.Errorf("8 papers from 7 members present: %v", err)
	}
	if err := f.s.EnterPaperCounts(ctx, f.office, id, map[int64]council.Counts{cstd: {Agree: 7}}); !errors.As(err, &rule) {
		t.Errorf("counts for one item only: %v", err)
	}
	if err := f.s.EnterPaperCounts(ctx, f.office, id, map[int64]council.Counts{cstd: {Agree: 6, Abstain: 1}, ldtt: {Agree: 7}}); err != nil {
		t.Fatal(err)
	}
	v = f.view(t, id)
	if _, err := f.s.CloseBallot(ctx, f.chair, store.SessionAction{SessionID: id, Version: v.Session.Version}); !errors.As(err, &rule) {
		t.Errorf("closed with unconfirmed counts: %v", err)
	}
	if err := f.s.ConfirmPaperCounts(ctx, f.office, id); !errors.As(err, &rule) {
		t.Errorf("confirmed by the person who entered them: %v", err)
	}
	if err := f.s.ConfirmPaperCounts(ctx, f.chair, id); err != nil {
		t.Fatal(err)
	}
	// Written opinions of the two absent members count too.
	if err := f.s.EnterWrittenVotes(ctx, f.office, id, f.seats[7], map[int64]council.Choice{cstd: council.Agree, ldtt: council.Agree}); err != nil {
		t.Fatal(err)
	}
	v = f.view(t, id)
	tally, err := f.s.CloseBallot(ctx, f.chair, store.SessionAction{SessionID: id, Version: v.Session.Version})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tally.Items {
		switch r.Key {
		case cstd: // 6 + 1 written = 7 < 8
			if r.Passed || r.Agree != 7 || r.Abstain != 1 || r.Written != 1 || r.NotVoted != 1 {
				t.Errorf("CSTĐCS %+v", r)
			}
		case ldtt:
			if !r.Passed || r.Agree != 8 {
				t.Errorf("LĐTT %+v", r)
			}
		}
	}
	if got, err := f.s.Recount(ctx, v.Open.ID); err != nil || fmt.Sprint(got.Items) != fmt.Sprint(tally.Items) {
		t.Errorf("recount %+v, %v", got, err)
	}
}

// TestVotesRaceClose (reliability.md S39): the members vote while the
// chair closes. Every accepted vote is in the closed ballot, none is
// stored after the close, and the counts agree.
func TestVotesRaceClose(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for iter := range 3 {
		f := newCouncilFixture(t)
		v := f.open(t, f.session(t))
		choices := map[int64]council.Choice{item(v, f.noms[0]): council.Agree, item(v, f.noms[1]): council.Disagree}
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted := map[string]bool{}
		for i := range 8 { // members 0–7; member 8 would recuse
			wg.Go(func() {
				code, err := f.s.CastVote(ctx, actor, v.Session.ID, f.members[i], choices)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					accepted[code] = true
				case errors.Is(err, store.ErrConflict):
				default:
					t.Errorf("vote: %v", err)
				}
			})
		}
		var closeErr error
		wg.Go(func() {
			_, closeErr = f.s.CloseBallot(ctx, f.chair, store.SessionAction{SessionID: v.Session.ID, Version: v.Session.Version})
		})
		wg.Wait()
		if closeErr != nil {
			t.Fatalf("iteration %d: close: %v", iter, closeErr)
		}
		pub, err := f.s.PublishedBallots(ctx, v.Open.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pub) != len(accepted) {
			t.Errorf("iteration %d: %d accepted votes, %d in the closed ballot", iter, len(accepted), len(pub))
		}
		for _, p := range pub {
			if !accepted[p.Code] {
				t.Errorf("iteration %d: ballot %s was not accepted", iter, p.Code)
			}
		}
		var receipts, voted int
		if err := f.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM ballot_receipts WHERE ballot_id = $1), voted FROM ballots WHERE id = $1`,
			v.Open.ID).Scan(&receipts, &voted); err != nil {
			t.Fatal(err)
		}
		if receipts != len(accepted) || voted != len(accepted) {
			t.Errorf("iteration %d: %d receipts, voted %d, %d accepted", iter, receipts, voted, len(accepted))
		}
		rc, err := f.s.Recount(ctx, v.Open.ID)
		if err != nil || rc.Voted != len(accepted) {
			t.Errorf("iteration %d: recount %+v %v", iter, rc, err)
		}
	}
}
