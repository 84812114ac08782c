package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/org"
)

var unitFields = map[string]string{"units_name_key": "name"}

const unitColumns = `u.id, u.name, u.short_name, u.kind, COALESCE(u.parent_id, 0), u.active,
	u.active_from, u.active_to, u.sort_order, u.version`

// unitHeadcount reads the trigger-kept head count (migration 000001).
const unitHeadcount = `COALESCE((SELECT h.people FROM unit_headcounts h WHERE h.unit_id = u.id), 0)`

func scanUnit(row pgx.CollectableRow) (org.Unit, error) {
	var u org.Unit
	var from, to *time.Time
	err := row.Scan(&u.ID, &u.Name, &u.ShortName, &u.Kind, &u.ParentID, &u.Active, &from, &to, &u.SortOrder, &u.Version, &u.People)
	u.ActiveFrom, u.ActiveTo = orZero(from), orZero(to)
	return u, err
}

// UnitFilter selects units.
type UnitFilter struct {
	IncludeInactive bool
	Kind            org.UnitKind // empty for all
	Headcount       bool         // fill Unit.People
}

// ListUnits returns units in display order (sort order, then Vietnamese name order).
func (s *Store) ListUnits(ctx context.Context, f UnitFilter) ([]org.Unit, error) {
	count := "0"
	if f.Headcount {
		count = unitHeadcount
	}
	sql := `SELECT ` + unitColumns + `, ` + count + ` FROM units u WHERE u.kind = ANY($1)`
	if !f.IncludeInactive {
		sql += ` AND u.active`
	}
	kinds := []string{string(f.Kind)}
	if f.Kind == "" {
		kinds = []string{string(org.Department), string(org.Affiliated), string(org.External)}
	}
	rows, err := s.pool.Query(ctx, sql+` ORDER BY u.active DESC, u.sort_order, u.name COLLATE "vi-VN-x-icu", u.id`, kinds)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	units, err := pgx.CollectRows(rows, scanUnit)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	return units, nil
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id int64) (org.Unit, error) {
	return unitByID(ctx, s.pool, id, false)
}

func unitByID(ctx context.Context, q querier, id int64, lock bool) (org.Unit, error) {
	sql := `SELECT ` + unitColumns + `, ` + unitHeadcount + ` FROM units u WHERE u.id = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	rows, err := q.Query(ctx, sql, id)
	if err != nil {
		return org.Unit{}, fmt.Errorf("unit %d: %w", id, err)
	}
	u, err := pgx.CollectOneRow(rows, scanUnit)
	if err != nil {
		return org.Unit{}, fmt.Errorf("unit %d: %w", id, mapErr(err, nil))
	}
	return u, nil
}

// unitAudit is what the audit trail records of a unit.
type unitAudit struct {
	Name       string `json:"name"`
	ShortName  string `json:"short_name"`
	Kind       string `json:"kind"`
	ParentID   int64  `json:"parent_id,omitempty"`
	Active     bool   `json:"active"`
	ActiveFrom string `json:"active_from,omitempty"`
	ActiveTo   string `json:"active_to,omitempty"`
	SortOrder  int    `json:"sort_order"`
	MergedInto int64  `json:"merged_into,omitempty"`
}

func auditUnit(u org.Unit) unitAudit {
	return unitAudit{u.Name, u.ShortName, string(u.Kind), u.ParentID, u.Active, isoDate(u.ActiveFrom), isoDate(u.ActiveTo), u.SortOrder, 0}
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// CreateUnit inserts u and returns its id.
func (s *Store) CreateUnit(ctx context.Context, a Actor, u org.Unit) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "unit", func() (int64, error) {
			if err := checkParent(ctx, tx, 0, u.ParentID); err != nil {
				return 0, err
			}
			var id int64
			err := tx.QueryRow(ctx, `
				INSERT INTO units (name, short_name, kind, parent_id, active_from, sort_order)
				VALUES ($1, $2, $3, NULLIF($4, 0), $5, $6) RETURNING id`,
				u.Name, u.ShortName, u.Kind, u.ParentID, date(u.ActiveFrom), u.SortOrder).Scan(&id)
			if err != nil {
				return 0, mapErr(err, unitFields)
			}
			u.Active = true
			return id, insertEvent(ctx, tx, a, "unit.create", "unit", id, nil, auditUnit(u), "")
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create unit: %w", err)
	}
	return id, nil
}

// checkParent refuses a parent that is missing, inactive or a descendant of id.
func checkParent(ctx context.Context, tx pgx.Tx, id, parentID int64) error {
	if parentID == 0 {
		return nil
	}
	var active *bool // NULL when there is no such unit
	var cycle bool
	err := tx.QueryRow(ctx, `
		WITH RECURSIVE up AS (
			SELECT id, parent_id FROM units WHERE id = $1
			UNION ALL
			SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id
		)
		SELECT (SELECT active FROM units WHERE id = $1 FOR SHARE), EXISTS (SELECT 1 FROM up WHERE id = $2)`,
		parentID, id).Scan(&active, &cycle)
	if err != nil {
		return mapErr(err, nil)
	}
	if active == nil {
		return &RuleError{"Đơn vị cấp trên không tồn tại."}
	}
	if !*active {
		return &RuleError{"Đơn vị cấp trên đã ngừng hoạt động."}
	}
	if cycle {
		return &RuleError{"Không thể chọn đơn vị cấp trên là chính đơn vị này hoặc đơn vị trực thuộc nó."}
	}
	return nil
}

// UpdateUnit saves u when its version is still current.
func (s *Store) UpdateUnit(ctx context.Context, a Actor, u org.Unit) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		old, err := unitByID(ctx, tx, u.ID, true)
		if err != nil {
			return err
		}
		if old.Version != u.Version {
			return ErrConflict
		}
		if err := checkParent(ctx, tx, u.ID, u.ParentID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE units SET name = $2, short_name = $3, kind = $4, parent_id = NULLIF($5, 0),
				active_from = $6, sort_order = $7, version = version + 1, updated_at = now()
			WHERE id = $1`,
			u.ID, u.Name, u.ShortName, u.Kind, u.ParentID, date(u.ActiveFrom), u.SortOrder)
		if err != nil {
			return mapErr(err, unitFields)
		}
		u.Active, u.ActiveTo = old.Active, old.ActiveTo
		return insertEvent(ctx, tx, a, "unit.update", "unit", u.ID, auditUnit(old), auditUnit(u), "")
	})
	if err != nil {
		return fmt.Errorf("update unit %d: %w", u.ID, err)
	}
	return nil
}

// SetUnitActive deactivates a unit from day (or reactivates it). A unit
// with active people cannot be deactivated; units are never deleted, so
// their history stays.
func (s *Store) SetUnitActive(ctx context.Context, a Actor, id int64, version int, active bool, day time.Time, reason string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		old, err := unitByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if old.Version != version || old.Active == active {
			return ErrConflict
		}
		if active {
			if err := checkParent(ctx, tx, id, old.ParentID); err != nil {
				return err
			}
		} else {
			// Count again now that the row is locked: the head count above
			// was read with the snapshot taken before the lock wait.
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM people WHERE unit_id = $1 AND active`, id).Scan(&old.People); err != nil {
				return err
			}
			if old.People > 0 {
				return &RuleError{fmt.Sprintf("Đơn vị còn %d người đang công tác. Hãy chuyển họ sang đơn vị khác trước khi ngừng hoạt động.", old.People)}
			}
			var children int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM units WHERE parent_id = $1 AND active`, id).Scan(&children); err != nil {
				return err
			}
			if children > 0 {
				return &RuleError{"Đơn vị còn đơn vị trực thuộc đang hoạt động."}
			}
		}
		_, err = tx.Exec(ctx, `
			UPDATE units SET active = $2, active_to = CASE WHEN $2 THEN NULL ELSE $3::date END,
				version = version + 1, updated_at = now()
			WHERE id = $1`, id, active, day)
		if err != nil {
			return err
		}
		now := old
		now.Active = active
		now.ActiveTo = time.Time{}
		action := "unit.reactivate"
		if !active {
			now.ActiveTo = day
			action = "unit.deactivate"
		}
		return insertEvent(ctx, tx, a, action, "unit", id, auditUnit(old), auditUnit(now), reason)
	})
	if err != nil {
		return fmt.Errorf("set unit %d active=%v: %w", id, active, err)
	}
	return nil
}

// MergeUnit merges unit from into unit into (sáp nhập): every active person
// of from moves to into, and from stops being active on day. All in one
// transaction, with a person.move event per person and a unit.merge event.
// It returns how many people moved.
func (s *Store) MergeUnit(ctx context.Context, a Actor, fromID int64, version int, intoID int64, day time.Time, reason string) (int, error) {
	var moved int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		from, err := unitByID(ctx, tx, fromID, true)
		if err != nil {
			return err
		}
		if from.Version != version || !from.Active {
			return ErrConflict
		}
		if intoID == fromID {
			return &RuleError{"Chọn một đơn vị khác để sáp nhập vào."}
		}
		if err := checkActiveUnit(ctx, tx, intoID); err != nil {
			return err
		}
		var children int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM units WHERE parent_id = $1 AND active`, fromID).Scan(&children); err != nil {
			return err
		}
		if children > 0 {
			return &RuleError{"Đơn vị còn đơn vị trực thuộc đang hoạt động: hãy chuyển hoặc sáp nhập các đơn vị đó trước."}
		}
		rows, err := tx.Query(ctx, `SELECT `+personColumns+` FROM people p JOIN units u ON u.id = p.unit_id
			WHERE p.unit_id = $1 AND p.active ORDER BY p.id FOR UPDATE OF p`, fromID)
		if err != nil {
			return err
		}
		people, err := pgx.CollectRows(rows, scanPerson)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE people SET unit_id = $2, version = version + 1, updated_at = now()
			WHERE unit_id = $1 AND active`, fromID, intoID); err != nil {
			return err
		}
		for _, p := range people {
			now := p
			now.UnitID = intoID
			if err := insertEvent(ctx, tx, a, "person.move", "person", p.ID, auditPerson(p), auditPerson(now), reason); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET active = false, active_to = $2, version = version + 1, updated_at = now()
			WHERE id = $1`, fromID, day); err != nil {
			return err
		}
		after := auditUnit(from)
		after.Active, after.ActiveTo, after.MergedInto = false, isoDate(day), intoID
		moved = len(people)
		return insertEvent(ctx, tx, a, "unit.merge", "unit", fromID, auditUnit(from), after, reason)
	})
	if err != nil {
		return 0, fmt.Errorf("merge unit %d into %d: %w", fromID, intoID, err)
	}
	return moved, nil
}
