package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/dossier"
)

// Scope is which dossiers a caller may see: every unit's (office, admin,
// leaders) or one unit's (its department head). The zero Scope sees
// nothing. Every dossier query carries it in its WHERE clause, so that an
// out-of-scope dossier looks exactly like a missing one (I6).
type Scope struct {
	All    bool
	UnitID int64
}

// scopeSQL is the condition on d.unit_id; its two arguments are
// sc.All and sc.UnitID at positions n and n+1.
func scopeSQL(n int) string {
	return fmt.Sprintf(`($%d::bool OR d.unit_id = $%d)`, n, n+1)
}

// Dossier is a unit's dossier in a round.
type Dossier struct {
	ID            int64
	RoundID       int64
	RoundTitle    string
	RoundKind     dossier.RoundKind
	RoundYear     int
	RoundDeadline time.Time
	RoundOpen     bool
	UnitID        int64
	UnitName      string
	State         dossier.State
	Version       int
	SubmittedAt   time.Time
	ReceivedAt    time.Time
	AppraisedAt   time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Nominations   int // list rows: number of nominations
	Marked        int // list rows: nominations with an appraisal mark
}

// Commendation is the kind of commendation of the dossier's round.
func (d Dossier) Commendation() award.CommendationKind {
	switch d.RoundKind {
	case dossier.Campaign:
		return award.Campaign
	case dossier.AdHoc:
		return award.AdHoc
	}
	return award.Merit
}

const dossierColumns = `d.id, d.round_id, r.title, r.kind, r.year, r.deadline, r.state = 'open', d.unit_id, u.name,
	d.state, d.version, d.submitted_at, d.received_at, d.appraised_at, d.created_at, d.updated_at`

const dossierFrom = ` FROM dossiers d JOIN rounds r ON r.id = d.round_id JOIN units u ON u.id = d.unit_id`

func scanDossier(row pgx.Row, d *Dossier, extra ...any) error {
	var kind, state string
	var sub, rec, appr *time.Time
	err := row.Scan(append([]any{&d.ID, &d.RoundID, &d.RoundTitle, &kind, &d.RoundYear, &d.RoundDeadline, &d.RoundOpen,
		&d.UnitID, &d.UnitName, &state, &d.Version, &sub, &rec, &appr, &d.CreatedAt, &d.UpdatedAt}, extra...)...)
	d.RoundKind, d.State = dossier.RoundKind(kind), dossier.State(state)
	d.SubmittedAt, d.ReceivedAt, d.AppraisedAt = orZero(sub), orZero(rec), orZero(appr)
	return err
}

// OpenDossier starts unitID's dossier for a round, or returns the one it
// already has (one dossier per unit per round; a replay opens nothing new).
func (s *Store) OpenDossier(ctx context.Context, a Actor, roundID, unitID int64) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var open bool
		if err := tx.QueryRow(ctx, `SELECT state = 'open' FROM rounds WHERE id = $1 FOR SHARE`, roundID).Scan(&open); err != nil {
			return mapErr(err, nil)
		}
		err := tx.QueryRow(ctx, `INSERT INTO dossiers (round_id, unit_id, created_by) VALUES ($1, $2, NULLIF($3, 0))
			ON CONFLICT (round_id, unit_id) DO NOTHING RETURNING id`, roundID, unitID, a.UserID).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `SELECT id FROM dossiers WHERE round_id = $1 AND unit_id = $2`, roundID, unitID).Scan(&id)
		}
		if err != nil {
			return mapErr(err, nil)
		}
		if !open {
			return &RuleError{"Đợt xét đã đóng, không lập thêm hồ sơ được."}
		}
		return insertEvent(ctx, tx, a, "dossier.open", "dossier", id, nil,
			map[string]any{"round_id": roundID, "unit_id": unitID, "state": dossier.Draft}, "")
	})
	if err != nil {
		return 0, fmt.Errorf("open dossier: %w", err)
	}
	return id, nil
}

// Dossier returns a dossier within the caller's scope.
func (s *Store) Dossier(ctx context.Context, sc Scope, id int64) (Dossier, error) {
	var d Dossier
	err := scanDossier(s.pool.QueryRow(ctx, `SELECT `+dossierColumns+dossierFrom+` WHERE d.id = $1 AND `+scopeSQL(2), id, sc.All, sc.UnitID), &d)
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier %d: %w", id, mapErr(err, nil))
	}
	return d, nil
}

// DossierFilter selects dossiers for a list.
type DossierFilter struct {
	RoundID int64           // 0: every round
	States  []dossier.State // empty: every state
}

// Dossiers lists the dossiers in scope, with their nominations counted.
func (s *Store) Dossiers(ctx context.Context, sc Scope, f DossierFilter) ([]Dossier, error) {
	states := make([]string, len(f.States))
	for i, st := range f.States {
		states[i] = string(st)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+dossierColumns+`, COALESCE(n.total, 0), COALESCE(n.marked, 0)`+dossierFrom+`
		LEFT JOIN LATERAL (SELECT count(*) AS total,
				count(*) FILTER (WHERE state IN ('eligible', 'ineligible', 'on_hold')) AS marked
			FROM nominations WHERE dossier_id = d.id) n ON true
		WHERE `+scopeSQL(1)+` AND ($3::bigint = 0 OR d.round_id = $3) AND (cardinality($4::text[]) = 0 OR d.state = ANY($4))
		ORDER BY d.submitted_at NULLS LAST, u.sort_order, u.name COLLATE "vi-VN-x-icu", d.id LIMIT 1000`,
		sc.All, sc.UnitID, f.RoundID, states)
	if err != nil {
		return nil, fmt.Errorf("dossiers: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Dossier, error) {
		var d Dossier
		err := scanDossier(row, &d, &d.Nominations, &d.Marked)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("dossiers: %w", err)
	}
	return out, nil
}

// DossierDoc is a document of a dossier: a stored file and the required
// document it satisfies, for one nomination (NominationID) or all.
type DossierDoc struct {
	ID           int64
	NominationID int64 // 0: the whole dossier
	AttachmentID int64
	DocKind      award.DocKind
	Certified    bool // a certified copy rather than an original (R28)
	Name         string
	Kind         attach.Kind
	Size         int64
	SHA256       []byte
	CreatedAt    time.Time
}

// SupplementRequest is the office's written list of what to supplement.
type SupplementRequest struct {
	ID          int64
	Items       string
	DueOn       time.Time
	RequestedBy string
	RequestedAt time.Time
	AnsweredAt  time.Time
}

// DossierView is everything the dossier page shows, read in one round trip.
type DossierView struct {
	Dossier
	Nominations []Nomination
	Docs        []DossierDoc
	Supplements []SupplementRequest
	Events      []Event     // newest first
	Names       ObjectNames // people and units the events name
	Settings    award.Settings
	// Registered: the nominations whose subject registered a submitted or
	// accepted pledge for the round's year (R41).
	Registered map[int64]bool
}

// Checklist works out what each nomination still needs (R27): the award's
// required documents for the round's kind of commendation, the achievement
// summary, and the justification of a pick the engine found not eligible.
func (v DossierView) Checklist() dossier.Checklist {
	return checklist(v.Dossier, v.Nominations, v.Docs)
}

func checklist(d Dossier, noms []Nomination, docs []DossierDoc) dossier.Checklist {
	byNom := map[int64]map[string]bool{}
	all := map[string]bool{}
	for _, doc := range docs {
		if doc.NominationID == 0 {
			all[string(doc.DocKind)] = true
			continue
		}
		if byNom[doc.NominationID] == nil {
			byNom[doc.NominationID] = map[string]bool{}
		}
		byNom[doc.NominationID][string(doc.DocKind)] = true
	}
	items := make([]dossier.Item, len(noms))
	var shared []string
	for i, n := range noms {
		own, common := award.SplitDocs(n.RequiredDocs(d.Commendation()))
		for _, k := range common {
			if !slices.Contains(shared, string(k)) {
				shared = append(shared, string(k))
			}
		}
		items[i] = dossier.Item{ID: n.ID, Required: docStrings(own), Attached: byNom[n.ID],
			Summary: n.Summary, Flagged: n.Flagged, Reason: n.Justification}
	}
	slices.SortStableFunc(shared, func(a, b string) int {
		return slices.Index(award.DocKinds, award.DocKind(a)) - slices.Index(award.DocKinds, award.DocKind(b))
	})
	return dossier.CheckDossier(items, shared, all)
}

func docStrings(kinds []award.DocKind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

const docColumns = `l.id, COALESCE(l.nomination_id, 0), l.attachment_id, l.doc_kind, l.copy_kind = 'certified_copy',
	f.name, f.kind, f.size, f.sha256, l.created_at`

func scanDoc(row pgx.CollectableRow) (DossierDoc, error) {
	var d DossierDoc
	var dk, k string
	err := row.Scan(&d.ID, &d.NominationID, &d.AttachmentID, &dk, &d.Certified, &d.Name, &k, &d.Size, &d.SHA256, &d.CreatedAt)
	d.DocKind, d.Kind = award.DocKind(dk), attach.Kind(k)
	return d, err
}

// DossierView loads a dossier in scope with its nominations, documents,
// supplement requests and history, in one round trip.
func (s *Store) DossierView(ctx context.Context, sc Scope, id int64) (DossierView, error) {
	var v DossierView
	var b pgx.Batch
	b.Queue(`SELECT `+dossierColumns+dossierFrom+` WHERE d.id = $1 AND `+scopeSQL(2), id, sc.All, sc.UnitID)
	// The other queries repeat the scope so that they return nothing for
	// an out-of-scope id, whatever order the results are read in.
	in := ` IN (SELECT d.id FROM dossiers d WHERE d.id = $1 AND ` + scopeSQL(2) + `)`
	b.Queue(`SELECT `+nominationColumns+nominationFrom+` WHERE n.dossier_id`+in+` ORDER BY n.id`, id, sc.All, sc.UnitID)
	b.Queue(`SELECT `+docColumns+` FROM dossier_attachments l JOIN attachments f ON f.id = l.attachment_id
		WHERE l.dossier_id`+in+` ORDER BY l.id`, id, sc.All, sc.UnitID)
	b.Queue(`SELECT s.id, s.items, s.due_on, COALESCE(p.full_name, us.display_name, us.username, ''), s.requested_at, s.answered_at
		FROM supplement_requests s LEFT JOIN users us ON us.id = s.requested_by LEFT JOIN people p ON p.id = us.person_id
		WHERE s.dossier_id`+in+` ORDER BY s.id DESC`, id, sc.All, sc.UnitID)
	b.Queue(`SELECT e.id, e.at, COALESCE(e.actor_id, 0), COALESCE(p.full_name, us.display_name, us.username, ''),
			e.action, e.object_type, COALESCE(e.object_id, 0), COALESCE(e.before::text, ''),
			COALESCE(e.after::text, ''), e.reason, e.request_id
		FROM events e LEFT JOIN users us ON us.id = e.actor_id LEFT JOIN people p ON p.id = us.person_id
		WHERE e.object_type = 'dossier' AND e.object_id`+in+` ORDER BY e.id DESC LIMIT 500`, id, sc.All, sc.UnitID)
	// The names of the people and units the history mentions.
	b.Queue(`WITH x AS (SELECT v.j FROM events e, LATERAL (VALUES (e.before), (e.after)) v(j)
			WHERE e.object_type = 'dossier' AND e.object_id`+in+`)
		SELECT 'person', p.id, p.full_name FROM people p
			WHERE p.id IN (SELECT (j->>'person_id')::bigint FROM x WHERE (j->>'person_id')::bigint > 0)
		UNION ALL
		SELECT 'unit', u.id, u.name FROM units u
			WHERE u.id IN (SELECT (j->>'unit_id')::bigint FROM x WHERE (j->>'unit_id')::bigint > 0)`, id, sc.All, sc.UnitID)
	b.Queue(`SELECT key, value FROM settings`)
	b.Queue(`SELECT n.id FROM nominations n JOIN rounds r ON r.id = n.round_id
		WHERE n.dossier_id`+in+` AND EXISTS (
			SELECT 1 FROM pledges pl WHERE pl.year = r.year AND pl.status IN ('submitted', 'accepted') AND (
				(n.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM pledge_people pp WHERE pp.pledge_id = pl.id AND pp.person_id = n.person_id))
				OR (n.subject_unit_id IS NOT NULL AND pl.unit_id = n.subject_unit_id AND pl.collective_target <> '')))`,
		id, sc.All, sc.UnitID)
	br := s.pool.SendBatch(ctx, &b)
	defer br.Close()
	if err := scanDossier(br.QueryRow(), &v.Dossier); err != nil {
		return v, fmt.Errorf("dossier %d: %w", id, mapErr(err, nil))
	}
	rows, err := br.Query()
	if err == nil {
		v.Nominations, err = pgx.CollectRows(rows, scanNomination)
	}
	if err != nil {
		return v, fmt.Errorf("dossier %d nominations: %w", id, err)
	}
	if rows, err = br.Query(); err == nil {
		v.Docs, err = pgx.CollectRows(rows, scanDoc)
	}
	if err != nil {
		return v, fmt.Errorf("dossier %d documents: %w", id, err)
	}
	if rows, err = br.Query(); err == nil {
		v.Supplements, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (SupplementRequest, error) {
			var r SupplementRequest
			var due, ans *time.Time
			err := row.Scan(&r.ID, &r.Items, &due, &r.RequestedBy, &r.RequestedAt, &ans)
			r.DueOn, r.AnsweredAt = orZero(due), orZero(ans)
			return r, err
		})
	}
	if err != nil {
		return v, fmt.Errorf("dossier %d supplements: %w", id, err)
	}
	if rows, err = br.Query(); err == nil {
		v.Events, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Event, error) {
			var e Event
			err := row.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID,
				&e.Before, &e.After, &e.Reason, &e.RequestID)
			return e, err
		})
	}
	if err != nil {
		return v, fmt.Errorf("dossier %d history: %w", id, err)
	}
	v.Names = ObjectNames{"person": {}, "unit": {}}
	if rows, err = br.Query(); err == nil {
		var typ, name string
		var oid int64
		_, err = pgx.ForEachRow(rows, []any{&typ, &oid, &name}, func() error { v.Names[typ][oid] = name; return nil })
	}
	if err != nil {
		return v, fmt.Errorf("dossier %d names: %w", id, err)
	}
	kv := map[string]string{}
	if rows, err = br.Query(); err == nil {
		var k, val string
		_, err = pgx.ForEachRow(rows, []any{&k, &val}, func() error { kv[k] = val; return nil })
	}
	if err != nil {
		return v, fmt.Errorf("settings: %w", err)
	}
	v.Settings = award.ParseSettings(kv)
	v.Registered = map[int64]bool{}
	if rows, err = br.Query(); err == nil {
		var nid int64
		_, err = pgx.ForEachRow(rows, []any{&nid}, func() error { v.Registered[nid] = true; return nil })
	}
	if err != nil {
		return v, fmt.Errorf("dossier %d registrations: %w", id, err)
	}
	return v, nil
}

// lockDossier locks a dossier in scope for a change.
func lockDossier(ctx context.Context, tx pgx.Tx, sc Scope, id int64) (Dossier, error) {
	var d Dossier
	err := scanDossier(tx.QueryRow(ctx, `SELECT `+dossierColumns+dossierFrom+` WHERE d.id = $1 AND `+scopeSQL(2)+
		` FOR UPDATE OF d`, id, sc.All, sc.UnitID), &d)
	if err != nil {
		return Dossier{}, mapErr(err, nil)
	}
	return d, nil
}

// Transition is a request to fire a workflow event on a dossier.
type Transition struct {
	DossierID int64
	Version   int // the version the user saw
	// Event is the event to fire; Submit and Resubmit both mean "send to
	// the office" and the workflow table picks the one for the state.
	Event dossier.Event
	// Actors is what the caller is to this dossier; when empty, it is
	// worked out from By once the dossier is read.
	Actors []dossier.Actor
	By     dossier.Caller
	Reason string    // the written reason or supplement list
	DueOn  time.Time // a supplement request's answer date
}

// stateAudit is what the audit trail records of a transition.
type stateAudit struct {
	State   dossier.State `json:"state"`
	Version int           `json:"version"`
}

// FireDossier runs one workflow transition in one transaction: it locks
// the dossier, checks the table, the actor and the guard, updates it only
// if its state and version are still those seen, writes the audit event
// and notifies whoever must act next. A stale version or a concurrent
// transition gives ErrConflict; a replay of the same form submission does
// nothing and succeeds; a refused guard gives a RuleError.
func (s *Store) FireDossier(ctx context.Context, a Actor, sc Scope, t Transition) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// One object type for every event: a handler may pick the event
		// from the current state (submit or resubmit), so a replay can
		// arrive naming another event than the one it already fired; it
		// is the same form and answers as it did. A submission id reused
		// for another dossier is a conflict.
		id, err := createOnce(ctx, tx, a, "dossier.transition", func() (int64, error) {
			return t.DossierID, fireDossier(ctx, tx, a, sc, t)
		})
		if err == nil && id != t.DossierID {
			return ErrConflict
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("dossier %d %s: %w", t.DossierID, t.Event, err)
	}
	return nil
}

func fireDossier(ctx context.Context, tx pgx.Tx, a Actor, sc Scope, t Transition) error {
	d, err := lockDossier(ctx, tx, sc, t.DossierID)
	if err != nil {
		return err
	}
	if d.Version != t.Version {
		return ErrConflict
	}
	if t.Event == dossier.Submit || t.Event == dossier.Resubmit {
		t.Event = dossier.Submission(d.State)
	}
	if len(t.Actors) == 0 {
		t.Actors = t.By.Actors(d.UnitID)
	}
	facts := dossier.Facts{Reason: t.Reason}
	if tr, ok := dossier.Find(d.State, t.Event); ok && (tr.Guard == dossier.ChecklistComplete || tr.Guard == dossier.AllMarked) {
		noms, docs, err := dossierParts(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		facts.ChecklistComplete = checklist(d, noms, docs).Complete
		states := make([]dossier.NominationState, len(noms))
		for i, n := range noms {
			states[i] = n.State
		}
		facts.AllMarked = dossier.EveryMarked(states)
	}
	to, err := dossier.Fire(d.State, t.Event, t.Actors, facts)
	var ge *dossier.GuardError
	switch {
	case errors.As(err, &ge):
		return &RuleError{ge.Message}
	case errors.Is(err, dossier.ErrNotAllowed):
		return ErrConflict // the state moved on since the page was shown
	case errors.Is(err, dossier.ErrWrongActor):
		return &RuleError{"Tài khoản của bạn không thực hiện được thao tác này với hồ sơ."}
	case err != nil:
		return err
	}
	set := ""
	switch t.Event {
	case dossier.Submit, dossier.Resubmit:
		set = ", submitted_at = now()"
	case dossier.Receive:
		set = ", received_at = now()"
	case dossier.Appraise:
		set = ", appraised_at = now()"
	}
	tag, err := tx.Exec(ctx, `UPDATE dossiers SET state = $2, version = version + 1, updated_at = now()`+set+`
		WHERE id = $1 AND state = $3 AND version = $4`, d.ID, string(to), string(d.State), d.Version)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return ErrConflict
	}
	if err := insertEvent(ctx, tx, a, "dossier."+string(t.Event), "dossier", d.ID,
		stateAudit{d.State, d.Version}, stateAudit{to, d.Version + 1}, t.Reason); err != nil {
		return err
	}
	link := Target{Kind: TargetDossier, ID: d.ID}
	switch t.Event {
	case dossier.Return:
		if _, err := tx.Exec(ctx, `INSERT INTO supplement_requests (dossier_id, items, due_on, requested_by)
			VALUES ($1, $2, $3, NULLIF($4, 0))`, d.ID, t.Reason, date(t.DueOn), a.UserID); err != nil {
			return err
		}
		return notifyUnitHeads(ctx, tx, []int64{d.UnitID}, Notice{
			Title: fmt.Sprintf("Văn phòng Sở trả lại hồ sơ “%s” để bổ sung.", d.RoundTitle), Target: link})
	case dossier.Resubmit, dossier.Submit:
		if t.Event == dossier.Resubmit {
			if _, err := tx.Exec(ctx, `UPDATE supplement_requests SET answered_at = now()
				WHERE dossier_id = $1 AND answered_at IS NULL`, d.ID); err != nil {
				return err
			}
		}
		return notifyRole(ctx, tx, auth.Office, Notice{
			Title: fmt.Sprintf("%s đã nộp hồ sơ đợt xét “%s”.", d.UnitName, d.RoundTitle), Target: link})
	case dossier.Appraise:
		return notifyUnitHeads(ctx, tx, []int64{d.UnitID}, Notice{
			Title: fmt.Sprintf("Văn phòng Sở đã thẩm định xong hồ sơ “%s”.", d.RoundTitle), Target: link})
	}
	return nil
}

// dossierParts reads a dossier's nominations and documents inside tx.
func dossierParts(ctx context.Context, tx pgx.Tx, id int64) ([]Nomination, []DossierDoc, error) {
	rows, err := tx.Query(ctx, `SELECT `+nominationColumns+nominationFrom+` WHERE n.dossier_id = $1 ORDER BY n.id`, id)
	if err != nil {
		return nil, nil, err
	}
	noms, err := pgx.CollectRows(rows, scanNomination)
	if err != nil {
		return nil, nil, err
	}
	rows, err = tx.Query(ctx, `SELECT `+docColumns+` FROM dossier_attachments l JOIN attachments f ON f.id = l.attachment_id
		WHERE l.dossier_id = $1 ORDER BY l.id`, id)
	if err != nil {
		return nil, nil, err
	}
	docs, err := pgx.CollectRows(rows, scanDoc)
	return noms, docs, err
}

// DossierOrder is the stable order of a paged dossier list.
type DossierOrder int

const (
	ByUnit       DossierOrder = iota // the units' order, then id (a round's dossiers)
	BySubmission                     // oldest (re)submission first, then id (the appraisal queue); never submitted first
	ByState                          // the workflow's order of states, then id
)

// DossierSort is a list's order and direction.
type DossierSort struct {
	Order DossierOrder
	Desc  bool
}

// DossierCursor is a keyset position on a dossier list: Key is the unit's
// sort order (ByUnit), the submission time in microseconds (BySubmission,
// 0 when never submitted) or the state's rank (ByState). With Back, the
// page is the one before the position, else the one after it. ID 0 is the
// first page.
type DossierCursor struct {
	Key, ID int64
	Back    bool
}

// DossierPage is one page of a dossier list.
type DossierPage struct {
	Dossiers []Dossier
	Next     DossierCursor // the cursor of the following page, when HasNext
	HasNext  bool
	Prev     DossierCursor // the cursor of the page before, when HasPrev
	HasPrev  bool
}

// stateRanks orders the states for ByState.
var stateRanks = func() []string {
	out := make([]string, len(dossier.States))
	for i, st := range dossier.States {
		out[i] = string(st)
	}
	return out
}()

// DossierPageOf returns up to limit dossiers in scope after (or, with
// at.Back, before) the cursor, with their nominations counted, in a stable
// keyset order.
func (s *Store) DossierPageOf(ctx context.Context, sc Scope, f DossierFilter, order DossierSort, at DossierCursor, limit int) (DossierPage, error) {
	states := make([]string, len(f.States))
	for i, st := range f.States {
		states[i] = string(st)
	}
	// key is the sort key as compared, cursor the cursor's value, selected
	// the key returned with each row.
	key, cursor, selected := `u.sort_order::bigint`, `$5::bigint`, `u.sort_order::bigint`
	args := []any{sc.All, sc.UnitID, f.RoundID, states, at.Key, at.ID, limit + 1}
	switch order.Order {
	case BySubmission:
		key = `COALESCE(d.submitted_at, 'epoch'::timestamptz)`
		cursor = `'epoch'::timestamptz + $5::bigint * interval '1 microsecond'`
		selected = `0::bigint`
	case ByState:
		key = `array_position($8::text[], d.state::text)::bigint`
		selected = key
		args = append(args, stateRanks)
	}
	// The inner query walks from the cursor (backwards for a back page);
	// the outer one always returns the page in the list's order.
	dir, op := "ASC", ">"
	if order.Desc {
		dir, op = "DESC", "<"
	}
	innerDir, innerOp := dir, op
	if at.Back {
		innerDir, innerOp = map[string]string{"ASC": "DESC", "DESC": "ASC"}[dir], map[string]string{">": "<", "<": ">"}[op]
	}
	keyset := `(` + key + `, d.id) ` + innerOp + ` (` + cursor + `, $6)`
	// The page is chosen first, so nominations are counted for its rows only.
	rows, err := s.pool.Query(ctx, `WITH pg AS MATERIALIZED (SELECT d.id FROM dossiers d JOIN units u ON u.id = d.unit_id
			WHERE `+scopeSQL(1)+` AND ($3::bigint = 0 OR d.round_id = $3) AND (cardinality($4::text[]) = 0 OR d.state = ANY($4))
				AND ($6::bigint = 0 OR `+keyset+`)
			ORDER BY `+key+` `+innerDir+`, d.id `+innerDir+` LIMIT $7)
		SELECT `+dossierColumns+`, COALESCE(n.total, 0), COALESCE(n.marked, 0), `+selected+dossierFrom+`
		JOIN pg ON pg.id = d.id
		LEFT JOIN LATERAL (SELECT count(*) AS total,
				count(*) FILTER (WHERE state IN ('eligible', 'ineligible', 'on_hold')) AS marked
			FROM nominations WHERE dossier_id = d.id) n ON true
		ORDER BY `+key+` `+dir+`, d.id `+dir, args...)
	if err != nil {
		return DossierPage{}, fmt.Errorf("dossier page: %w", err)
	}
	var keys []int64
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Dossier, error) {
		var d Dossier
		var k int64
		err := scanDossier(row, &d, &d.Nominations, &d.Marked, &k)
		if order.Order == BySubmission && !d.SubmittedAt.IsZero() {
			k = d.SubmittedAt.UnixMicro()
		}
		keys = append(keys, k)
		return d, err
	})
	if err != nil {
		return DossierPage{}, fmt.Errorf("dossier page: %w", err)
	}
	p := DossierPage{Dossiers: out}
	more := len(out) > limit
	switch {
	case at.Back:
		// The extra row is the one before the page: it is dropped.
		if more {
			p.Dossiers, keys = out[1:], keys[1:]
		}
		p.HasPrev, p.HasNext = more, at.ID != 0
	default:
		if more {
			p.Dossiers, keys = out[:limit], keys[:limit]
		}
		p.HasNext, p.HasPrev = more, at.ID != 0
	}
	if n := len(p.Dossiers); n > 0 {
		p.Next = DossierCursor{Key: keys[n-1], ID: p.Dossiers[n-1].ID}
		p.Prev = DossierCursor{Key: keys[0], ID: p.Dossiers[0].ID, Back: true}
	}
	return p, nil
}

// DossierCounts counts the dossiers in scope matching f, and among them
// those submitted before overdueBefore (zero: none), by an aggregate.
func (s *Store) DossierCounts(ctx context.Context, sc Scope, f DossierFilter, overdueBefore time.Time) (total, overdue int, err error) {
	states := make([]string, len(f.States))
	for i, st := range f.States {
		states[i] = string(st)
	}
	var before *time.Time
	if !overdueBefore.IsZero() {
		before = &overdueBefore
	}
	err = s.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE d.submitted_at < $5) FROM dossiers d
		WHERE `+scopeSQL(1)+` AND ($3::bigint = 0 OR d.round_id = $3) AND (cardinality($4::text[]) = 0 OR d.state = ANY($4))`,
		sc.All, sc.UnitID, f.RoundID, states, before).Scan(&total, &overdue)
	if err != nil {
		return 0, 0, fmt.Errorf("dossier counts: %w", err)
	}
	return total, overdue, nil
}
