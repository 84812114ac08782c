package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/bloc"
)

var blocFields = map[string]string{"blocs_name_key": "name", "bloc_members_bloc_year_id_unit_id_key": "unit_id",
	"bloc_years_bloc_id_year_key": "year"}

// BlocScope limits the blocs a reader sees: the office sees all; a unit's
// accounts see the bloc-years their unit is a member of.
type BlocScope struct {
	All    bool
	UnitID int64
}

// BlocItem is one line of the bloc list.
type BlocItem struct {
	bloc.Bloc
	Years []int // newest first, in scope
}

// ListBlocs returns the blocs in scope with their years.
func (s *Store) ListBlocs(ctx context.Context, sc BlocScope) ([]BlocItem, error) {
	rows, err := s.pool.Query(ctx, `SELECT b.id, b.name, b.kind, b.description, b.version,
			COALESCE(array_agg(y.year ORDER BY y.year DESC) FILTER (WHERE y.id IS NOT NULL), '{}')
		FROM blocs b LEFT JOIN bloc_years y ON y.bloc_id = b.id
			AND ($1 OR EXISTS (SELECT 1 FROM bloc_members m WHERE m.bloc_year_id = y.id AND m.unit_id = $2))
		GROUP BY b.id
		HAVING $1 OR count(y.id) > 0
		ORDER BY b.kind = 'internal' DESC, b.name COLLATE "vi-VN-x-icu", b.id`, sc.All, sc.UnitID)
	if err != nil {
		return nil, fmt.Errorf("list blocs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (BlocItem, error) {
		var it BlocItem
		var years []int32
		err := row.Scan(&it.ID, &it.Name, &it.Kind, &it.Description, &it.Version, &years)
		for _, y := range years {
			it.Years = append(it.Years, int(y))
		}
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("list blocs: %w", err)
	}
	return out, nil
}

// CreateBloc saves a new bloc and returns its id.
func (s *Store) CreateBloc(ctx context.Context, a Actor, b bloc.Bloc) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "bloc", func() (int64, error) {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO blocs (name, kind, description) VALUES ($1, $2, $3) RETURNING id`,
				b.Name, b.Kind, b.Description).Scan(&id); err != nil {
				return 0, mapErr(err, blocFields)
			}
			return id, insertEvent(ctx, tx, a, "bloc.create", "bloc", id, nil, b, "")
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create bloc: %w", err)
	}
	return id, nil
}

// CreateBlocYear opens year for a bloc, copying the previous year's members
// (without roles or signatures), criteria and quotas.
func (s *Store) CreateBlocYear(ctx context.Context, a Actor, blocID int64, year int) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "bloc_year", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO bloc_years (bloc_id, year, quota_flag, quota_merit)
				SELECT b.id, $2, COALESCE(p.quota_flag, 1), COALESCE(p.quota_merit, 0) FROM blocs b
				LEFT JOIN LATERAL (SELECT quota_flag, quota_merit FROM bloc_years WHERE bloc_id = b.id AND year < $2 ORDER BY year DESC LIMIT 1) p ON true
				WHERE b.id = $1 RETURNING id`, blocID, year).Scan(&id)
			if err != nil {
				return 0, mapErr(err, blocFields)
			}
			var prev int64
			err = tx.QueryRow(ctx, `SELECT id FROM bloc_years WHERE bloc_id = $1 AND year < $2 ORDER BY year DESC LIMIT 1`, blocID, year).Scan(&prev)
			if err == nil {
				if _, err := tx.Exec(ctx, `INSERT INTO bloc_members (bloc_year_id, unit_id, label)
					SELECT $1, m.unit_id, m.label FROM bloc_members m JOIN units u ON u.id = m.unit_id
					WHERE m.bloc_year_id = $2 AND u.active ORDER BY m.id`, id, prev); err != nil {
					return 0, err
				}
				if err := copyCriteria(ctx, tx, prev, id); err != nil {
					return 0, err
				}
			} else if mapErr(err, nil) != ErrNotFound {
				return 0, err
			}
			return id, insertEvent(ctx, tx, a, "bloc_year.create", "bloc_year", id, nil, map[string]any{"bloc_id": blocID, "year": year}, "")
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create bloc year: %w", err)
	}
	return id, nil
}

// copyCriteria copies the criteria tree of one bloc-year to another.
func copyCriteria(ctx context.Context, tx pgx.Tx, from, to int64) error {
	crit, err := blocCriteria(ctx, tx, from)
	if err != nil {
		return err
	}
	ids := map[int64]int64{}
	for _, c := range crit {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO bloc_criteria (bloc_year_id, parent_id, position, kind, code, title, max_points, weight)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, to, nullID(ids[c.ParentID]), c.Position, c.Kind, c.Code, c.Title,
			c.Max, c.Weight).Scan(&id); err != nil {
			return err
		}
		ids[c.ID] = id
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// BlocYearView is everything the bloc-year page shows.
type BlocYearView struct {
	Bloc      bloc.Bloc
	Year      bloc.Year
	Scores    map[int64]map[int64]bloc.Score // member id → criterion id → score
	Votes     []bloc.Vote
	Proposals []bloc.Proposal
}

// Member returns the member with id.
func (v BlocYearView) Member(id int64) (bloc.Member, bool) {
	for _, m := range v.Year.Members {
		if m.ID == id {
			return m, true
		}
	}
	return bloc.Member{}, false
}

// MemberOfUnit returns the member for unit.
func (v BlocYearView) MemberOfUnit(unitID int64) (bloc.Member, bool) {
	for _, m := range v.Year.Members {
		if m.UnitID == unitID {
			return m, true
		}
	}
	return bloc.Member{}, false
}

// Criterion returns the criterion with id.
func (v BlocYearView) Criterion(id int64) (bloc.Criterion, bool) {
	for _, c := range v.Year.Criteria {
		if c.ID == id {
			return c, true
		}
	}
	return bloc.Criterion{}, false
}

// ScoreByID finds a score by its id.
func (v BlocYearView) ScoreByID(id int64) (bloc.Score, bool) {
	for _, m := range v.Scores {
		for _, s := range m {
			if s.ID == id {
				return s, true
			}
		}
	}
	return bloc.Score{}, false
}

const blocYearColumns = `y.id, y.bloc_id, y.year, y.phase, y.covenant, y.quota_flag, y.quota_merit, y.version, y.scoring_open_at,
	COALESCE((SELECT m.unit_id FROM bloc_years p JOIN bloc_members m ON m.bloc_year_id = p.id AND m.role = 'head'
		WHERE p.bloc_id = y.bloc_id AND p.year = y.year - 1), 0)`

func scanBlocYear(row pgx.Row, y *bloc.Year) error {
	var open *time.Time
	err := row.Scan(&y.ID, &y.BlocID, &y.Year, &y.Phase, &y.Covenant, &y.QuotaFlag, &y.QuotaMerit, &y.Version, &open, &y.PrevHeadUnit)
	y.ScoringOpenAt = orZero(open)
	return err
}

const blocMembersSQL = `SELECT m.id, m.unit_id, COALESCE(NULLIF(m.label, ''), u.name), u.kind = 'external', m.role, m.signed_at
	FROM bloc_members m JOIN units u ON u.id = m.unit_id WHERE m.bloc_year_id = $1
	ORDER BY m.role = 'head' DESC, m.role = 'deputy' DESC, COALESCE(NULLIF(m.label, ''), u.name) COLLATE "vi-VN-x-icu", m.id`

func scanMembers(rows pgx.Rows) ([]bloc.Member, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (bloc.Member, error) {
		var m bloc.Member
		var signed *time.Time
		err := row.Scan(&m.ID, &m.UnitID, &m.Name, &m.External, &m.Role, &signed)
		m.SignedAt = orZero(signed)
		return m, err
	})
}

const blocCriteriaSQL = `SELECT id, COALESCE(parent_id, 0), position, kind, code, title, max_points, weight
	FROM bloc_criteria WHERE bloc_year_id = $1 ORDER BY position`

func scanCriteria(rows pgx.Rows) ([]bloc.Criterion, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (bloc.Criterion, error) {
		var c bloc.Criterion
		return c, row.Scan(&c.ID, &c.ParentID, &c.Position, &c.Kind, &c.Code, &c.Title, &c.Max, &c.Weight)
	})
}

func blocCriteria(ctx context.Context, q querier, yearID int64) ([]bloc.Criterion, error) {
	rows, err := q.Query(ctx, blocCriteriaSQL, yearID)
	if err != nil {
		return nil, err
	}
	return scanCriteria(rows)
}

// BlocYear returns a bloc-year with members, criteria, scores (without
// their comments and reasons), votes and proposals, in one round trip.
// Outside the reader's scope it is ErrNotFound.
func (s *Store) BlocYear(ctx context.Context, blocID int64, year int, sc BlocScope) (BlocYearView, error) {
	return s.blocYear(ctx, blocID, year, sc, false)
}

// BlocYearWithTexts is BlocYear with the scores' comments and reasons.
func (s *Store) BlocYearWithTexts(ctx context.Context, blocID int64, year int, sc BlocScope) (BlocYearView, error) {
	return s.blocYear(ctx, blocID, year, sc, true)
}

func (s *Store) blocYear(ctx context.Context, blocID int64, year int, sc BlocScope, texts bool) (BlocYearView, error) {
	var v BlocYearView
	var yearID int64
	err := s.pool.QueryRow(ctx, `SELECT y.id FROM bloc_years y WHERE y.bloc_id = $1 AND y.year = $2
		AND ($3 OR EXISTS (SELECT 1 FROM bloc_members m WHERE m.bloc_year_id = y.id AND m.unit_id = $4))`,
		blocID, year, sc.All, sc.UnitID).Scan(&yearID)
	if err != nil {
		return v, fmt.Errorf("bloc %d year %d: %w", blocID, year, mapErr(err, nil))
	}
	var batch pgx.Batch
	batch.Queue(`SELECT b.id, b.name, b.kind, b.description, b.version FROM blocs b WHERE b.id = $1`, blocID)
	batch.Queue(`SELECT `+blocYearColumns+` FROM bloc_years y WHERE y.id = $1`, yearID)
	batch.Queue(blocMembersSQL, yearID)
	batch.Queue(blocCriteriaSQL, yearID)
	if texts {
		batch.Queue(blocScoresSQL, yearID, true)
	} else {
		batch.Queue(scoresFingerprintSQL, yearID)
	}
	batch.Queue(`SELECT voter_id, chosen_id FROM bloc_votes WHERE bloc_year_id = $1`, yearID)
	batch.Queue(`SELECT member_id, award FROM bloc_proposals WHERE bloc_year_id = $1 ORDER BY award, rank, id`, yearID)
	br := s.pool.SendBatch(ctx, &batch)
	defer br.Close()
	if err := br.QueryRow().Scan(&v.Bloc.ID, &v.Bloc.Name, &v.Bloc.Kind, &v.Bloc.Description, &v.Bloc.Version); err != nil {
		return v, fmt.Errorf("bloc %d: %w", blocID, mapErr(err, nil))
	}
	if err := scanBlocYear(br.QueryRow(), &v.Year); err != nil {
		return v, fmt.Errorf("bloc year %d: %w", yearID, mapErr(err, nil))
	}
	rows, err := br.Query()
	if err == nil {
		v.Year.Members, err = scanMembers(rows)
	}
	if err != nil {
		return v, fmt.Errorf("bloc year %d members: %w", yearID, err)
	}
	if rows, err = br.Query(); err == nil {
		v.Year.Criteria, err = scanCriteria(rows)
	}
	if err != nil {
		return v, fmt.Errorf("bloc year %d criteria: %w", yearID, err)
	}
	var fp scoresFingerprint
	if texts {
		if rows, err = br.Query(); err == nil {
			v.Scores, err = scanScores(rows)
		}
	} else {
		err = br.QueryRow().Scan(&fp.count, &fp.versions, &fp.maxID, &fp.updated)
	}
	if err != nil {
		return v, fmt.Errorf("bloc year %d scores: %w", yearID, err)
	}
	if rows, err = br.Query(); err == nil {
		v.Votes, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (bloc.Vote, error) {
			var vt bloc.Vote
			return vt, row.Scan(&vt.VoterID, &vt.ChosenID)
		})
	}
	if err != nil {
		return v, fmt.Errorf("bloc year %d votes: %w", yearID, err)
	}
	if rows, err = br.Query(); err == nil {
		v.Proposals, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (bloc.Proposal, error) {
			var p bloc.Proposal
			return p, row.Scan(&p.MemberID, &p.Award)
		})
	}
	if err != nil {
		return v, fmt.Errorf("bloc year %d proposals: %w", yearID, err)
	}
	if !texts {
		br.Close()
		if v.Scores, err = s.leanScores(ctx, yearID, fp); err != nil {
			return v, fmt.Errorf("bloc year %d scores: %w", yearID, err)
		}
	}
	return v, nil
}

// lockBlocYear reads a bloc-year with its members and criteria, locking
// the row: FOR UPDATE for changes of the year, FOR SHARE for score changes
// (which must not race a phase change).
func lockBlocYear(ctx context.Context, tx pgx.Tx, yearID int64, exclusive bool) (bloc.Year, error) {
	var y bloc.Year
	mode := ` FOR SHARE OF y`
	if exclusive {
		mode = ` FOR UPDATE OF y`
	}
	if err := scanBlocYear(tx.QueryRow(ctx, `SELECT `+blocYearColumns+` FROM bloc_years y WHERE y.id = $1`+mode, yearID), &y); err != nil {
		return y, mapErr(err, nil)
	}
	rows, err := tx.Query(ctx, blocMembersSQL, yearID)
	if err != nil {
		return y, err
	}
	if y.Members, err = scanMembers(rows); err != nil {
		return y, err
	}
	y.Criteria, err = blocCriteria(ctx, tx, yearID)
	return y, err
}

// changeBlocYear runs fn on a locked bloc-year at version in one of
// phases, bumps the version and writes the audit event fn returns.
func (s *Store) changeBlocYear(ctx context.Context, a Actor, yearID int64, version int, phases []bloc.Phase,
	fn func(tx pgx.Tx, y bloc.Year) (action string, before, after any, reason string, err error)) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		y, err := lockBlocYear(ctx, tx, yearID, true)
		if err != nil {
			return err
		}
		if y.Version != version {
			return ErrConflict
		}
		ok := false
		for _, p := range phases {
			ok = ok || y.Phase == p
		}
		if !ok {
			return &RuleError{"Khối/Cụm đang ở giai đoạn “" + y.Phase.Label() + "” nên không thực hiện được thao tác này."}
		}
		action, before, after, reason, err := fn(tx, y)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE bloc_years SET version = version + 1, updated_at = now() WHERE id = $1`, yearID); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, action, "bloc_year", yearID, before, after, reason)
	})
}

// AddBlocMember adds a unit to a bloc-year in preparation.
func (s *Store) AddBlocMember(ctx context.Context, a Actor, yearID int64, version int, unitID int64, label string) error {
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{bloc.Setup}, func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
		var active bool
		if err := tx.QueryRow(ctx, `SELECT active FROM units WHERE id = $1`, unitID).Scan(&active); err != nil || !active {
			return "", nil, nil, "", &RuleError{"Chọn một đơn vị đang hoạt động."}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bloc_members (bloc_year_id, unit_id, label) VALUES ($1, $2, $3)`, yearID, unitID, label); err != nil {
			return "", nil, nil, "", mapErr(err, blocFields)
		}
		return "bloc_year.add_member", nil, map[string]any{"unit_id": unitID, "label": label}, "", nil
	})
	if err != nil {
		return fmt.Errorf("add bloc member: %w", err)
	}
	return nil
}

// RemoveBlocMember takes a unit out of a bloc-year in preparation.
func (s *Store) RemoveBlocMember(ctx context.Context, a Actor, yearID int64, version int, memberID int64) error {
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{bloc.Setup}, func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
		tag, err := tx.Exec(ctx, `DELETE FROM bloc_members WHERE id = $1 AND bloc_year_id = $2`, memberID, yearID)
		if err != nil {
			return "", nil, nil, "", mapErr(err, nil)
		}
		if tag.RowsAffected() == 0 {
			return "", nil, nil, "", ErrNotFound
		}
		return "bloc_year.remove_member", map[string]any{"member_id": memberID}, nil, "", nil
	})
	if err != nil {
		return fmt.Errorf("remove bloc member: %w", err)
	}
	return nil
}

// SetBlocLeadership sets the Khối trưởng and Khối phó (R40).
func (s *Store) SetBlocLeadership(ctx context.Context, a Actor, yearID int64, version int, headID int64, deputyIDs []int64) error {
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{bloc.Setup, bloc.Scoring},
		func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
			members := append([]bloc.Member(nil), y.Members...)
			known := map[int64]bool{}
			deputy := map[int64]bool{}
			for _, d := range deputyIDs {
				deputy[d] = true
			}
			for i := range members {
				known[members[i].ID] = true
				switch {
				case members[i].ID == headID:
					members[i].Role = bloc.RoleHead
				case deputy[members[i].ID]:
					members[i].Role = bloc.RoleDeputy
				default:
					members[i].Role = bloc.RoleMember
				}
			}
			if headID != 0 && !known[headID] {
				return "", nil, nil, "", ErrNotFound
			}
			for d := range deputy {
				if !known[d] {
					return "", nil, nil, "", ErrNotFound
				}
			}
			if deputy[headID] {
				return "", nil, nil, "", &RuleError{"Khối trưởng không đồng thời là Khối phó."}
			}
			if p := bloc.CheckLeadership(members, y.PrevHeadUnit); !p.OK() {
				return "", nil, nil, "", &RuleError{p.First("head", "deputies")}
			}
			if _, err := tx.Exec(ctx, `UPDATE bloc_members SET role = 'member' WHERE bloc_year_id = $1`, yearID); err != nil {
				return "", nil, nil, "", err
			}
			if _, err := tx.Exec(ctx, `UPDATE bloc_members SET role = CASE WHEN id = $2 THEN 'head' ELSE 'deputy' END
				WHERE bloc_year_id = $1 AND (id = $2 OR id = ANY($3))`, yearID, headID, deputyIDs); err != nil {
				return "", nil, nil, "", err
			}
			return "bloc_year.leadership", roles(y.Members), roles(members), "", nil
		})
	if err != nil {
		return fmt.Errorf("bloc leadership: %w", err)
	}
	return nil
}

func roles(ms []bloc.Member) map[int64]string {
	out := map[int64]string{}
	for _, m := range ms {
		if m.Role != bloc.RoleMember {
			out[m.ID] = string(m.Role)
		}
	}
	return out
}

// SaveCovenant saves the covenant's items (in preparation only) and the
// quotas of proposals (R42).
func (s *Store) SaveCovenant(ctx context.Context, a Actor, yearID int64, version int, text string, quotaFlag, quotaMerit int) error {
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{bloc.Setup, bloc.Scoring},
		func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
			if y.Phase != bloc.Setup && text != y.Covenant {
				return "", nil, nil, "", &RuleError{"Giao ước chỉ sửa được khi Khối/Cụm đang chuẩn bị."}
			}
			if _, err := tx.Exec(ctx, `UPDATE bloc_years SET covenant = $2, quota_flag = $3, quota_merit = $4 WHERE id = $1`,
				yearID, text, quotaFlag, quotaMerit); err != nil {
				return "", nil, nil, "", mapErr(err, nil)
			}
			return "bloc_year.covenant",
				map[string]any{"covenant": y.Covenant, "quota_flag": y.QuotaFlag, "quota_merit": y.QuotaMerit},
				map[string]any{"covenant": text, "quota_flag": quotaFlag, "quota_merit": quotaMerit}, "", nil
		})
	if err != nil {
		return fmt.Errorf("bloc covenant: %w", err)
	}
	return nil
}

// SignCovenant records that member signed the covenant (R41) at time at.
func (s *Store) SignCovenant(ctx context.Context, a Actor, yearID, memberID int64, at time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		y, err := lockBlocYear(ctx, tx, yearID, false)
		if err != nil {
			return err
		}
		if y.Phase == bloc.Closed {
			return &RuleError{"Khối/Cụm đã khóa điểm: không ký giao ước được nữa."}
		}
		if y.Covenant == "" {
			return &RuleError{"Giao ước chưa có nội dung để ký."}
		}
		tag, err := tx.Exec(ctx, `UPDATE bloc_members SET signed_at = $4, signed_by = NULLIF($3, 0)
			WHERE id = $1 AND bloc_year_id = $2 AND signed_at IS NULL`, memberID, yearID, a.UserID, at)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrConflict
		}
		return insertEvent(ctx, tx, a, "bloc_member.sign", "bloc_member", memberID, nil, map[string]any{"bloc_year_id": yearID}, "")
	})
	if err != nil {
		return fmt.Errorf("sign covenant: %w", err)
	}
	return nil
}

// AddBlocCriterion appends a criterion to the tree (in preparation only).
func (s *Store) AddBlocCriterion(ctx context.Context, a Actor, yearID int64, version int, c bloc.Criterion) error {
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{bloc.Setup}, func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
		if c.ParentID != 0 {
			ok := false
			for _, p := range y.Criteria {
				ok = ok || (p.ID == c.ParentID && p.Kind == bloc.Section)
			}
			if !ok {
				return "", nil, nil, "", &RuleError{"Chọn nhóm tiêu chí trong danh sách."}
			}
		}
		if !c.Kind.Scored() {
			c.Max, c.Weight = 0, 100
		}
		// Keep the tree in reading order: an item goes after the last
		// criterion of its section.
		pos := 1
		for _, p := range y.Criteria {
			if c.ParentID == 0 || p.ID == c.ParentID || p.ParentID == c.ParentID {
				pos = p.Position + 1
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE bloc_criteria SET position = position + 100000 WHERE bloc_year_id = $1 AND position >= $2`, yearID, pos); err != nil {
			return "", nil, nil, "", err
		}
		if _, err := tx.Exec(ctx, `UPDATE bloc_criteria SET position = position - 100000 + 1 WHERE bloc_year_id = $1 AND position >= 100000`, yearID); err != nil {
			return "", nil, nil, "", err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bloc_criteria (bloc_year_id, parent_id, position, kind, code, title, max_points, weight)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, yearID, nullID(c.ParentID), pos, c.Kind, c.Code, c.Title, c.Max, c.Weight); err != nil {
			return "", nil, nil, "", mapErr(err, nil)
		}
		return "bloc_year.add_criterion", nil, c, "", nil
	})
	if err != nil {
		return fmt.Errorf("add bloc criterion: %w", err)
	}
	return nil
}

// DeleteBlocCriterion removes a criterion (and, for a section, its items)
// while the bloc-year is in preparation.
func (s *Store) DeleteBlocCriterion(ctx context.Context, a Actor, yearID int64, version int, criterionID int64) error {
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{bloc.Setup}, func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
		var c bloc.Criterion
		for _, x := range y.Criteria {
			if x.ID == criterionID {
				c = x
			}
		}
		if c.ID == 0 {
			return "", nil, nil, "", ErrNotFound
		}
		if _, err := tx.Exec(ctx, `DELETE FROM bloc_scores WHERE criterion_id IN (SELECT id FROM bloc_criteria WHERE id = $1 OR parent_id = $1)`, c.ID); err != nil {
			return "", nil, nil, "", err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM bloc_criteria WHERE parent_id = $1`, c.ID); err != nil {
			return "", nil, nil, "", err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM bloc_criteria WHERE id = $1`, c.ID); err != nil {
			return "", nil, nil, "", err
		}
		return "bloc_year.delete_criterion", c, nil, "", nil
	})
	if err != nil {
		return fmt.Errorf("delete bloc criterion: %w", err)
	}
	return nil
}

// SetBlocPhase opens scoring (criteria frozen; R40 leadership and at least
// one signature required) or closes it (no score awaiting verification or
// a dispute).
func (s *Store) SetBlocPhase(ctx context.Context, a Actor, yearID int64, version int, to bloc.Phase) error {
	from := map[bloc.Phase]bloc.Phase{bloc.Scoring: bloc.Setup, bloc.Closed: bloc.Scoring}[to]
	if from == "" {
		return fmt.Errorf("bloc phase %s: %w", to, ErrConflict)
	}
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{from}, func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
		switch to {
		case bloc.Scoring:
			if p := y.CanOpenScoring(); !p.OK() {
				for _, f := range []string{"head", "deputies", "covenant", "criteria"} {
					if msg, ok := p[f]; ok {
						return "", nil, nil, "", &RuleError{msg}
					}
				}
			}
		case bloc.Closed:
			var pending int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM bloc_scores WHERE bloc_year_id = $1 AND status IN ('self', 'disputed')`,
				yearID).Scan(&pending); err != nil {
				return "", nil, nil, "", err
			}
			if pending > 0 {
				return "", nil, nil, "", &RuleError{fmt.Sprintf("Còn %d điểm chưa thẩm định hoặc đang khiếu nại: hãy xử lý hết trước khi khóa điểm.", pending)}
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE bloc_years SET phase = $2,
				scoring_open_at = CASE WHEN $2 = 'scoring' THEN now() ELSE scoring_open_at END,
				closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END WHERE id = $1`, yearID, to); err != nil {
			return "", nil, nil, "", err
		}
		if to == bloc.Scoring {
			if err := notifyBlocMembers(ctx, tx, yearID, "Khối/Cụm thi đua đã mở chấm điểm năm %d: đơn vị tự chấm điểm từng tiêu chí kèm minh chứng.", y.Year); err != nil {
				return "", nil, nil, "", err
			}
		}
		return "bloc_year." + string(to), map[string]string{"phase": string(y.Phase)}, map[string]string{"phase": string(to)}, "", nil
	})
	if err != nil {
		return fmt.Errorf("bloc phase %s: %w", to, err)
	}
	return nil
}

// notifyBlocMembers tells the accounts of a bloc-year's signed member units
// (department heads and bloc_member accounts) that they have work to do.
func notifyBlocMembers(ctx context.Context, tx pgx.Tx, yearID int64, format string, year int) error {
	var blocID int64
	if err := tx.QueryRow(ctx, `SELECT bloc_id FROM bloc_years WHERE id = $1`, yearID).Scan(&blocID); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT us.id FROM users us JOIN people p ON p.id = us.person_id
		JOIN bloc_members m ON m.unit_id = p.unit_id AND m.bloc_year_id = $1 AND m.signed_at IS NOT NULL
		WHERE us.roles && ARRAY['dept_head', 'bloc_member'] AND NOT us.disabled`, yearID)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	return notifyUsers(ctx, tx, ids, Notice{Title: fmt.Sprintf(format, year), Target: Target{TargetBlocYear, blocID, int64(year)}})
}
