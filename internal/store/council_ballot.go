package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"tdkt/internal/attach"
	"tdkt/internal/award"
	"tdkt/internal/council"
	"tdkt/internal/dossier"
)

// ErrAlreadyVoted: the member has already voted on this ballot.
var ErrAlreadyVoted = fmt.Errorf("%w: already voted", ErrConflict)

// ErrBallotNotOpen: the session has no open ballot.
var ErrBallotNotOpen = fmt.Errorf("%w: no open ballot", ErrConflict)

// AgendaItem is one nomination on a session's agenda.
type AgendaItem struct {
	ID              int64
	NominationID    int64
	DossierID       int64
	AwardCode       string
	SubjectName     string
	Position        string
	UnitID          int64 // the dossier's unit
	UnitName        string
	PersonID        int64
	SubjectUnitID   int64
	Summary         string
	NominationState dossier.NominationState
	Result          string // pending, passed, failed
	RuleSet         string // the appraisal's rule set
	Verdict         []byte // the engine's verdict at appraisal
	Year            int    // the review year of the nomination's round
}

// AwardName is the award's Vietnamese name.
func (i AgendaItem) AwardName() string { return AgendaCandidate{AwardCode: i.AwardCode}.AwardName() }

// Threshold is the award's pass threshold.
func (i AgendaItem) Threshold() council.Fraction { return council.ThresholdFor(i.AwardCode) }

// Attendee is a member seated on a session.
type Attendee struct {
	MemberID int64
	PersonID int64
	Name     string
	Position string
	UnitID   int64
	UnitName string
	Role     council.Role
	Present  bool
	UserID   int64 // 0: no account
}

// Ballot is one round's ballot of a session.
type Ballot struct {
	ID       int64
	Round    int
	Mode     council.Mode
	State    string // open, closed, reset
	Total    int
	Present  int
	Voted    int // receipts: how many members voted (never how)
	Reason   string
	OpenedAt time.Time
	ClosedAt time.Time
}

// WrittenVote is an absent member's written opinion (a named record).
type WrittenVote struct {
	BallotID     int64
	MemberID     int64
	AgendaItemID int64
	Choice       council.Choice
}

// RoundResult is a closed ballot with its stored tally and the frozen
// list of members entitled to vote.
type RoundResult struct {
	Ballot   Ballot
	Tally    council.Tally
	Entitled []EntitledMember
}

// EntitledMember is one line of a closed ballot's frozen list.
type EntitledMember struct {
	MemberID int64
	Name     string
	Role     council.Role
	Present  bool
	Voted    bool
	Written  bool // absent, sent a written opinion
}

// SessionView is everything the session page shows. While a ballot is
// open it holds no count other than how many members voted.
type SessionView struct {
	Session    CouncilSession
	Items      []AgendaItem
	Attendance []Attendee
	Open       *Ballot // the open ballot
	Results    []RoundResult
	Written    []WrittenVote        // of the open ballot
	Paper      map[int64]PaperCount // of the open paper ballot, by agenda item
	Quorum     council.Fraction     // R21, from the settings
	MaxRounds  int                  // R25, from the settings
}

// QuorumMet reports whether enough members are present (R21).
func (v SessionView) QuorumMet() bool { return v.Session.QuorumMet(v.Quorum) }

// QuorumNeed is how many members must be present.
func (v SessionView) QuorumNeed() int { return v.Quorum.Need(v.Session.Members) }

// PaperCount is the counts of one item on a paper ballot.
type PaperCount struct {
	Counts      council.Counts
	EnteredBy   int64
	ConfirmedBy int64
}

// CouncilSessionView reads a session; with all false, only for a person
// seated on it.
func (s *Store) CouncilSessionView(ctx context.Context, id, personID int64, all bool) (SessionView, error) {
	var v SessionView
	var err error
	if v.Quorum, v.MaxRounds, err = s.councilSettings(ctx); err != nil {
		return v, err
	}
	if v.Session, err = councilSession(ctx, s.pool, id, personID, all, ""); err != nil {
		return v, fmt.Errorf("council session %d: %w", id, err)
	}
	if v.Items, err = agendaItems(ctx, s.pool, id); err != nil {
		return v, fmt.Errorf("council session %d: %w", id, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.person_id, p.full_name, p.position, p.unit_id, u.name, m.role, at.present,
			COALESCE((SELECT us.id FROM users us WHERE us.person_id = p.id AND NOT us.disabled), 0)
		FROM attendance at JOIN council_members m ON m.id = at.member_id JOIN people p ON p.id = m.person_id
		JOIN units u ON u.id = p.unit_id
		WHERE at.session_id = $1
		ORDER BY array_position(ARRAY['chair','vice_chair','standing','member','secretary'], m.role), p.full_name COLLATE "vi-VN-x-icu"`, id)
	if err != nil {
		return v, fmt.Errorf("council session %d: %w", id, err)
	}
	v.Attendance, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Attendee, error) {
		var a Attendee
		var role string
		err := row.Scan(&a.MemberID, &a.PersonID, &a.Name, &a.Position, &a.UnitID, &a.UnitName, &role, &a.Present, &a.UserID)
		a.Role = council.Role(role)
		return a, err
	})
	if err != nil {
		return v, fmt.Errorf("council session %d: %w", id, err)
	}
	ballots, err := sessionBallots(ctx, s.pool, id)
	if err != nil {
		return v, fmt.Errorf("council session %d: %w", id, err)
	}
	for i := range ballots {
		b := ballots[i]
		switch b.State {
		case "open":
			v.Open = &b
			if v.Written, err = writtenVotes(ctx, s.pool, b.ID); err != nil {
				return v, err
			}
			if v.Paper, err = paperCounts(ctx, s.pool, b.ID); err != nil {
				return v, err
			}
		case "closed":
			r, err := storedResult(ctx, s.pool, b)
			if err != nil {
				return v, fmt.Errorf("council session %d: %w", id, err)
			}
			v.Results = append(v.Results, r)
		}
	}
	return v, nil
}

func agendaItems(ctx context.Context, q querier, sessionID int64) ([]AgendaItem, error) {
	rows, err := q.Query(ctx, `
		SELECT ai.id, n.id, d.id, ai.award_code, COALESCE(p.full_name, su.name, ''), COALESCE(p.position, ''), d.unit_id, u.name,
			COALESCE(n.person_id, 0), COALESCE(n.subject_unit_id, 0), n.summary, n.state, ai.result, n.rule_set, n.verdict, r.year
		FROM agenda_items ai
		JOIN nominations n ON n.id = ai.nomination_id
		JOIN dossiers d ON d.id = n.dossier_id
		JOIN rounds r ON r.id = d.round_id
		JOIN units u ON u.id = d.unit_id
		JOIN award_types t ON t.code = ai.award_code
		LEFT JOIN people p ON p.id = n.person_id
		LEFT JOIN units su ON su.id = n.subject_unit_id
		WHERE ai.session_id = $1
		ORDER BY t.sort_order, u.sort_order, u.name, COALESCE(p.full_name, su.name), ai.id`, sessionID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (AgendaItem, error) {
		var i AgendaItem
		var state string
		err := row.Scan(&i.ID, &i.NominationID, &i.DossierID, &i.AwardCode, &i.SubjectName, &i.Position, &i.UnitID, &i.UnitName,
			&i.PersonID, &i.SubjectUnitID, &i.Summary, &state, &i.Result, &i.RuleSet, &i.Verdict, &i.Year)
		i.NominationState = dossier.NominationState(state)
		return i, err
	})
}

const ballotColumns = `b.id, b.round, b.mode, b.state, b.total, b.present,
	COALESCE(b.voted, (SELECT count(*) FROM ballot_receipts r WHERE r.ballot_id = b.id))::int, b.reason, b.opened_at, b.closed_at`

func scanBallot(row pgx.CollectableRow) (Ballot, error) {
	var b Ballot
	var mode string
	var closed *time.Time
	err := row.Scan(&b.ID, &b.Round, &mode, &b.State, &b.Total, &b.Present, &b.Voted, &b.Reason, &b.OpenedAt, &closed)
	b.Mode, b.ClosedAt = council.Mode(mode), orZero(closed)
	return b, err
}

func sessionBallots(ctx context.Context, q querier, sessionID int64) ([]Ballot, error) {
	rows, err := q.Query(ctx, `SELECT `+ballotColumns+` FROM ballots b WHERE b.session_id = $1 ORDER BY b.round, b.id`, sessionID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanBallot)
}

func writtenVotes(ctx context.Context, q querier, ballotID int64) ([]WrittenVote, error) {
	rows, err := q.Query(ctx, `SELECT ballot_id, member_id, agenda_item_id, choice FROM ballot_written_votes
		WHERE ballot_id = $1 ORDER BY member_id, agenda_item_id`, ballotID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (WrittenVote, error) {
		var w WrittenVote
		var c string
		err := row.Scan(&w.BallotID, &w.MemberID, &w.AgendaItemID, &c)
		w.Choice = council.Choice(c)
		return w, err
	})
}

func paperCounts(ctx context.Context, q querier, ballotID int64) (map[int64]PaperCount, error) {
	rows, err := q.Query(ctx, `SELECT agenda_item_id, agree, disagree, abstain, entered_by, COALESCE(confirmed_by, 0)
		FROM ballot_paper_counts WHERE ballot_id = $1`, ballotID)
	if err != nil {
		return nil, err
	}
	out := map[int64]PaperCount{}
	for rows.Next() {
		var id int64
		var p PaperCount
		if err := rows.Scan(&id, &p.Counts.Agree, &p.Counts.Disagree, &p.Counts.Abstain, &p.EnteredBy, &p.ConfirmedBy); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// storedResult reads the tally stored at close.
func storedResult(ctx context.Context, q querier, b Ballot) (RoundResult, error) {
	r := RoundResult{Ballot: b}
	t := council.Tally{Mode: b.Mode, Total: b.Total, Present: b.Present, Voted: b.Voted}
	rows, err := q.Query(ctx, `SELECT agenda_item_id, threshold_num, threshold_den, agree, disagree, abstain, written, recused,
			not_voted, passed
		FROM ballot_items WHERE ballot_id = $1 ORDER BY position`, b.ID)
	if err != nil {
		return r, err
	}
	t.Items, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (council.ItemResult, error) {
		var i council.ItemResult
		err := row.Scan(&i.Key, &i.Threshold.Num, &i.Threshold.Den, &i.Agree, &i.Disagree, &i.Abstain, &i.Written, &i.Recused,
			&i.NotVoted, &i.Passed)
		i.Total, i.Need = b.Total, i.Threshold.Need(b.Total)
		return i, err
	})
	if err != nil {
		return r, err
	}
	r.Tally = t
	rows, err = q.Query(ctx, `SELECT e.member_id, p.full_name, e.role, e.present, COALESCE(e.voted, false),
			EXISTS (SELECT 1 FROM ballot_written_votes w WHERE w.ballot_id = e.ballot_id AND w.member_id = e.member_id)
		FROM ballot_entitled e JOIN people p ON p.id = e.person_id WHERE e.ballot_id = $1
		ORDER BY array_position(ARRAY['chair','vice_chair','standing','member','secretary'], e.role), p.full_name COLLATE "vi-VN-x-icu"`, b.ID)
	if err != nil {
		return r, err
	}
	r.Entitled, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (EntitledMember, error) {
		var e EntitledMember
		var role string
		err := row.Scan(&e.MemberID, &e.Name, &role, &e.Present, &e.Voted, &e.Written)
		e.Role = council.Role(role)
		return e, err
	})
	return r, err
}

// quorumSetting is the administrator's quorum (R21) and rounds (R25).
func (s *Store) councilSettings(ctx context.Context) (council.Fraction, int, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return council.Fraction{}, 0, err
	}
	rounds := st.MaxBallotRounds
	if rounds <= 0 {
		rounds = council.DefaultMaxRounds
	}
	return council.QuorumFromPct(st.QuorumPct), rounds, nil
}

// SessionAction is the chair's request on a session.
type SessionAction struct {
	SessionID int64
	Version   int // the version the chair saw
	Reason    string
}

// OpenBallot opens the first round's ballot: the items, their thresholds
// and the members entitled to vote (with their presence) are locked.
func (s *Store) OpenBallot(ctx context.Context, a Actor, r SessionAction) error {
	quorum, _, err := s.councilSettings(ctx)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, r.SessionID, r.Version)
		if err != nil {
			return err
		}
		_, err = fireSession(c, council.OpenBallot, council.Facts{Present: c.Present, Total: c.Members, AgendaItems: c.Items, Quorum: quorum})
		if err != nil {
			return err
		}
		return openBallot(ctx, tx, a, c)
	})
	if err != nil {
		return fmt.Errorf("open ballot %d: %w", r.SessionID, err)
	}
	return nil
}

// SecondRound opens another round for the items that failed (R25).
func (s *Store) SecondRound(ctx context.Context, a Actor, r SessionAction) error {
	_, rounds, err := s.councilSettings(ctx)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, r.SessionID, r.Version)
		if err != nil {
			return err
		}
		var pending int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM agenda_items WHERE session_id = $1 AND result = 'pending'`, c.ID).Scan(&pending); err != nil {
			return err
		}
		if _, err := fireSession(c, council.SecondRound, council.Facts{Round: c.Round, MaxRounds: rounds, FailedItems: pending}); err != nil {
			return err
		}
		return openBallot(ctx, tx, a, c)
	})
	if err != nil {
		return fmt.Errorf("second round %d: %w", r.SessionID, err)
	}
	return nil
}

func fireSession(c CouncilSession, e council.Event, f council.Facts) (council.State, error) {
	to, err := council.Fire(c.State, e, []council.Actor{council.ChairActor}, f)
	var ge *council.GuardError
	switch {
	case errors.As(err, &ge):
		return to, &RuleError{ge.Message}
	case err != nil:
		return to, ErrConflict // the session moved on since the page was shown
	}
	return to, nil
}

func openBallot(ctx context.Context, tx pgx.Tx, a Actor, c CouncilSession) error {
	round := c.Round + 1
	var ballotID int64
	err := tx.QueryRow(ctx, `INSERT INTO ballots (session_id, round, mode, total, present, opened_by)
		VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0)) RETURNING id`, c.ID, round, string(c.Mode), c.Members, c.Present, a.UserID).Scan(&ballotID)
	if err != nil {
		return mapErr(err, nil)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO ballot_entitled (ballot_id, member_id, person_id, role, present)
		SELECT $1, m.id, m.person_id, m.role, at.present FROM attendance at JOIN council_members m ON m.id = at.member_id
		WHERE at.session_id = $2`, ballotID, c.ID); err != nil {
		return err
	}
	items, err := agendaItems(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	pos := 0
	for _, it := range items {
		if it.Result != "pending" {
			continue
		}
		pos++
		f := it.Threshold()
		if _, err := tx.Exec(ctx, `INSERT INTO ballot_items (ballot_id, agenda_item_id, position, threshold_num, threshold_den)
			VALUES ($1, $2, $3, $4, $5)`, ballotID, it.ID, pos, f.Num, f.Den); err != nil {
			return err
		}
	}
	if pos == 0 {
		return &RuleError{"Không còn đề nghị nào cần bỏ phiếu."}
	}
	if _, err := tx.Exec(ctx, `UPDATE council_sessions SET state = 'open', round = $2, version = version + 1, updated_at = now()
		WHERE id = $1`, c.ID, round); err != nil {
		return err
	}
	if err := insertEvent(ctx, tx, a, "council_session.open_ballot", "council_session", c.ID,
		map[string]any{"state": c.State, "version": c.Version},
		map[string]any{"state": council.Open, "round": round, "ballot_id": ballotID, "items": pos, "present": c.Present,
			"members": c.Members}, ""); err != nil {
		return err
	}
	var users []int64
	rows, err := tx.Query(ctx, `SELECT us.id FROM attendance at JOIN council_members m ON m.id = at.member_id
		JOIN users us ON us.person_id = m.person_id AND NOT us.disabled WHERE at.session_id = $1 AND at.present`, c.ID)
	if err != nil {
		return err
	}
	if users, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return err
	}
	return notifyUsers(ctx, tx, users, Notice{Title: fmt.Sprintf("Phiên họp “%s” đã mở bỏ phiếu (vòng %d).", c.Title, round),
		Target: Target{Kind: TargetCouncilVote, ID: c.ID}})
}

// openBallotRow locks the session's open ballot.
func openBallotRow(ctx context.Context, tx pgx.Tx, sessionID int64) (Ballot, error) {
	rows, err := tx.Query(ctx, `SELECT `+ballotColumns+` FROM ballots b WHERE b.session_id = $1 AND b.state = 'open' FOR UPDATE`, sessionID)
	if err != nil {
		return Ballot{}, err
	}
	b, err := pgx.CollectExactlyOneRow(rows, scanBallot)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, ErrBallotNotOpen
	}
	return b, err
}

// voteRow is one stored vote.
type voteRow struct {
	code   string
	item   int64
	choice string
}

// rewriteVotes writes every vote of the ballot again, in random order,
// with extra votes added: afterwards every vote row carries this
// transaction's xmin and a random ctid, so that neither ties a vote to
// the receipt written with it (reliability.md §1.5).
func rewriteVotes(ctx context.Context, tx pgx.Tx, ballotID int64, extra []voteRow) error {
	rows, err := tx.Query(ctx, `SELECT receipt_code, agenda_item_id, choice FROM ballot_votes WHERE ballot_id = $1`, ballotID)
	if err != nil {
		return err
	}
	votes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (voteRow, error) {
		var v voteRow
		err := row.Scan(&v.code, &v.item, &v.choice)
		return v, err
	})
	if err != nil {
		return err
	}
	votes = append(votes, extra...)
	if _, err := tx.Exec(ctx, `DELETE FROM ballot_votes WHERE ballot_id = $1`, ballotID); err != nil {
		return err
	}
	if len(votes) == 0 {
		return nil
	}
	codes, items, choices := make([]string, len(votes)), make([]int64, len(votes)), make([]string, len(votes))
	for i, v := range votes {
		codes[i], items[i], choices[i] = v.code, v.item, v.choice
	}
	_, err = tx.Exec(ctx, `INSERT INTO ballot_votes (ballot_id, receipt_code, agenda_item_id, choice)
		SELECT $1, c, i, ch FROM unnest($2::text[], $3::bigint[], $4::text[]) AS v (c, i, ch) ORDER BY random()`,
		ballotID, codes, items, choices)
	return err
}

// BallotLine is one agenda item on a member's ballot.
type BallotLine struct {
	AgendaItem
	Position int
	Recusal  bool // the item is about the member or his unit
}

// MemberBallot is what a seated member sees of the session's open ballot.
type MemberBallot struct {
	Session  CouncilSession
	Ballot   Ballot
	MemberID int64
	Present  bool
	Voted    bool
	Lines    []BallotLine
}

// MemberBallot reads the open ballot of a session for a seated member
// (person); a person not seated gets ErrNotFound, a session without an
// open ballot ErrBallotNotOpen.
func (s *Store) MemberBallot(ctx context.Context, sessionID, personID int64) (MemberBallot, error) {
	var mb MemberBallot
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if mb.Session, err = councilSession(ctx, tx, sessionID, personID, false, ""); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+ballotColumns+` FROM ballots b WHERE b.session_id = $1 AND b.state = 'open'`, sessionID)
		if err != nil {
			return err
		}
		if mb.Ballot, err = pgx.CollectExactlyOneRow(rows, scanBallot); errors.Is(err, pgx.ErrNoRows) {
			return ErrBallotNotOpen
		} else if err != nil {
			return err
		}
		var unitID int64
		err = tx.QueryRow(ctx, `SELECT e.member_id, e.present, p.unit_id,
				EXISTS (SELECT 1 FROM ballot_receipts r WHERE r.ballot_id = e.ballot_id AND r.member_id = e.member_id)
			FROM ballot_entitled e JOIN people p ON p.id = e.person_id WHERE e.ballot_id = $1 AND e.person_id = $2`,
			mb.Ballot.ID, personID).Scan(&mb.MemberID, &mb.Present, &unitID, &mb.Voted)
		if err != nil {
			return mapErr(err, nil)
		}
		mb.Lines, err = ballotLines(ctx, tx, mb.Ballot.ID, personID, unitID)
		return err
	})
	if err != nil {
		return mb, fmt.Errorf("member ballot %d: %w", sessionID, err)
	}
	return mb, nil
}

func ballotLines(ctx context.Context, tx pgx.Tx, ballotID, personID, unitID int64) ([]BallotLine, error) {
	var sessionID int64
	if err := tx.QueryRow(ctx, `SELECT session_id FROM ballots WHERE id = $1`, ballotID).Scan(&sessionID); err != nil {
		return nil, err
	}
	items, err := agendaItems(ctx, tx, sessionID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT agenda_item_id, position FROM ballot_items WHERE ballot_id = $1`, ballotID)
	if err != nil {
		return nil, err
	}
	pos := map[int64]int{}
	for rows.Next() {
		var id int64
		var p int
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		pos[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var lines []BallotLine
	for _, it := range items {
		p, ok := pos[it.ID]
		if !ok {
			continue
		}
		// A collective nomination of the member's unit, or the member
		// himself: he recuses.
		subjectUnit := it.SubjectUnitID
		lines = append(lines, BallotLine{AgendaItem: it, Position: p,
			Recusal: council.Conflict(personID, unitID, it.PersonID, subjectUnit)})
	}
	return lines, nil
}

// CastVote records a seated, present member's ballot: a receipt (he voted)
// and his choices under a random receipt code (what was voted), in one
// transaction; the audit trail records that he voted, never how. A second
// vote gives ErrAlreadyVoted, also under concurrent requests (the
// receipt's primary key); a person not entitled gets ErrNotFound. It
// returns the receipt code, which is stored nowhere with his name.
func (s *Store) CastVote(ctx context.Context, a Actor, sessionID, personID int64, choices map[int64]council.Choice) (string, error) {
	var code string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := councilSession(ctx, tx, sessionID, personID, false, ""); err != nil {
			return err
		}
		b, err := openBallotRow(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		var memberID, unitID int64
		var present bool
		err = tx.QueryRow(ctx, `SELECT e.member_id, e.present, p.unit_id FROM ballot_entitled e JOIN people p ON p.id = e.person_id
			WHERE e.ballot_id = $1 AND e.person_id = $2`, b.ID, personID).Scan(&memberID, &present, &unitID)
		if err != nil {
			return mapErr(err, nil)
		}
		if !present {
			return &RuleError{"Bạn không có tên trong danh sách có mặt của phiên họp nên không bỏ phiếu trực tuyến được. Hãy gửi ý kiến bằng văn bản cho Thư ký Hội đồng."}
		}
		if b.Mode != council.Electronic {
			return &RuleError{"Phiên họp này bỏ phiếu giấy."}
		}
		lines, err := ballotLines(ctx, tx, b.ID, personID, unitID)
		if err != nil {
			return err
		}
		check := make([]council.BallotItem, len(lines))
		for i, l := range lines {
			check[i] = council.BallotItem{Key: l.ID, Recusal: l.Recusal, Position: l.Position}
		}
		if err := council.CheckBallot(check, choices); err != nil {
			var ce *council.CountError
			if errors.As(err, &ce) {
				return &RuleError{ce.Message}
			}
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO ballot_receipts (ballot_id, member_id) VALUES ($1, $2)`, b.ID, memberID); err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == "23505" {
				return ErrAlreadyVoted
			}
			return err
		}
		for _, l := range lines {
			if l.Recusal {
				if _, err := tx.Exec(ctx, `INSERT INTO ballot_recusals (ballot_id, member_id, agenda_item_id) VALUES ($1, $2, $3)`,
					b.ID, memberID, l.ID); err != nil {
					return err
				}
			}
		}
		var taken bool
		for {
			code = council.NewReceiptCode()
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM ballot_votes WHERE ballot_id = $1 AND receipt_code = $2)`,
				b.ID, code).Scan(&taken); err != nil {
				return err
			}
			if !taken {
				break
			}
		}
		extra := make([]voteRow, 0, len(choices))
		for item, ch := range choices {
			extra = append(extra, voteRow{code, item, string(ch)})
		}
		if err := rewriteVotes(ctx, tx, b.ID, extra); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "council_session.vote", "council_session", sessionID, nil,
			map[string]any{"ballot_id": b.ID, "round": b.Round, "member_id": memberID}, "")
	})
	if err != nil {
		return "", fmt.Errorf("vote %d: %w", sessionID, err)
	}
	return code, nil
}

// recount computes a ballot's tally from what is stored: receipts, votes,
// written opinions, recusals and paper counts.
func recount(ctx context.Context, q querier, b Ballot, quorum council.Fraction) (council.Tally, error) {
	var voted int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM ballot_receipts WHERE ballot_id = $1`, b.ID).Scan(&voted); err != nil {
		return council.Tally{}, err
	}
	rows, err := q.Query(ctx, `
		SELECT bi.agenda_item_id, bi.threshold_num, bi.threshold_den,
			(SELECT count(*) FILTER (WHERE v.choice = 'agree') FROM ballot_votes v WHERE v.ballot_id = bi.ballot_id AND v.agenda_item_id = bi.agenda_item_id),
			(SELECT count(*) FILTER (WHERE v.choice = 'disagree') FROM ballot_votes v WHERE v.ballot_id = bi.ballot_id AND v.agenda_item_id = bi.agenda_item_id),
			(SELECT count(*) FILTER (WHERE v.choice = 'abstain') FROM ballot_votes v WHERE v.ballot_id = bi.ballot_id AND v.agenda_item_id = bi.agenda_item_id),
			(SELECT count(*) FILTER (WHERE w.choice = 'agree') FROM ballot_written_votes w WHERE w.ballot_id = bi.ballot_id AND w.agenda_item_id = bi.agenda_item_id),
			(SELECT count(*) FILTER (WHERE w.choice = 'disagree') FROM ballot_written_votes w WHERE w.ballot_id = bi.ballot_id AND w.agenda_item_id = bi.agenda_item_id),
			(SELECT count(*) FILTER (WHERE w.choice = 'abstain') FROM ballot_written_votes w WHERE w.ballot_id = bi.ballot_id AND w.agenda_item_id = bi.agenda_item_id),
			(SELECT count(*) FROM ballot_recusals r WHERE r.ballot_id = bi.ballot_id AND r.agenda_item_id = bi.agenda_item_id),
			pc.agree, pc.disagree, pc.abstain, pc.confirmed_by IS NOT NULL
		FROM ballot_items bi
		LEFT JOIN ballot_paper_counts pc ON pc.ballot_id = bi.ballot_id AND pc.agenda_item_id = bi.agenda_item_id
		WHERE bi.ballot_id = $1 ORDER BY bi.position`, b.ID)
	if err != nil {
		return council.Tally{}, err
	}
	in := council.BallotInput{Mode: b.Mode, Total: b.Total, Present: b.Present, Voted: voted, Quorum: quorum}
	for rows.Next() {
		var it council.ItemInput
		var pa, pd, pab *int
		var confirmed *bool
		if err := rows.Scan(&it.Key, &it.Threshold.Num, &it.Threshold.Den, &it.Ballots.Agree, &it.Ballots.Disagree, &it.Ballots.Abstain,
			&it.Written.Agree, &it.Written.Disagree, &it.Written.Abstain, &it.Recused, &pa, &pd, &pab, &confirmed); err != nil {
			rows.Close()
			return council.Tally{}, err
		}
		if b.Mode == council.Paper {
			if pa == nil || confirmed == nil || !*confirmed {
				rows.Close()
				return council.Tally{}, &RuleError{"Số phiếu giấy của mọi đề nghị phải được nhập và người thứ hai xác nhận trước khi kết thúc bỏ phiếu."}
			}
			it.Ballots = council.Counts{Agree: *pa, Disagree: *pd, Abstain: *pab}
		}
		in.Items = append(in.Items, it)
	}
	if err := rows.Err(); err != nil {
		return council.Tally{}, err
	}
	t, err := council.Count(in)
	var ce *council.CountError
	if errors.As(err, &ce) {
		return t, &RuleError{ce.Message}
	}
	return t, err
}

// CloseBallot closes the open ballot: it computes the tally from the stored
// ballots, freezes the entitled list with who voted, rewrites the votes in
// random order (so all share the closing transaction), stores the tally,
// moves passed nominations to passed and — when no further round can
// follow — failed ones to failed, and concludes the session and its
// dossiers when every item has its result.
func (s *Store) CloseBallot(ctx context.Context, a Actor, r SessionAction) (council.Tally, error) {
	quorum, rounds, err := s.councilSettings(ctx)
	if err != nil {
		return council.Tally{}, err
	}
	var t council.Tally
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, r.SessionID, r.Version)
		if err != nil {
			return err
		}
		if _, err := fireSession(c, council.CloseBallot, council.Facts{}); err != nil {
			return err
		}
		b, err := openBallotRow(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if t, err = recount(ctx, tx, b, quorum); err != nil {
			return err
		}
		for _, it := range t.Items {
			if _, err := tx.Exec(ctx, `UPDATE ballot_items SET agree = $3, disagree = $4, abstain = $5, written = $6, recused = $7,
				not_voted = $8, passed = $9 WHERE ballot_id = $1 AND agenda_item_id = $2`,
				b.ID, it.Key, it.Agree, it.Disagree, it.Abstain, it.Written, it.Recused, it.NotVoted, it.Passed); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE ballot_entitled e SET voted = EXISTS (SELECT 1 FROM ballot_receipts r
			WHERE r.ballot_id = e.ballot_id AND r.member_id = e.member_id) WHERE e.ballot_id = $1`, b.ID); err != nil {
			return err
		}
		if err := rewriteVotes(ctx, tx, b.ID, nil); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE ballots SET state = 'closed', voted = $2, closed_by = NULLIF($3, 0), closed_at = now()
			WHERE id = $1`, b.ID, t.Voted, a.UserID); err != nil {
			return err
		}
		to := council.AfterClose(b.Round, rounds, t.Failed())
		summary := make([]map[string]any, 0, len(t.Items))
		for _, it := range t.Items {
			summary = append(summary, map[string]any{"agenda_item_id": it.Key, "agree": it.Agree, "disagree": it.Disagree,
				"abstain": it.Abstain, "written": it.Written, "recused": it.Recused, "not_voted": it.NotVoted, "passed": it.Passed})
			switch {
			case it.Passed:
				if err := settleItem(ctx, tx, a, it.Key, "passed", dossier.Pass); err != nil {
					return err
				}
			case to == council.Concluded:
				if err := settleItem(ctx, tx, a, it.Key, "failed", dossier.Fail); err != nil {
					return err
				}
			}
		}
		if err := setSessionState(ctx, tx, c, to); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, a, "council_session.close_ballot", "council_session", c.ID,
			map[string]any{"state": c.State, "version": c.Version},
			map[string]any{"state": to, "round": b.Round, "ballot_id": b.ID, "members": t.Total, "present": t.Present,
				"voted": t.Voted, "items": summary}, ""); err != nil {
			return err
		}
		if to == council.Concluded {
			return concludeDossiers(ctx, tx, a, c.ID)
		}
		return nil
	})
	if err != nil {
		return council.Tally{}, fmt.Errorf("close ballot %d: %w", r.SessionID, err)
	}
	return t, nil
}

func setSessionState(ctx context.Context, tx pgx.Tx, c CouncilSession, to council.State) error {
	_, err := tx.Exec(ctx, `UPDATE council_sessions SET state = $2, version = version + 1, updated_at = now() WHERE id = $1`,
		c.ID, string(to))
	return err
}

// settleItem records an agenda item's result and moves its nomination
// through the nomination table.
func settleItem(ctx context.Context, tx pgx.Tx, a Actor, itemID int64, result string, ev dossier.NominationEvent) error {
	var nomID, dossierID int64
	var state string
	var version int
	err := tx.QueryRow(ctx, `UPDATE agenda_items SET result = $2 WHERE id = $1 RETURNING nomination_id`, itemID, result).Scan(&nomID)
	if err != nil {
		return err
	}
	err = tx.QueryRow(ctx, `SELECT dossier_id, state, version FROM nominations WHERE id = $1 FOR UPDATE`, nomID).Scan(&dossierID, &state, &version)
	if err != nil {
		return err
	}
	to, err := dossier.FireNomination(dossier.NominationState(state), ev, []dossier.Actor{dossier.System}, "")
	if err != nil {
		return fmt.Errorf("%w: nomination %d is %s", ErrConflict, nomID, state)
	}
	if _, err := tx.Exec(ctx, `UPDATE nominations SET state = $2, version = version + 1, updated_at = now() WHERE id = $1`,
		nomID, string(to)); err != nil {
		return err
	}
	return insertEvent(ctx, tx, a, "nomination."+string(ev), "dossier", dossierID,
		map[string]any{"nomination_id": nomID, "state": state}, map[string]any{"nomination_id": nomID, "state": to}, "")
}

// concludeDossiers moves the session's dossiers that are before the
// council and have no nomination left waiting to Concluded.
func concludeDossiers(ctx context.Context, tx pgx.Tx, a Actor, sessionID int64) error {
	rows, err := tx.Query(ctx, `SELECT d.id, d.version, d.unit_id FROM dossiers d
		WHERE d.state = 'in_council' AND d.id IN (SELECT n.dossier_id FROM agenda_items ai JOIN nominations n ON n.id = ai.nomination_id
			WHERE ai.session_id = $1)
			AND NOT EXISTS (SELECT 1 FROM nominations n WHERE n.dossier_id = d.id AND n.state = 'eligible')
		ORDER BY d.id FOR UPDATE`, sessionID)
	if err != nil {
		return err
	}
	type dv struct {
		id, unit int64
		version  int
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (dv, error) {
		var d dv
		err := row.Scan(&d.id, &d.version, &d.unit)
		return d, err
	})
	if err != nil {
		return err
	}
	for _, d := range list {
		to, err := dossier.Fire(dossier.InCouncil, dossier.Conclude, []dossier.Actor{dossier.System}, dossier.Facts{})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE dossiers SET state = $2, version = version + 1, updated_at = now() WHERE id = $1`,
			d.id, string(to)); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, a, "dossier.conclude", "dossier", d.id,
			stateAudit{dossier.InCouncil, d.version}, stateAudit{to, d.version + 1}, ""); err != nil {
			return err
		}
		if err := notifyUnitHeads(ctx, tx, []int64{d.unit}, Notice{Title: "Hội đồng Thi đua - Khen thưởng đã có kết quả xét hồ sơ của đơn vị.",
			Target: Target{Kind: TargetDossier, ID: d.id}}); err != nil {
			return err
		}
	}
	return nil
}

// ConcludeSession ends a session after a closed round: the items still
// pending fail.
func (s *Store) ConcludeSession(ctx context.Context, a Actor, r SessionAction) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, r.SessionID, r.Version)
		if err != nil {
			return err
		}
		to, err := fireSession(c, council.Conclude, council.Facts{})
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id FROM agenda_items WHERE session_id = $1 AND result = 'pending' ORDER BY id`, c.ID)
		if err != nil {
			return err
		}
		pending, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, id := range pending {
			if err := settleItem(ctx, tx, a, id, "failed", dossier.Fail); err != nil {
				return err
			}
		}
		if err := setSessionState(ctx, tx, c, to); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, a, "council_session.conclude", "council_session", c.ID,
			map[string]any{"state": c.State, "version": c.Version}, map[string]any{"state": to, "failed": pending}, ""); err != nil {
			return err
		}
		return concludeDossiers(ctx, tx, a, c.ID)
	})
	if err != nil {
		return fmt.Errorf("conclude session %d: %w", r.SessionID, err)
	}
	return nil
}

// ResetBallot discards the open ballot with a reason: its votes, receipts,
// recusals, written opinions and paper counts are deleted (audited) and
// the session goes back to where it was before the ballot opened.
func (s *Store) ResetBallot(ctx context.Context, a Actor, r SessionAction) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, r.SessionID, r.Version)
		if err != nil {
			return err
		}
		if _, err := fireSession(c, council.ResetBallot, council.Facts{Reason: r.Reason}); err != nil {
			return err
		}
		b, err := openBallotRow(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		for _, table := range []string{"ballot_votes", "ballot_receipts", "ballot_recusals", "ballot_written_votes", "ballot_paper_counts"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE ballot_id = $1`, b.ID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE ballots SET state = 'reset', reason = $2, voted = 0, closed_by = NULLIF($3, 0), closed_at = now()
			WHERE id = $1`, b.ID, r.Reason, a.UserID); err != nil {
			return err
		}
		to := council.AfterReset(b.Round)
		if _, err := tx.Exec(ctx, `UPDATE council_sessions SET state = $2, round = $3, version = version + 1, updated_at = now()
			WHERE id = $1`, c.ID, string(to), b.Round-1); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "council_session.reset_ballot", "council_session", c.ID,
			map[string]any{"state": c.State, "version": c.Version, "ballot_id": b.ID, "voted": b.Voted},
			map[string]any{"state": to, "round": b.Round - 1}, r.Reason)
	})
	if err != nil {
		return fmt.Errorf("reset ballot %d: %w", r.SessionID, err)
	}
	return nil
}

// EnterWrittenVotes records an absent member's written opinions on the
// open ballot (R22), replacing what was entered for him before.
func (s *Store) EnterWrittenVotes(ctx context.Context, a Actor, sessionID, memberID int64, choices map[int64]council.Choice) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := openBallotRow(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		var present bool
		var personID, unitID int64
		err = tx.QueryRow(ctx, `SELECT e.present, e.person_id, p.unit_id FROM ballot_entitled e JOIN people p ON p.id = e.person_id
			WHERE e.ballot_id = $1 AND e.member_id = $2`, b.ID, memberID).Scan(&present, &personID, &unitID)
		if err != nil {
			return mapErr(err, nil)
		}
		if present {
			return &RuleError{"Thành viên có mặt bỏ phiếu tại phiên họp, không gửi ý kiến bằng văn bản."}
		}
		lines, err := ballotLines(ctx, tx, b.ID, personID, unitID)
		if err != nil {
			return err
		}
		check := make([]council.BallotItem, len(lines))
		for i, l := range lines {
			check[i] = council.BallotItem{Key: l.ID, Recusal: l.Recusal, Position: l.Position}
		}
		if err := council.CheckBallot(check, choices); err != nil {
			var ce *council.CountError
			if errors.As(err, &ce) {
				return &RuleError{ce.Message}
			}
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM ballot_written_votes WHERE ballot_id = $1 AND member_id = $2`, b.ID, memberID); err != nil {
			return err
		}
		record := map[string]string{}
		for item, ch := range choices {
			if _, err := tx.Exec(ctx, `INSERT INTO ballot_written_votes (ballot_id, member_id, agenda_item_id, choice, entered_by)
				VALUES ($1, $2, $3, $4, NULLIF($5, 0))`, b.ID, memberID, item, string(ch), a.UserID); err != nil {
				return err
			}
			record[fmt.Sprint(item)] = string(ch)
		}
		return insertEvent(ctx, tx, a, "council_session.written_vote", "council_session", sessionID, nil,
			map[string]any{"ballot_id": b.ID, "member_id": memberID, "choices": record}, "")
	})
	if err != nil {
		return fmt.Errorf("written vote %d: %w", sessionID, err)
	}
	return nil
}

// PublishedBallot is one electronic ballot as published after close: its
// receipt code and choices, without a name.
type PublishedBallot struct {
	Code    string
	Choices map[int64]council.Choice // by agenda item
}

// PublishedBallots lists a closed ballot's electronic ballots by receipt
// code; an open ballot publishes nothing (ErrBallotNotOpen is not used:
// it returns ErrNotFound).
func (s *Store) PublishedBallots(ctx context.Context, ballotID int64) ([]PublishedBallot, error) {
	rows, err := s.pool.Query(ctx, `SELECT v.receipt_code, v.agenda_item_id, v.choice FROM ballot_votes v
		JOIN ballots b ON b.id = v.ballot_id AND b.state = 'closed'
		WHERE v.ballot_id = $1 ORDER BY v.receipt_code, v.agenda_item_id`, ballotID)
	if err != nil {
		return nil, fmt.Errorf("published ballots: %w", err)
	}
	var out []PublishedBallot
	for rows.Next() {
		var code, choice string
		var item int64
		if err := rows.Scan(&code, &item, &choice); err != nil {
			return nil, fmt.Errorf("published ballots: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Code != code {
			out = append(out, PublishedBallot{Code: code, Choices: map[int64]council.Choice{}})
		}
		out[len(out)-1].Choices[item] = council.Choice(choice)
	}
	return out, rows.Err()
}

// Recount computes a closed ballot's tally again from the stored ballots,
// for checking against the published result.
func (s *Store) Recount(ctx context.Context, ballotID int64) (council.Tally, error) {
	quorum, _, err := s.councilSettings(ctx)
	if err != nil {
		return council.Tally{}, err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+ballotColumns+` FROM ballots b WHERE b.id = $1 AND b.state = 'closed'`, ballotID)
	if err != nil {
		return council.Tally{}, err
	}
	b, err := pgx.CollectExactlyOneRow(rows, scanBallot)
	if err != nil {
		return council.Tally{}, mapErr(err, nil)
	}
	return recount(ctx, s.pool, b, quorum)
}

// OpenBallotNote is an open ballot a member may vote on.
type OpenBallotNote struct {
	SessionID int64
	Title     string
	HeldOn    time.Time
	Round     int
	Voted     bool
	Present   bool
}

// OpenBallotsFor lists the open ballots of the sessions a person is
// seated on, for his home page.
func (s *Store) OpenBallotsFor(ctx context.Context, personID int64) ([]OpenBallotNote, error) {
	rows, err := s.pool.Query(ctx, `SELECT cs.id, cs.title, cs.held_on, b.round,
			EXISTS (SELECT 1 FROM ballot_receipts r WHERE r.ballot_id = b.id AND r.member_id = e.member_id), e.present
		FROM ballots b JOIN council_sessions cs ON cs.id = b.session_id
		JOIN ballot_entitled e ON e.ballot_id = b.id AND e.person_id = $1
		WHERE b.state = 'open' ORDER BY cs.held_on, cs.id`, personID)
	if err != nil {
		return nil, fmt.Errorf("open ballots: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[OpenBallotNote])
	if err != nil {
		return nil, fmt.Errorf("open ballots: %w", err)
	}
	return list, nil
}

// EnterPaperCounts records the counts of the paper ballot per agenda item
// (agenda item → counts), replacing unconfirmed ones; counts that exceed
// the members present are refused. A second person confirms them.
func (s *Store) EnterPaperCounts(ctx context.Context, a Actor, sessionID int64, counts map[int64]council.Counts) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := openBallotRow(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if b.Mode != council.Paper {
			return &RuleError{"Phiên họp này bỏ phiếu trực tuyến."}
		}
		rows, err := tx.Query(ctx, `SELECT bi.agenda_item_id, bi.threshold_num, bi.threshold_den,
				(SELECT count(*) FROM ballot_recusals r WHERE r.ballot_id = bi.ballot_id AND r.agenda_item_id = bi.agenda_item_id)
			FROM ballot_items bi WHERE bi.ballot_id = $1 ORDER BY bi.position`, b.ID)
		if err != nil {
			return err
		}
		in := council.BallotInput{Mode: council.Paper, Total: b.Total, Present: b.Present}
		for rows.Next() {
			var it council.ItemInput
			if err := rows.Scan(&it.Key, &it.Threshold.Num, &it.Threshold.Den, &it.Recused); err != nil {
				rows.Close()
				return err
			}
			c, ok := counts[it.Key]
			if !ok {
				rows.Close()
				return &RuleError{"Hãy nhập số phiếu của mọi đề nghị."}
			}
			it.Ballots = c
			in.Items = append(in.Items, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(in.Items) != len(counts) {
			return &RuleError{"Có số phiếu của đề nghị không có trong chương trình bỏ phiếu."}
		}
		if _, err := council.Count(in); err != nil {
			var ce *council.CountError
			if errors.As(err, &ce) {
				return &RuleError{ce.Message}
			}
			return err
		}
		var confirmed bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM ballot_paper_counts WHERE ballot_id = $1 AND confirmed_by IS NOT NULL)`,
			b.ID).Scan(&confirmed); err != nil {
			return err
		}
		if confirmed {
			return &RuleError{"Số phiếu đã được xác nhận; muốn sửa phải hủy kết quả bỏ phiếu (có lý do) và bỏ phiếu lại."}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM ballot_paper_counts WHERE ballot_id = $1`, b.ID); err != nil {
			return err
		}
		record := map[string]any{}
		for item, c := range counts {
			if _, err := tx.Exec(ctx, `INSERT INTO ballot_paper_counts (ballot_id, agenda_item_id, agree, disagree, abstain, entered_by)
				VALUES ($1, $2, $3, $4, $5, $6)`, b.ID, item, c.Agree, c.Disagree, c.Abstain, a.UserID); err != nil {
				return mapErr(err, nil)
			}
			record[fmt.Sprint(item)] = []int{c.Agree, c.Disagree, c.Abstain}
		}
		return insertEvent(ctx, tx, a, "council_session.paper_counts", "council_session", sessionID, nil,
			map[string]any{"ballot_id": b.ID, "counts": record}, "")
	})
	if err != nil {
		return fmt.Errorf("paper counts %d: %w", sessionID, err)
	}
	return nil
}

// ConfirmPaperCounts is the second person's confirmation of the paper
// counts; the person who entered them cannot confirm them.
func (s *Store) ConfirmPaperCounts(ctx context.Context, a Actor, sessionID int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b, err := openBallotRow(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		var n, mine int
		if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE entered_by = $2) FROM ballot_paper_counts
			WHERE ballot_id = $1 AND confirmed_by IS NULL`, b.ID, a.UserID).Scan(&n, &mine); err != nil {
			return err
		}
		if n == 0 {
			return &RuleError{"Chưa có số phiếu nào chờ xác nhận."}
		}
		if mine > 0 {
			return &RuleError{"Người nhập số phiếu không tự xác nhận được: cần người thứ hai kiểm tra."}
		}
		if _, err := tx.Exec(ctx, `UPDATE ballot_paper_counts SET confirmed_by = $2 WHERE ballot_id = $1 AND confirmed_by IS NULL`,
			b.ID, a.UserID); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "council_session.paper_confirm", "council_session", sessionID, nil,
			map[string]any{"ballot_id": b.ID}, "")
	})
	if err != nil {
		return fmt.Errorf("confirm paper counts %d: %w", sessionID, err)
	}
	return nil
}

// SessionDocs lists the documents of the dossiers on a session's agenda,
// by dossier, in one query: a council member reads them read-only.
func (s *Store) SessionDocs(ctx context.Context, sessionID int64) (map[int64][]DossierDoc, error) {
	rows, err := s.pool.Query(ctx, `SELECT l.dossier_id, `+docColumns+` FROM dossier_attachments l JOIN attachments f ON f.id = l.attachment_id
		WHERE l.dossier_id IN (SELECT n.dossier_id FROM agenda_items ai JOIN nominations n ON n.id = ai.nomination_id WHERE ai.session_id = $1)
		ORDER BY l.dossier_id, l.id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("session documents: %w", err)
	}
	out := map[int64][]DossierDoc{}
	for rows.Next() {
		var dossierID int64
		var d DossierDoc
		var dk, k string
		if err := rows.Scan(&dossierID, &d.ID, &d.NominationID, &d.AttachmentID, &dk, &d.Certified, &d.Name, &k, &d.Size, &d.SHA256,
			&d.CreatedAt); err != nil {
			return nil, fmt.Errorf("session documents: %w", err)
		}
		d.DocKind, d.Kind = award.DocKind(dk), attach.Kind(k)
		out[dossierID] = append(out[dossierID], d)
	}
	return out, rows.Err()
}

// SessionDocFile returns a document of a dossier on the session's agenda.
func (s *Store) SessionDocFile(ctx context.Context, sessionID, docID int64) (Attachment, []byte, error) {
	var fileID int64
	err := s.pool.QueryRow(ctx, `SELECT l.attachment_id FROM dossier_attachments l
		WHERE l.id = $2 AND l.dossier_id IN (SELECT n.dossier_id FROM agenda_items ai JOIN nominations n ON n.id = ai.nomination_id
			WHERE ai.session_id = $1)`, sessionID, docID).Scan(&fileID)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("session document %d: %w", docID, mapErr(err, nil))
	}
	return s.Attachment(ctx, fileID)
}

// WrittenBallot is the open ballot's items as an absent member sees them
// (with his recusals), for the secretary's entry of his written opinion.
func (s *Store) WrittenBallot(ctx context.Context, sessionID, memberID int64) ([]BallotLine, error) {
	var lines []BallotLine
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var ballotID, personID, unitID int64
		err := tx.QueryRow(ctx, `SELECT b.id, e.person_id, p.unit_id FROM ballots b
			JOIN ballot_entitled e ON e.ballot_id = b.id AND e.member_id = $2 JOIN people p ON p.id = e.person_id
			WHERE b.session_id = $1 AND b.state = 'open'`, sessionID, memberID).Scan(&ballotID, &personID, &unitID)
		if err != nil {
			return mapErr(err, nil)
		}
		lines, err = ballotLines(ctx, tx, ballotID, personID, unitID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("written ballot %d: %w", sessionID, err)
	}
	return lines, nil
}
