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
