package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
)

// RatingRow is one person's rating in a unit's sheet; Version 0: not rated
// yet. Score is set for a year rated on points (from 2026, R43).
type RatingRow struct {
	PersonID int64
	FullName string
	Position string
	Rating   award.Rating
	Version  int
	Score    *award.Score
}

// RatingSheet is a unit's ratings for a year.
type RatingSheet struct {
	UnitID      int64
	UnitName    string
	Year        int
	Locked      bool
	LockedAt    time.Time
	YearVersion int // rating_years version, 0 when never locked
	UnitRating  award.Rating
	UnitVersion int
	Rows        []RatingRow
}

// RatingYear says whether a year's ratings are locked (R30).
func (s *Store) RatingYear(ctx context.Context, year int) (locked bool, lockedAt time.Time, version int, err error) {
	var at *time.Time
	err = s.pool.QueryRow(ctx, `SELECT locked, locked_at, version FROM rating_years WHERE year = $1`, year).Scan(&locked, &at, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, time.Time{}, 0, nil
	}
	if err != nil {
		return false, time.Time{}, 0, fmt.Errorf("rating year: %w", err)
	}
	return locked, orZero(at), version, nil
}

// RatingSheet returns a unit's sheet: its active staff and anyone rated in
// it that year, in Vietnamese name order, in one round trip.
func (s *Store) RatingSheet(ctx context.Context, unitID int64, year int) (RatingSheet, error) {
	sh := RatingSheet{UnitID: unitID, Year: year}
	b := &pgx.Batch{}
	found := false
	b.Queue(`SELECT u.name, COALESCE(y.locked, false), y.locked_at, COALESCE(y.version, 0), COALESCE(ur.rating, ''), COALESCE(ur.version, 0)
		FROM units u LEFT JOIN rating_years y ON y.year = $2 LEFT JOIN unit_ratings ur ON ur.unit_id = u.id AND ur.year = $2
		WHERE u.id = $1`, unitID, year).QueryRow(func(row pgx.Row) error {
		var at *time.Time
		err := row.Scan(&sh.UnitName, &sh.Locked, &at, &sh.YearVersion, &sh.UnitRating, &sh.UnitVersion)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		found, sh.LockedAt = err == nil, orZero(at)
		return err
	})
	b.Queue(`SELECT p.id, p.full_name, p.position, COALESCE(r.rating, ''), COALESCE(r.version, 0),
			r.general_points::float8, r.task_points::float8, COALESCE(r.kht_case, '')
		FROM people p LEFT JOIN ratings r ON r.person_id = p.id AND r.year = $2
		WHERE (p.unit_id = $1 AND p.active AND r.person_id IS NULL) OR r.unit_id = $1
		ORDER BY p.full_name COLLATE "vi-VN-x-icu", p.id`, unitID, year).Query(func(rows pgx.Rows) error {
		var err error
		sh.Rows, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (RatingRow, error) {
			var rr RatingRow
			var g, t *float64
			var c award.KHTCase
			err := row.Scan(&rr.PersonID, &rr.FullName, &rr.Position, &rr.Rating, &rr.Version, &g, &t, &c)
			if g != nil && t != nil {
				rr.Score = &award.Score{General: *g, Tasks: *t, Case: c}
			}
			return rr, err
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return sh, fmt.Errorf("rating sheet: %w", err)
	}
	if !found {
		return sh, ErrNotFound
	}
	return sh, nil
}

// RatingEntry is one rating to save: Version is the rating's version as read
// (0 when there was none); an empty Rating clears it. From 2026 a rating
// is given by its Score and Rating is derived from it (R43); nil Score
// clears it.
type RatingEntry struct {
	PersonID int64
	Rating   award.Rating
	Version  int
	Score    *award.Score
}

// pointsText is a score as stored in the audit trail: "27,5 + 60 = 87,5",
// with the KHT case when there is one; "" without a score.
func pointsText(s *award.Score) string {
	if s == nil {
		return ""
	}
	t := award.FormatPoints(s.General) + " + " + award.FormatPoints(s.Tasks) + " = " + award.FormatPoints(s.Total())
	if s.Case != "" {
		t += " (" + s.Case.Label() + ")"
	}
	return t
}

func checkUnlocked(ctx context.Context, tx pgx.Tx, year int) error {
	var locked bool
	err := tx.QueryRow(ctx, `SELECT locked FROM rating_years WHERE year = $1 FOR SHARE`, year).Scan(&locked)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("rating year: %w", err)
	}
	if locked {
		return &RuleError{Message: fmt.Sprintf("Kết quả xếp loại năm %d đã được khoá, không sửa được nữa.", year)}
	}
	return nil
}

// SaveRatings saves a unit's sheet in one transaction with one audit event:
// every person must be in the unit (or rated in it that year), else
// ErrNotFound; a stale version fails the whole sheet with ErrConflict; a
// locked year is refused (R30).
func (s *Store) SaveRatings(ctx context.Context, a Actor, unitID int64, year int, entries []RatingEntry) (changed int, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		changed = 0
		if err := checkUnlocked(ctx, tx, year); err != nil {
			return err
		}
		ids := make([]int64, len(entries))
		for i, e := range entries {
			ids[i] = e.PersonID
			if award.Scored(year) {
				if e.Score == nil && e.Rating != "" {
					return &RuleError{Message: fmt.Sprintf("Từ năm %d xếp loại theo điểm (Nghị định 335/2025/NĐ-CP): nhập điểm tiêu chí chung và điểm kết quả thực hiện nhiệm vụ.", award.ScoredFrom)}
				}
				if e.Score != nil {
					if p := e.Score.Validate(); p != nil {
						return &RuleError{Message: p[0]}
					}
					entries[i].Rating = e.Score.Level()
				}
			} else if e.Score != nil {
				return &RuleError{Message: fmt.Sprintf("Năm %d xếp loại theo mức, không chấm điểm.", year)}
			}
			if entries[i].Rating != "" && !entries[i].Rating.Valid() {
				return &RuleError{Message: "Kết quả xếp loại không hợp lệ."}
			}
		}
		type cur struct {
			rating  award.Rating
			version int
			member  bool
			points  string
		}
		now := map[int64]cur{}
		rows, err := tx.Query(ctx, `SELECT p.id, COALESCE(r.rating, ''), COALESCE(r.version, 0),
				(p.unit_id = $2 AND p.active) OR COALESCE(r.unit_id = $2, false),
				r.general_points::float8, r.task_points::float8, COALESCE(r.kht_case, '')
			FROM people p LEFT JOIN ratings r ON r.person_id = p.id AND r.year = $3
			WHERE p.id = ANY($1) FOR UPDATE OF p`, ids, unitID, year)
		if err != nil {
			return fmt.Errorf("save ratings: %w", err)
		}
		var id int64
		var c cur
		var g, t *float64
		var kc award.KHTCase
		if _, err := pgx.ForEachRow(rows, []any{&id, &c.rating, &c.version, &c.member, &g, &t, &kc}, func() error {
			c.points = ""
			if g != nil && t != nil {
				c.points = pointsText(&award.Score{General: *g, Tasks: *t, Case: kc})
			}
			now[id] = c
			return nil
		}); err != nil {
			return fmt.Errorf("save ratings: %w", err)
		}
		before, after := map[string]string{}, map[string]string{}
		pointsBefore, pointsAfter := map[string]string{}, map[string]string{}
		for _, e := range entries {
			c, ok := now[e.PersonID]
			if !ok || !c.member {
				return ErrNotFound
			}
			if c.version != e.Version {
				return ErrConflict
			}
			pts := pointsText(e.Score)
			if c.rating == e.Rating && c.points == pts {
				continue
			}
			var gp, tp *float64
			var kcase award.KHTCase
			if e.Score != nil {
				gp, tp, kcase = &e.Score.General, &e.Score.Tasks, e.Score.Case
			}
			var tag interface{ RowsAffected() int64 }
			switch {
			case e.Rating == "":
				tag, err = tx.Exec(ctx, `DELETE FROM ratings WHERE person_id = $1 AND year = $2 AND version = $3`, e.PersonID, year, e.Version)
			case e.Version == 0:
				tag, err = tx.Exec(ctx, `INSERT INTO ratings (person_id, year, rating, unit_id, general_points, task_points, kht_case)
					VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, e.PersonID, year, e.Rating, unitID, gp, tp, kcase)
			default:
				tag, err = tx.Exec(ctx, `UPDATE ratings SET rating = $3, unit_id = $4, general_points = $6, task_points = $7, kht_case = $8,
						version = version + 1, updated_at = now()
					WHERE person_id = $1 AND year = $2 AND version = $5`, e.PersonID, year, e.Rating, unitID, e.Version, gp, tp, kcase)
			}
			if err != nil {
				return fmt.Errorf("save ratings: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return ErrConflict
			}
			k := strconv.FormatInt(e.PersonID, 10)
			before[k], after[k] = string(c.rating), string(e.Rating)
			if c.points != "" || pts != "" {
				pointsBefore[k], pointsAfter[k] = c.points, pts
			}
			changed++
		}
		if changed == 0 {
			return nil
		}
		b, af := map[string]any{"year": year, "ratings": before}, map[string]any{"year": year, "ratings": after}
		if len(pointsAfter) > 0 {
			b["scores"], af["scores"] = pointsBefore, pointsAfter
		}
		return insertEvent(ctx, tx, a, "ratings.save", "ratings", unitID, b, af, "")
	})
	return changed, err
}

// UnitRatingEntry is a unit's own (collective) rating to save; Version is
// as read (0 when there was none), an empty Rating clears it.
type UnitRatingEntry struct {
	UnitID  int64
	Rating  award.Rating
	Version int
}

// SaveUnitRating sets one unit's collective rating for a year.
func (s *Store) SaveUnitRating(ctx context.Context, a Actor, unitID int64, year int, r award.Rating, version int) error {
	_, err := s.SaveUnitRatings(ctx, a, year, []UnitRatingEntry{{unitID, r, version}})
	return err
}

// SaveUnitRatings sets units' collective ratings for a year in one
// transaction with one audit event; a stale version fails them all
// (ErrConflict), a locked year is refused (R30).
func (s *Store) SaveUnitRatings(ctx context.Context, a Actor, year int, entries []UnitRatingEntry) (changed int, err error) {
	for _, e := range entries {
		if e.Rating != "" && !e.Rating.Valid() {
			return 0, &RuleError{Message: "Kết quả xếp loại không hợp lệ."}
		}
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		changed = 0
		if err := checkUnlocked(ctx, tx, year); err != nil {
			return err
		}
		before, after := map[string]string{}, map[string]string{}
		for _, e := range entries {
			var cur award.Rating
			var v int
			err := tx.QueryRow(ctx, `SELECT rating, version FROM unit_ratings WHERE unit_id = $1 AND year = $2 FOR UPDATE`, e.UnitID, year).Scan(&cur, &v)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("unit rating: %w", err)
			}
			if v != e.Version {
				return ErrConflict
			}
			if cur == e.Rating {
				continue
			}
			switch {
			case e.Rating == "":
				_, err = tx.Exec(ctx, `DELETE FROM unit_ratings WHERE unit_id = $1 AND year = $2`, e.UnitID, year)
			case v == 0:
				_, err = tx.Exec(ctx, `INSERT INTO unit_ratings (unit_id, year, rating) VALUES ($1, $2, $3)`, e.UnitID, year, e.Rating)
			default:
				_, err = tx.Exec(ctx, `UPDATE unit_ratings SET rating = $3, version = version + 1, updated_at = now()
					WHERE unit_id = $1 AND year = $2`, e.UnitID, year, e.Rating)
			}
			if err != nil {
				return mapErr(err, nil)
			}
			k := strconv.FormatInt(e.UnitID, 10)
			before[k], after[k] = string(cur), string(e.Rating)
			changed++
		}
		if changed == 0 {
			return nil
		}
		return insertEvent(ctx, tx, a, "unit_ratings.save", "unit_ratings", int64(year),
			map[string]any{"year": year, "ratings": before}, map[string]any{"year": year, "ratings": after}, "")
	})
	return changed, err
}

// LockRatingYear locks a year's ratings (R30); version is the year's
// version as read (0 when never locked).
func (s *Store) LockRatingYear(ctx context.Context, a Actor, year int, version int) error {
	return s.setLock(ctx, a, year, version, true, "")
}

// UnlockRatingYear reopens a locked year, with a written reason.
func (s *Store) UnlockRatingYear(ctx context.Context, a Actor, year int, version int, reason string) error {
	if reason == "" {
		return &RuleError{Message: "Nhập lý do mở khoá."}
	}
	return s.setLock(ctx, a, year, version, false, reason)
}

func (s *Store) setLock(ctx context.Context, a Actor, year, version int, lock bool, reason string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var tag interface{ RowsAffected() int64 }
		var err error
		if version == 0 {
			tag, err = tx.Exec(ctx, `INSERT INTO rating_years (year, locked, locked_at, locked_by)
				VALUES ($1, $2, CASE WHEN $2 THEN now() END, CASE WHEN $2 THEN NULLIF($3, 0) END) ON CONFLICT DO NOTHING`,
				year, lock, a.UserID)
		} else {
			tag, err = tx.Exec(ctx, `UPDATE rating_years SET locked = $2, locked_at = CASE WHEN $2 THEN now() END,
				locked_by = CASE WHEN $2 THEN NULLIF($3, 0)::bigint END, version = version + 1, updated_at = now()
				WHERE year = $1 AND version = $4 AND locked <> $2`, year, lock, a.UserID, version)
		}
		if err != nil {
			return fmt.Errorf("lock ratings: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrConflict
		}
		action := "ratings.lock"
		if !lock {
			action = "ratings.unlock"
		}
		return insertEvent(ctx, tx, a, action, "rating_year", int64(year), nil, map[string]any{"year": year, "locked": lock}, reason)
	})
}

// UnitRatingSummary is one unit's line in the office's overview of a year.
type UnitRatingSummary struct {
	UnitID      int64
	UnitName    string
	Staff       int
	Counts      map[award.Rating]int
	UnitRating  award.Rating
	UnitVersion int
}

// Rated is the number of people rated.
func (u UnitRatingSummary) Rated() int {
	n := 0
	for _, c := range u.Counts {
		n += c
	}
	return n
}

// RatingSummary counts a year's ratings per active unit, in one query.
func (s *Store) RatingSummary(ctx context.Context, year int) ([]UnitRatingSummary, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT u.id, u.name, COALESCE(h.people, 0),
			COALESCE(c.htxs, 0), COALESCE(c.htt, 0), COALESCE(c.htnv, 0), COALESCE(c.kht, 0),
			COALESCE(ur.rating, ''), COALESCE(ur.version, 0)
		FROM units u
		LEFT JOIN unit_headcounts h ON h.unit_id = u.id
		LEFT JOIN unit_ratings ur ON ur.unit_id = u.id AND ur.year = $1
		LEFT JOIN (SELECT unit_id, count(*) FILTER (WHERE rating = 'htxs') htxs, count(*) FILTER (WHERE rating = 'htt') htt,
				count(*) FILTER (WHERE rating = 'htnv') htnv, count(*) FILTER (WHERE rating = 'kht') kht
			FROM ratings WHERE year = $1 GROUP BY unit_id) c ON c.unit_id = u.id
		WHERE u.active AND u.kind <> 'external'
		ORDER BY u.sort_order, u.name COLLATE "vi-VN-x-icu", u.id`, year)
	if err != nil {
		return nil, fmt.Errorf("rating summary: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (UnitRatingSummary, error) {
		var u UnitRatingSummary
		var x, t, n, k int
		err := row.Scan(&u.UnitID, &u.UnitName, &u.Staff, &x, &t, &n, &k, &u.UnitRating, &u.UnitVersion)
		u.Counts = map[award.Rating]int{award.HTXS: x, award.HTT: t, award.HTNV: n, award.KHT: k}
		return u, err
	})
}
