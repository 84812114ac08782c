package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/bloc"
)

// Bloc scoring: the scores' reading (with the cache of a bloc-year's scores),
// self-scoring, verification, disputes, votes (suy tôn) and the bloc's
// award proposals.

// blocScoresSQL reads a bloc-year's scores ($1); the texts (comments,
// reasons) only when $2 is true: the matrix and the ranking do not show
// them, and they are most of the bytes.
const blocScoresSQL = `SELECT id, member_id, criterion_id, status, self_points::bigint,
	CASE WHEN $2 THEN self_comment ELSE '' END, COALESCE(verified_points, 0)::bigint,
	CASE WHEN $2 THEN verify_reason ELSE '' END, CASE WHEN $2 THEN dispute_reason ELSE '' END,
	CASE WHEN $2 THEN resolve_note ELSE '' END, version FROM bloc_scores WHERE bloc_year_id = $1`

func scanScores(rows pgx.Rows) (map[int64]map[int64]bloc.Score, error) {
	out := map[int64]map[int64]bloc.Score{}
	// Plain Go types: pgx scans them without reflection (a 30 × 40 bloc
	// reads 1,200 rows per page view).
	var id, member, criterion, self, verified int64
	var status, comment, verifyReason, disputeReason, resolveNote string
	var version int32
	_, err := pgx.ForEachRow(rows, []any{&id, &member, &criterion, &status, &self, &comment, &verified,
		&verifyReason, &disputeReason, &resolveNote, &version}, func() error {
		m := out[member]
		if m == nil {
			m = make(map[int64]bloc.Score, 64)
			out[member] = m
		}
		m[criterion] = bloc.Score{ID: id, MemberID: member, CriterionID: criterion, Status: bloc.ScoreStatus(status),
			Self: bloc.Points(self), SelfComment: comment, Verified: bloc.Points(verified), VerifyReason: verifyReason,
			DisputeReason: disputeReason, ResolveNote: resolveNote, Version: int(version)}
		return nil
	})
	return out, err
}

// scoresFingerprint identifies the state of a bloc-year's scores: every
// change of a score bumps its version, adds a row or removes rows.
type scoresFingerprint struct {
	count, versions, maxID int64
	updated                *time.Time
}

const scoresFingerprintSQL = `SELECT count(*), COALESCE(sum(version), 0)::bigint, COALESCE(max(id), 0), max(updated_at)
	FROM bloc_scores WHERE bloc_year_id = $1`

type scoreCacheKey struct {
	s      *Store
	yearID int64
}

type scoreCacheEntry struct {
	fp     scoresFingerprint
	scores map[int64]map[int64]bloc.Score
}

// scoreCache keeps the last scores read of each bloc-year in this process,
// checked against the fingerprint read in the same round trip as the page's
// other data: a page view decodes 1,200 rows only when a score changed.
// Callers never modify the maps they get.
var scoreCache sync.Map // scoreCacheKey → scoreCacheEntry

func (fp scoresFingerprint) equal(o scoresFingerprint) bool {
	return fp.count == o.count && fp.versions == o.versions && fp.maxID == o.maxID &&
		(fp.updated == nil) == (o.updated == nil) && (fp.updated == nil || fp.updated.Equal(*o.updated))
}

// leanScores returns the scores of a bloc-year in the state fp.
func (s *Store) leanScores(ctx context.Context, yearID int64, fp scoresFingerprint) (map[int64]map[int64]bloc.Score, error) {
	key := scoreCacheKey{s, yearID}
	if e, ok := scoreCache.Load(key); ok && e.(scoreCacheEntry).fp.equal(fp) {
		return e.(scoreCacheEntry).scores, nil
	}
	// Read the rows with their fingerprint in one statement, so that the
	// cached entry matches the rows it holds.
	rows, err := s.pool.Query(ctx, blocScoresLeanSQL, yearID)
	if err != nil {
		return nil, err
	}
	scores, err := scanLeanScores(rows)
	if err != nil {
		return nil, err
	}
	var now scoresFingerprint
	if err := s.pool.QueryRow(ctx, scoresFingerprintSQL, yearID).Scan(&now.count, &now.versions, &now.maxID, &now.updated); err != nil {
		return nil, err
	}
	if now.equal(fp) && scoresMatch(scores, now) {
		scoreCache.Store(key, scoreCacheEntry{fp: now, scores: scores})
	}
	return scores, nil
}

// scoresMatch checks that the rows read are the state the fingerprint
// describes (no change landed between the two statements).
func scoresMatch(scores map[int64]map[int64]bloc.Score, fp scoresFingerprint) bool {
	var count, versions, maxID int64
	for _, m := range scores {
		for _, sc := range m {
			count++
			versions += int64(sc.Version)
			maxID = max(maxID, sc.ID)
		}
	}
	return count == fp.count && versions == fp.versions && maxID == fp.maxID
}

// blocScoresLeanSQL reads what the matrix and the ranking need of a
// bloc-year's scores: the page reads 1,200 rows for a 30 × 40 bloc.
const blocScoresLeanSQL = `SELECT id, member_id, criterion_id, status, self_points::bigint, COALESCE(verified_points, 0)::bigint, version
	FROM bloc_scores WHERE bloc_year_id = $1`

func scanLeanScores(rows pgx.Rows) (map[int64]map[int64]bloc.Score, error) {
	defer rows.Close()
	out := map[int64]map[int64]bloc.Score{}
	var id, member, criterion, self, verified int64
	var status string
	var version int32
	for rows.Next() {
		if err := rows.Scan(&id, &member, &criterion, &status, &self, &verified, &version); err != nil {
			return nil, err
		}
		m := out[member]
		if m == nil {
			m = make(map[int64]bloc.Score, 64)
			out[member] = m
		}
		m[criterion] = bloc.Score{ID: id, MemberID: member, CriterionID: criterion, Status: bloc.ScoreStatus(status),
			Self: bloc.Points(self), Verified: bloc.Points(verified), Version: int(version)}
	}
	return out, rows.Err()
}

// scoreTarget checks, under a shared lock of the bloc-year, that scoring
// is open and that member and criterion belong to the year.
func scoreTarget(ctx context.Context, tx pgx.Tx, yearID, memberID, criterionID int64) (bloc.Member, bloc.Criterion, error) {
	y, err := lockBlocYear(ctx, tx, yearID, false)
	if err != nil {
		return bloc.Member{}, bloc.Criterion{}, err
	}
	var m bloc.Member
	var c bloc.Criterion
	for _, x := range y.Members {
		if x.ID == memberID {
			m = x
		}
	}
	for _, x := range y.Criteria {
		if x.ID == criterionID && x.Kind.Scored() {
			c = x
		}
	}
	if m.ID == 0 || c.ID == 0 {
		return m, c, ErrNotFound
	}
	if y.Phase != bloc.Scoring {
		return m, c, &RuleError{"Khối/Cụm không trong thời gian chấm điểm."}
	}
	return m, c, nil
}

func scoreByID(ctx context.Context, tx pgx.Tx, yearID, scoreID int64) (bloc.Score, error) {
	rows, err := tx.Query(ctx, blocScoresSQL+` AND id = $3 FOR UPDATE`, yearID, true, scoreID)
	if err != nil {
		return bloc.Score{}, err
	}
	all, err := scanScores(rows)
	if err != nil {
		return bloc.Score{}, err
	}
	for _, m := range all {
		for _, s := range m {
			return s, nil
		}
	}
	return bloc.Score{}, ErrNotFound
}

// SelfScore saves a member's own score on a criterion; version is 0 for
// the first score. A verified score is read-only to the member.
func (s *Store) SelfScore(ctx context.Context, a Actor, yearID, memberID, criterionID int64, version int, points bloc.Points, comment string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		m, c, err := scoreTarget(ctx, tx, yearID, memberID, criterionID)
		if err != nil {
			return err
		}
		if !m.Signed() {
			return &RuleError{"Đơn vị chưa ký giao ước thi đua nên chưa được chấm điểm."}
		}
		if err := c.CheckPoints(points); err != nil {
			return &RuleError{err.Error()}
		}
		var id int64
		var cur bloc.Score
		err = tx.QueryRow(ctx, `SELECT id, status, self_points, version FROM bloc_scores WHERE member_id = $1 AND criterion_id = $2 FOR UPDATE`,
			memberID, criterionID).Scan(&cur.ID, &cur.Status, &cur.Self, &cur.Version)
		if err != nil && mapErr(err, nil) != ErrNotFound {
			return err
		}
		if cur.Version != version {
			return ErrConflict
		}
		if _, ok := bloc.ScoreNext(cur.Status, bloc.EventSelfScore, bloc.ByMember); !ok {
			return &RuleError{"Điểm đã được thẩm định nên không sửa được."}
		}
		if cur.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO bloc_scores (bloc_year_id, member_id, criterion_id, status, self_points, self_comment)
				VALUES ($1, $2, $3, 'self', $4, $5) ON CONFLICT (member_id, criterion_id) DO NOTHING RETURNING id`,
				yearID, memberID, criterionID, points, comment).Scan(&id)
			if mapErr(err, nil) == ErrNotFound {
				return ErrConflict
			}
			if err != nil {
				return mapErr(err, nil)
			}
		} else {
			id = cur.ID
			if _, err := tx.Exec(ctx, `UPDATE bloc_scores SET self_points = $2, self_comment = $3, version = version + 1, updated_at = now()
				WHERE id = $1`, id, points, comment); err != nil {
				return mapErr(err, nil)
			}
		}
		var before any
		if cur.ID != 0 {
			before = map[string]any{"self_points": cur.Self}
		}
		return insertEvent(ctx, tx, a, "bloc_score.self", "bloc_score", id, before,
			map[string]any{"member_id": memberID, "criterion_id": criterionID, "self_points": points, "comment": comment}, "")
	})
	if err != nil {
		return fmt.Errorf("self score: %w", err)
	}
	return nil
}

// scoreStep changes one score under the workflow: it locks the score,
// checks version and the transition, and runs apply.
func (s *Store) scoreStep(ctx context.Context, a Actor, yearID, scoreID int64, version int, e bloc.ScoreEvent, who bloc.ScoreActor,
	apply func(tx pgx.Tx, sc bloc.Score, c bloc.Criterion, to bloc.ScoreStatus) (before, after any, reason string, err error)) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		return scoreStepTx(ctx, tx, a, yearID, scoreID, version, e, who, apply)
	})
}

func scoreStepTx(ctx context.Context, tx pgx.Tx, a Actor, yearID, scoreID int64, version int, e bloc.ScoreEvent, who bloc.ScoreActor,
	apply func(tx pgx.Tx, sc bloc.Score, c bloc.Criterion, to bloc.ScoreStatus) (before, after any, reason string, err error)) error {
	sc, err := scoreByID(ctx, tx, yearID, scoreID)
	if err != nil {
		return err
	}
	_, c, err := scoreTarget(ctx, tx, yearID, sc.MemberID, sc.CriterionID)
	if err != nil {
		return err
	}
	if sc.Version != version {
		return ErrConflict
	}
	to, ok := bloc.ScoreNext(sc.Status, e, who)
	if !ok {
		return ErrConflict
	}
	before, after, reason, err := apply(tx, sc, c, to)
	if err != nil {
		return err
	}
	return insertEvent(ctx, tx, a, "bloc_score."+string(e), "bloc_score", scoreID, before, after, reason)
}

// Verification is one score of a batch verification.
type Verification struct {
	ScoreID int64
	Version int
	Points  bloc.Points
	Reason  string
}

// ScoreError is a refused score of a batch: which one and why.
type ScoreError struct {
	ScoreID int64
	Err     error
}

func (e *ScoreError) Error() string { return fmt.Sprintf("score %d: %v", e.ScoreID, e.Err) }
func (e *ScoreError) Unwrap() error { return e.Err }

// VerifyScores verifies several self-scores in one transaction, each as
// VerifyScore does (an adjustment needs its reason): all or none; a
// refused one is a *ScoreError.
func (s *Store) VerifyScores(ctx context.Context, a Actor, yearID int64, vs []Verification) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		for _, v := range vs {
			if err := scoreStepTx(ctx, tx, a, yearID, v.ScoreID, v.Version, bloc.EventVerify, bloc.ByVerifier, verifyApply(ctx, a, v.ScoreID, v.Points, v.Reason)); err != nil {
				return &ScoreError{ScoreID: v.ScoreID, Err: err}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("verify scores: %w", err)
	}
	return nil
}

func verifyApply(ctx context.Context, a Actor, scoreID int64, points bloc.Points, reason string) func(tx pgx.Tx, sc bloc.Score, c bloc.Criterion, to bloc.ScoreStatus) (any, any, string, error) {
	return func(tx pgx.Tx, sc bloc.Score, c bloc.Criterion, to bloc.ScoreStatus) (any, any, string, error) {
		if p := bloc.CheckVerification(c, sc.Self, points, reason); !p.OK() {
			for _, f := range []string{"verified", "reason"} {
				if msg, ok := p[f]; ok {
					return nil, nil, "", &RuleError{msg}
				}
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE bloc_scores SET status = $2, verified_points = $3, verify_reason = $4, verified_by = NULLIF($5, 0),
			verified_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, scoreID, to, points, reason, a.UserID); err != nil {
			return nil, nil, "", mapErr(err, nil)
		}
		return map[string]any{"status": sc.Status, "self_points": sc.Self},
			map[string]any{"status": to, "verified_points": points}, reason, nil
	}
}

// VerifyScore confirms or adjusts a self-score; an adjustment needs a reason.
func (s *Store) VerifyScore(ctx context.Context, a Actor, yearID, scoreID int64, version int, points bloc.Points, reason string) error {
	err := s.scoreStep(ctx, a, yearID, scoreID, version, bloc.EventVerify, bloc.ByVerifier, verifyApply(ctx, a, scoreID, points, reason))
	if err != nil {
		return fmt.Errorf("verify score: %w", err)
	}
	return nil
}

// DisputeScore records the member's one dispute of a verified score.
func (s *Store) DisputeScore(ctx context.Context, a Actor, yearID, scoreID int64, version int, reason string) error {
	err := s.scoreStep(ctx, a, yearID, scoreID, version, bloc.EventDispute, bloc.ByMember,
		func(tx pgx.Tx, sc bloc.Score, c bloc.Criterion, to bloc.ScoreStatus) (any, any, string, error) {
			if reason == "" {
				return nil, nil, "", &RuleError{"Nhập lý do khiếu nại điểm."}
			}
			if _, err := tx.Exec(ctx, `UPDATE bloc_scores SET status = $2, dispute_reason = $3, disputed_at = now(),
				version = version + 1, updated_at = now() WHERE id = $1`, scoreID, to, reason); err != nil {
				return nil, nil, "", mapErr(err, nil)
			}
			return map[string]any{"status": sc.Status}, map[string]any{"status": to}, reason, nil
		})
	if err != nil {
		return fmt.Errorf("dispute score: %w", err)
	}
	return nil
}

// ResolveDispute decides a dispute: the final points and a written answer.
func (s *Store) ResolveDispute(ctx context.Context, a Actor, yearID, scoreID int64, version int, points bloc.Points, note string) error {
	err := s.scoreStep(ctx, a, yearID, scoreID, version, bloc.EventResolve, bloc.ByVerifier,
		func(tx pgx.Tx, sc bloc.Score, c bloc.Criterion, to bloc.ScoreStatus) (any, any, string, error) {
			if err := c.CheckPoints(points); err != nil {
				return nil, nil, "", &RuleError{err.Error()}
			}
			if note == "" {
				return nil, nil, "", &RuleError{"Nhập nội dung trả lời khiếu nại."}
			}
			if _, err := tx.Exec(ctx, `UPDATE bloc_scores SET status = $2, verified_points = $3, resolve_note = $4,
				version = version + 1, updated_at = now() WHERE id = $1`, scoreID, to, points, note); err != nil {
				return nil, nil, "", mapErr(err, nil)
			}
			return map[string]any{"status": sc.Status, "verified_points": sc.Verified},
				map[string]any{"status": to, "verified_points": points}, note, nil
		})
	if err != nil {
		return fmt.Errorf("resolve dispute: %w", err)
	}
	return nil
}

// SaveVotes records a member's honour vote (suy tôn) once scoring closed,
// replacing its earlier ballot.
func (s *Store) SaveVotes(ctx context.Context, a Actor, yearID, voterID int64, chosen []int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		y, err := lockBlocYear(ctx, tx, yearID, false)
		if err != nil {
			return err
		}
		if y.Phase != bloc.Closed {
			return &RuleError{"Chỉ bỏ phiếu suy tôn sau khi đã khóa điểm."}
		}
		chosen = uniqueUnitIDs(chosen)
		if p := bloc.CheckVote(voterID, chosen, y.Members); !p.OK() {
			for _, f := range []string{"voter", "chosen"} {
				if msg, ok := p[f]; ok {
					return &RuleError{msg}
				}
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM bloc_votes WHERE bloc_year_id = $1 AND voter_id = $2`, yearID, voterID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bloc_votes (bloc_year_id, voter_id, chosen_id) SELECT $1, $2, unnest($3::bigint[])`,
			yearID, voterID, chosen); err != nil {
			return mapErr(err, nil)
		}
		return insertEvent(ctx, tx, a, "bloc_year.vote", "bloc_year", yearID, nil, map[string]any{"voter_id": voterID, "chosen": chosen}, "")
	})
	if err != nil {
		return fmt.Errorf("save votes: %w", err)
	}
	return nil
}

// SaveProposals replaces the bloc's proposals after scoring closed,
// checked against the final ranking and the quotas (R41, R42).
func (s *Store) SaveProposals(ctx context.Context, a Actor, yearID int64, version int, props []bloc.Proposal) error {
	err := s.changeBlocYear(ctx, a, yearID, version, []bloc.Phase{bloc.Closed}, func(tx pgx.Tx, y bloc.Year) (string, any, any, string, error) {
		rows, err := tx.Query(ctx, blocScoresSQL, yearID, false)
		if err != nil {
			return "", nil, nil, "", err
		}
		scores, err := scanScores(rows)
		if err != nil {
			return "", nil, nil, "", err
		}
		ranking := bloc.Rank(y.Members, y.Criteria, scores)
		if p := bloc.CheckProposals(props, ranking, y.QuotaFlag, y.QuotaMerit); !p.OK() {
			return "", nil, nil, "", &RuleError{p["proposals"]}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM bloc_proposals WHERE bloc_year_id = $1`, yearID); err != nil {
			return "", nil, nil, "", err
		}
		byID := map[int64]bloc.Standing{}
		for _, st := range ranking {
			byID[st.MemberID] = st
		}
		for _, p := range props {
			st := byID[p.MemberID]
			if _, err := tx.Exec(ctx, `INSERT INTO bloc_proposals (bloc_year_id, member_id, award, rank, total_points) VALUES ($1, $2, $3, $4, $5)`,
				yearID, p.MemberID, p.Award, st.Rank, st.Total); err != nil {
				return "", nil, nil, "", mapErr(err, nil)
			}
		}
		return "bloc_year.proposals", nil, props, "", nil
	})
	if err != nil {
		return fmt.Errorf("save proposals: %w", err)
	}
	return nil
}
