package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/award"
)

// AwardTypes returns the catalogue as stored (migration 000004 seeds it from
// award.Catalogue), in display order.
func (s *Store) AwardTypes(ctx context.Context) ([]award.AwardType, error) {
	rows, err := s.pool.Query(ctx, `SELECT code, name, subject, kind, authority, threshold::float8, ballot,
		coefficient::float8, required_docs, rule, article, effective_from, effective_to, sort_order
		FROM award_types ORDER BY sort_order, code`)
	if err != nil {
		return nil, fmt.Errorf("award types: %w", err)
	}
	types, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (award.AwardType, error) {
		var t award.AwardType
		var docs []string
		var to *time.Time
		err := row.Scan(&t.Code, &t.Name, &t.Subject, &t.Kind, &t.Authority, &t.Threshold, &t.Ballot,
			&t.Coefficient, &docs, &t.Rule, &t.Article, &t.EffectiveFrom, &to, &t.Sort)
		t.EffectiveTo = orZero(to)
		for _, d := range docs {
			t.RequiredDocs = append(t.RequiredDocs, award.DocKind(d))
		}
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("award types: %w", err)
	}
	return types, nil
}

// RequiredDocs returns the stored checklist of a full dossier for the
// award, with the award type's version (optimistic locking).
func (s *Store) RequiredDocs(ctx context.Context, code string) ([]award.DocKind, int, error) {
	var docs []string
	var version int
	err := s.pool.QueryRow(ctx, `SELECT required_docs, version FROM award_types WHERE code = $1`, code).Scan(&docs, &version)
	if err != nil {
		return nil, 0, fmt.Errorf("required docs %s: %w", code, mapErr(err, nil))
	}
	out := make([]award.DocKind, len(docs))
	for i, d := range docs {
		out[i] = award.DocKind(d)
	}
	return out, version, nil
}

// SaveRequiredDocs sets the documents a full dossier for the award needs
// (R27; an ad hoc award's simplified dossier keeps the law's two), with
// its audit event: invalid docs are a RuleError, a stale version
// ErrConflict, an unknown award ErrNotFound.
func (s *Store) SaveRequiredDocs(ctx context.Context, a Actor, code string, version int, docs []award.DocKind) error {
	if p := award.CheckRequiredDocs(docs); !p.OK() {
		return &RuleError{p.First("docs")}
	}
	list := make([]string, len(docs))
	for i, d := range docs {
		list[i] = string(d)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var before []string
		var cur int
		if err := tx.QueryRow(ctx, `SELECT required_docs, version FROM award_types WHERE code = $1 FOR UPDATE`, code).Scan(&before, &cur); err != nil {
			return mapErr(err, nil)
		}
		if cur != version {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, `UPDATE award_types SET required_docs = $2, version = version + 1, updated_at = now() WHERE code = $1`,
			code, list); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "award_type.required_docs", "award_type", 0,
			map[string]any{"award_code": code, "required_docs": before}, map[string]any{"award_code": code, "required_docs": list}, "")
	})
	if err != nil {
		return fmt.Errorf("save required docs %s: %w", code, err)
	}
	return nil
}
