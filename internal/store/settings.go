package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
)

// Setting is one stored rule setting; Version 0 means "default, never saved".
type Setting struct {
	Key     string
	Value   string
	Version int
}

// SettingValues returns the stored settings by key (missing keys take
// their defaults, see award.ParseSettings).
func (s *Store) SettingValues(ctx context.Context) (map[string]Setting, error) {
	rows, err := s.pool.Query(ctx, `SELECT key, value, version FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Setting])
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	out := make(map[string]Setting, len(list))
	for _, st := range list {
		out[st.Key] = st
	}
	return out, nil
}

// Settings returns the effective rule settings, with the lương cơ sở in
// force today from its table. One round trip.
func (s *Store) Settings(ctx context.Context) (award.Settings, error) {
	kv := map[string]string{}
	b := &pgx.Batch{}
	queueSettings(b, kv)
	var base int64
	s.queueBaseSalary(b, &base)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return award.Settings{}, fmt.Errorf("settings: %w", err)
	}
	st := award.ParseSettings(kv)
	if base > 0 {
		st.BaseSalary = base
	}
	return st, nil
}

// queueSettings queues the stored settings, read into kv.
func queueSettings(b *pgx.Batch, kv map[string]string) {
	b.Queue(`SELECT key, value FROM settings`).Query(func(rows pgx.Rows) error {
		var k, v string
		_, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error { kv[k] = v; return nil })
		return err
	})
}

// SettingChange is one new value: Version is the value's version as read
// (0 for a default never saved).
type SettingChange struct {
	Key, Value string
	Version    int
}

// SaveSetting stores one validated value.
func (s *Store) SaveSetting(ctx context.Context, a Actor, key, value string, version int) error {
	return s.SaveSettings(ctx, a, []SettingChange{{key, value, version}})
}

// SaveSettings stores validated values in one transaction, each with its
// audit event: an unknown key is ErrNotFound, a bad value a RuleError, a
// stale version ErrConflict, and then nothing is saved.
func (s *Store) SaveSettings(ctx context.Context, a Actor, changes []SettingChange) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, c := range changes {
			if err := saveSetting(ctx, tx, a, c); err != nil {
				return err
			}
		}
		return nil
	})
}

func saveSetting(ctx context.Context, tx pgx.Tx, a Actor, c SettingChange) error {
	def, ok := award.LookupSetting(c.Key)
	if !ok {
		return ErrNotFound
	}
	v, msg := def.Parse(c.Value)
	if msg != "" {
		return &RuleError{Message: def.Label + ": " + msg}
	}
	var before string
	var rows int64
	if c.Version == 0 {
		before = def.Default
		t, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_by) VALUES ($1, $2, NULLIF($3, 0))
			ON CONFLICT (key) DO NOTHING`, c.Key, v, a.UserID)
		if err != nil {
			return fmt.Errorf("save setting: %w", err)
		}
		rows = t.RowsAffected()
	} else {
		err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1 AND version = $2 FOR UPDATE`, c.Key, c.Version).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrConflict
		}
		if err != nil {
			return fmt.Errorf("save setting: %w", err)
		}
		t, err := tx.Exec(ctx, `UPDATE settings SET value = $2, version = version + 1, updated_by = NULLIF($3, 0), updated_at = now()
			WHERE key = $1 AND version = $4`, c.Key, v, a.UserID, c.Version)
		if err != nil {
			return fmt.Errorf("save setting: %w", err)
		}
		rows = t.RowsAffected()
	}
	if rows == 0 {
		return ErrConflict
	}
	return insertEvent(ctx, tx, a, "setting.update", "setting", 0,
		map[string]string{"key": c.Key, "value": before}, map[string]string{"key": c.Key, "value": v}, "")
}
