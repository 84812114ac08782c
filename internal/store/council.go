package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
	"tdkt/internal/council"
	"tdkt/internal/dossier"
)

// councilRosterLock serialises roster changes so that the one-seat-per-
// person and one-chair checks see every committed seat.
const councilRosterLock = 7310009

// CouncilSeat is one person's seat on the council.
type CouncilSeat struct {
	ID         int64
	PersonID   int64
	PersonName string
	Position   string
	UnitID     int64
	UnitName   string
	Role       council.Role
	From       time.Time
	To         time.Time // zero: open-ended
	Version    int
}

// ActiveOn reports whether the seat counts on day d.
func (c CouncilSeat) ActiveOn(d time.Time) bool { return c.seat().ActiveOn(d) }

func (c CouncilSeat) seat() council.Seat {
	return council.Seat{PersonID: c.PersonID, Role: c.Role, From: c.From, To: c.To}
}

const seatColumns = `m.id, m.person_id, p.full_name, p.position, p.unit_id, u.name, m.role, m.from_on, m.to_on, m.version`
const seatFrom = ` FROM council_members m JOIN people p ON p.id = m.person_id JOIN units u ON u.id = p.unit_id`

func scanSeat(row pgx.CollectableRow) (CouncilSeat, error) {
	var c CouncilSeat
	var role string
	var to *time.Time
	err := row.Scan(&c.ID, &c.PersonID, &c.PersonName, &c.Position, &c.UnitID, &c.UnitName, &role, &c.From, &to, &c.Version)
	c.Role, c.To = council.Role(role), orZero(to)
	return c, err
}

// CouncilRoster lists the seats active on day on (every seat when on is
// zero), chair first.
func (s *Store) CouncilRoster(ctx context.Context, on time.Time) ([]CouncilSeat, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+seatColumns+seatFrom+`
		WHERE $1::date IS NULL OR (m.from_on <= $1 AND (m.to_on IS NULL OR m.to_on >= $1))
		ORDER BY array_position(ARRAY['chair','vice_chair','standing','member','secretary'], m.role), m.from_on DESC, p.full_name COLLATE "vi-VN-x-icu", m.id`,
		date(on))
	if err != nil {
		return nil, fmt.Errorf("council roster: %w", err)
	}
	seats, err := pgx.CollectRows(rows, scanSeat)
	if err != nil {
		return nil, fmt.Errorf("council roster: %w", err)
	}
	return seats, nil
}

// CouncilSeat returns one seat.
func (s *Store) CouncilSeat(ctx context.Context, id int64) (CouncilSeat, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+seatColumns+seatFrom+` WHERE m.id = $1`, id)
	if err != nil {
		return CouncilSeat{}, fmt.Errorf("council seat: %w", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanSeat)
	if err != nil {
		return CouncilSeat{}, mapErr(err, nil)
	}
	return c, nil
}

func rosterError(err error) error {
	switch {
	case errors.Is(err, council.ErrSeatOverlap):
		return &RuleError{"Người này đã có một vị trí trong Hội đồng trong khoảng thời gian đó."}
	case errors.Is(err, council.ErrTwoChairs):
		return &RuleError{"Hội đồng đã có Chủ tịch trong khoảng thời gian đó."}
	case errors.Is(err, council.ErrSeatDates):
		return &RuleError{"Ngày kết thúc phải sau ngày bắt đầu."}
	case errors.Is(err, council.ErrRoleUnknown):
		return &RuleError{"Hãy chọn vai trò trong Hội đồng."}
	case errors.Is(err, council.ErrNoSeatPerson):
		return &RuleError{"Hãy chọn cán bộ."}
	}
	return err
}

// saveSeat checks the roster with the seat added or changed, inside tx.
func checkRosterWith(ctx context.Context, tx pgx.Tx, c CouncilSeat) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, councilRosterLock); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT `+seatColumns+seatFrom+` WHERE m.id <> $1 ORDER BY m.id`, c.ID)
	if err != nil {
		return err
	}
	others, err := pgx.CollectRows(rows, scanSeat)
	if err != nil {
		return err
	}
	seats := make([]council.Seat, 0, len(others)+1)
	for _, o := range others {
		seats = append(seats, o.seat())
	}
	return rosterError(council.CheckRoster(append(seats, c.seat())))
}

// AddCouncilSeat puts a person on the council.
func (s *Store) AddCouncilSeat(ctx context.Context, a Actor, c CouncilSeat) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "council_member", func() (int64, error) {
			c.ID = 0
			if err := checkRosterWith(ctx, tx, c); err != nil {
				return 0, err
			}
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO council_members (person_id, role, from_on, to_on) VALUES ($1, $2, $3, $4) RETURNING id`,
				c.PersonID, string(c.Role), c.From, date(c.To)).Scan(&id)
			if err != nil {
				return 0, mapErr(err, nil)
			}
			return id, insertEvent(ctx, tx, a, "council_member.create", "person", c.PersonID, nil,
				map[string]any{"seat_id": id, "role": c.Role, "from": c.From.Format(time.DateOnly), "to": dateText(c.To)}, "")
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add council seat: %w", err)
	}
	return id, nil
}

// UpdateCouncilSeat changes a seat's role and period.
func (s *Store) UpdateCouncilSeat(ctx context.Context, a Actor, c CouncilSeat) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var old CouncilSeat
		rows, err := tx.Query(ctx, `SELECT `+seatColumns+seatFrom+` WHERE m.id = $1 FOR UPDATE OF m`, c.ID)
		if err != nil {
			return err
		}
		if old, err = pgx.CollectExactlyOneRow(rows, scanSeat); err != nil {
			return mapErr(err, nil)
		}
		if old.Version != c.Version {
			return ErrConflict
		}
		c.PersonID = old.PersonID
		if err := checkRosterWith(ctx, tx, c); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE council_members SET role = $2, from_on = $3, to_on = $4, version = version + 1,
			updated_at = now() WHERE id = $1`, c.ID, string(c.Role), c.From, date(c.To)); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "council_member.update", "person", old.PersonID,
			map[string]any{"seat_id": old.ID, "role": old.Role, "from": old.From.Format(time.DateOnly), "to": dateText(old.To)},
			map[string]any{"seat_id": old.ID, "role": c.Role, "from": c.From.Format(time.DateOnly), "to": dateText(c.To)}, "")
	})
	if err != nil {
		return fmt.Errorf("update council seat %d: %w", c.ID, err)
	}
	return nil
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// CouncilSession is a meeting of the council.
type CouncilSession struct {
	ID      int64
	Title   string
	HeldOn  time.Time
	Place   string
	State   council.State
	Round   int
	Mode    council.Mode
	RuleSet string // R32: the rules in force on HeldOn
	Version int
	Items   int // agenda items
	Members int // members seated
	Present int
}

const sessionColumns = `s.id, s.title, s.held_on, s.place, s.state, s.round, s.mode, s.rule_set, s.version,
	(SELECT count(*) FROM agenda_items ai WHERE ai.session_id = s.id),
	(SELECT count(*) FROM attendance at WHERE at.session_id = s.id),
	(SELECT count(*) FROM attendance at WHERE at.session_id = s.id AND at.present)`

func scanSession(row pgx.CollectableRow) (CouncilSession, error) {
	var c CouncilSession
	var state, mode string
	err := row.Scan(&c.ID, &c.Title, &c.HeldOn, &c.Place, &state, &c.Round, &mode, &c.RuleSet, &c.Version, &c.Items, &c.Members, &c.Present)
	c.State, c.Mode = council.State(state), council.Mode(mode)
	return c, err
}

// Rules is the rule set the session applies (R32: its date).
func (c CouncilSession) Rules() award.RuleSet {
	if rs, ok := award.RulesByCode(c.RuleSet); ok {
		return rs
	}
	return award.RulesFor(c.HeldOn)
}

// QuorumMet reports whether enough members are present under quorum q (R21).
func (c CouncilSession) QuorumMet(q council.Fraction) bool {
	return council.QuorumMet(q, c.Present, c.Members)
}

// CouncilSessions lists sessions, newest first; with personID set, only
// those the person is seated on.
func (s *Store) CouncilSessions(ctx context.Context, personID int64) ([]CouncilSession, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sessionColumns+` FROM council_sessions s
		WHERE $1 = 0 OR EXISTS (SELECT 1 FROM attendance at JOIN council_members m ON m.id = at.member_id
			WHERE at.session_id = s.id AND m.person_id = $1)
		ORDER BY s.held_on DESC, s.id DESC LIMIT 200`, personID)
	if err != nil {
		return nil, fmt.Errorf("council sessions: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanSession)
	if err != nil {
		return nil, fmt.Errorf("council sessions: %w", err)
	}
	return list, nil
}

// CouncilSession returns a session; with personID set, only if the person
// is seated on it (otherwise ErrNotFound, like a missing session).
func (s *Store) CouncilSession(ctx context.Context, id, personID int64, all bool) (CouncilSession, error) {
	return councilSession(ctx, s.pool, id, personID, all, "")
}

func councilSession(ctx context.Context, q querier, id, personID int64, all bool, lock string) (CouncilSession, error) {
	rows, err := q.Query(ctx, `SELECT `+sessionColumns+` FROM council_sessions s WHERE s.id = $1 AND ($3 OR
		EXISTS (SELECT 1 FROM attendance at JOIN council_members m ON m.id = at.member_id
			WHERE at.session_id = s.id AND m.person_id = $2 AND $2 <> 0))`+lock, id, personID, all)
	if err != nil {
		return CouncilSession{}, err
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanSession)
	if err != nil {
		return CouncilSession{}, mapErr(err, nil)
	}
	return c, nil
}

// lockSession locks a session row for a change and checks its version.
func lockSession(ctx context.Context, tx pgx.Tx, id int64, version int) (CouncilSession, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM council_sessions WHERE id = $1 FOR UPDATE`, id); err != nil {
		return CouncilSession{}, err
	}
	c, err := councilSession(ctx, tx, id, 0, true, "")
	if err != nil {
		return c, err
	}
	if version != 0 && c.Version != version {
		return c, ErrConflict
	}
	return c, nil
}

// AgendaCandidate is a nomination that may be put on a session's agenda:
// appraised eligible, its dossier appraised or already before the council,
// not on a session still in progress and not yet voted.
type AgendaCandidate struct {
	NominationID  int64
	DossierID     int64
	UnitName      string
	RoundTitle    string
	SubjectName   string
	Position      string
	AwardCode     string
	PersonID      int64
	SubjectUnitID int64
	Summary       string
	RuleSet       string
}

// AwardName is the award's Vietnamese name.
func (c AgendaCandidate) AwardName() string { return award.Name(c.AwardCode) }

// AgendaCandidates lists the nominations waiting for the council, by award
// then unit.
func (s *Store) AgendaCandidates(ctx context.Context) ([]AgendaCandidate, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT n.id, d.id, u.name, r.title, COALESCE(p.full_name, su.name, ''), COALESCE(p.position, ''), n.award_code,
			COALESCE(n.person_id, 0), COALESCE(n.subject_unit_id, 0), n.summary, n.rule_set
		FROM nominations n
		JOIN dossiers d ON d.id = n.dossier_id
		JOIN units u ON u.id = d.unit_id
		JOIN rounds r ON r.id = d.round_id
		JOIN award_types t ON t.code = n.award_code
		LEFT JOIN people p ON p.id = n.person_id
		LEFT JOIN units su ON su.id = n.subject_unit_id
		WHERE n.state = 'eligible' AND d.state IN ('appraised', 'in_council')
			AND NOT EXISTS (SELECT 1 FROM agenda_items ai JOIN council_sessions cs ON cs.id = ai.session_id
				WHERE ai.nomination_id = n.id AND (cs.state <> 'concluded' OR ai.result <> 'pending'))
		ORDER BY t.sort_order, u.sort_order, u.name, COALESCE(p.full_name, su.name), n.id`)
	if err != nil {
		return nil, fmt.Errorf("agenda candidates: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (AgendaCandidate, error) {
		var c AgendaCandidate
		err := row.Scan(&c.NominationID, &c.DossierID, &c.UnitName, &c.RoundTitle, &c.SubjectName, &c.Position, &c.AwardCode,
			&c.PersonID, &c.SubjectUnitID, &c.Summary, &c.RuleSet)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("agenda candidates: %w", err)
	}
	return list, nil
}

// NewCouncilSession is the office's new session.
type NewCouncilSession struct {
	Title         string
	HeldOn        time.Time
	Place         string
	Mode          council.Mode // electronic (default) or paper
	NominationIDs []int64
}

// CreateCouncilSession creates a session with the members seated on its
// date (all absent until attendance is taken) and the nominations on its
// agenda; each nomination's dossier goes before the council.
func (s *Store) CreateCouncilSession(ctx context.Context, a Actor, n NewCouncilSession) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "council_session", func() (int64, error) {
			rs := award.RulesFor(n.HeldOn)
			if n.Mode == "" {
				n.Mode = council.Electronic
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO council_sessions (title, held_on, place, mode, rule_set, created_by)
				VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0)) RETURNING id`, n.Title, n.HeldOn, n.Place, string(n.Mode), rs.Code, a.UserID).Scan(&id); err != nil {
				return 0, err
			}
			tag, err := tx.Exec(ctx, `INSERT INTO attendance (session_id, member_id)
				SELECT $1, m.id FROM council_members m WHERE m.from_on <= $2 AND (m.to_on IS NULL OR m.to_on >= $2)`, id, n.HeldOn)
			if err != nil {
				return 0, err
			}
			if tag.RowsAffected() == 0 {
				return 0, &RuleError{"Hội đồng chưa có thành viên vào ngày họp. Hãy cập nhật danh sách thành viên Hội đồng trước."}
			}
			if err := addAgenda(ctx, tx, a, id, n.NominationIDs); err != nil {
				return 0, err
			}
			return id, insertEvent(ctx, tx, a, "council_session.create", "council_session", id, nil,
				map[string]any{"title": n.Title, "held_on": n.HeldOn.Format(time.DateOnly), "place": n.Place, "mode": n.Mode,
					"nominations": n.NominationIDs, "rule_set": rs.Code}, "")
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create council session: %w", err)
	}
	return id, nil
}

// addAgenda puts candidate nominations on a draft session's agenda and
// schedules their appraised dossiers (Appraised → InCouncil).
func addAgenda(ctx context.Context, tx pgx.Tx, a Actor, sessionID int64, nominationIDs []int64) error {
	if len(nominationIDs) == 0 {
		return &RuleError{"Hãy chọn ít nhất một đề nghị đưa vào chương trình phiên họp."}
	}
	rows, err := tx.Query(ctx, `
		SELECT n.id, n.award_code, d.id, d.state, d.version FROM nominations n JOIN dossiers d ON d.id = n.dossier_id
		WHERE n.id = ANY($1) AND n.state = 'eligible' AND d.state IN ('appraised', 'in_council')
			AND NOT EXISTS (SELECT 1 FROM agenda_items ai JOIN council_sessions cs ON cs.id = ai.session_id
				WHERE ai.nomination_id = n.id AND (cs.state <> 'concluded' OR ai.result <> 'pending'))
		ORDER BY n.id FOR UPDATE OF n, d`, nominationIDs)
	if err != nil {
		return err
	}
	type pick struct {
		nom, dossierID int64
		award, state   string
		version        int
	}
	picks, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (pick, error) {
		var p pick
		err := row.Scan(&p.nom, &p.award, &p.dossierID, &p.state, &p.version)
		return p, err
	})
	if err != nil {
		return err
	}
	if len(picks) != len(slices.Compact(slices.Sorted(slices.Values(nominationIDs)))) {
		return &RuleError{"Có đề nghị không còn chờ Hội đồng xét (đã được đưa vào phiên họp khác hoặc đã thay đổi). Hãy tải lại trang."}
	}
	scheduled := map[int64]bool{}
	for _, p := range picks {
		if _, err := tx.Exec(ctx, `INSERT INTO agenda_items (session_id, nomination_id, award_code) VALUES ($1, $2, $3)`,
			sessionID, p.nom, p.award); err != nil {
			return mapErr(err, nil)
		}
		if p.state != string(dossier.Appraised) || scheduled[p.dossierID] {
			continue
		}
		scheduled[p.dossierID] = true
		to, err := dossier.Fire(dossier.Appraised, dossier.Schedule, []dossier.Actor{dossier.Office}, dossier.Facts{OnAgenda: true})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE dossiers SET state = $2, version = version + 1, updated_at = now() WHERE id = $1`,
			p.dossierID, string(to)); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, a, "dossier.schedule", "dossier", p.dossierID,
			stateAudit{dossier.Appraised, p.version}, stateAudit{to, p.version + 1}, ""); err != nil {
			return err
		}
	}
	return nil
}

// AddToAgenda adds nominations to a session still in preparation.
func (s *Store) AddToAgenda(ctx context.Context, a Actor, sessionID int64, version int, nominationIDs []int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, sessionID, version)
		if err != nil {
			return err
		}
		if c.State != council.Draft {
			return &RuleError{"Chỉ sửa được chương trình khi phiên họp chưa bắt đầu bỏ phiếu."}
		}
		if err := addAgenda(ctx, tx, a, sessionID, nominationIDs); err != nil {
			return err
		}
		return bumpSession(ctx, tx, a, c, "council_session.agenda_add", map[string]any{"nominations": nominationIDs}, "")
	})
	if err != nil {
		return fmt.Errorf("add to agenda %d: %w", sessionID, err)
	}
	return nil
}

// RemoveFromAgenda takes an item off a session still in preparation; its
// nomination waits for another session.
func (s *Store) RemoveFromAgenda(ctx context.Context, a Actor, sessionID int64, version int, itemID int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, sessionID, version)
		if err != nil {
			return err
		}
		if c.State != council.Draft {
			return &RuleError{"Chỉ sửa được chương trình khi phiên họp chưa bắt đầu bỏ phiếu."}
		}
		var nom int64
		// An item of a reset ballot keeps its ballot rows: it stays.
		err = tx.QueryRow(ctx, `DELETE FROM agenda_items ai WHERE ai.id = $2 AND ai.session_id = $1
			AND NOT EXISTS (SELECT 1 FROM ballot_items bi WHERE bi.agenda_item_id = ai.id) RETURNING ai.nomination_id`,
			sessionID, itemID).Scan(&nom)
		if err != nil {
			return mapErr(err, nil)
		}
		return bumpSession(ctx, tx, a, c, "council_session.agenda_remove", map[string]any{"nomination": nom}, "")
	})
	if err != nil {
		return fmt.Errorf("remove from agenda %d: %w", sessionID, err)
	}
	return nil
}

func bumpSession(ctx context.Context, tx pgx.Tx, a Actor, c CouncilSession, action string, after any, reason string) error {
	if _, err := tx.Exec(ctx, `UPDATE council_sessions SET version = version + 1, updated_at = now() WHERE id = $1`, c.ID); err != nil {
		return err
	}
	return insertEvent(ctx, tx, a, action, "council_session", c.ID, nil, after, reason)
}

// SetAttendance records which seated members are present, before the
// ballot opens.
func (s *Store) SetAttendance(ctx context.Context, a Actor, sessionID int64, version int, presentMemberIDs []int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := lockSession(ctx, tx, sessionID, version)
		if err != nil {
			return err
		}
		if c.State != council.Draft && c.State != council.Closed {
			return &RuleError{"Không sửa được danh sách có mặt khi đang bỏ phiếu hoặc phiên họp đã kết luận."}
		}
		if _, err := tx.Exec(ctx, `UPDATE attendance SET present = (member_id = ANY($2)) WHERE session_id = $1`,
			sessionID, presentMemberIDs); err != nil {
			return err
		}
		return bumpSession(ctx, tx, a, c, "council_session.attendance", map[string]any{"present": presentMemberIDs}, "")
	})
	if err != nil {
		return fmt.Errorf("attendance %d: %w", sessionID, err)
	}
	return nil
}
