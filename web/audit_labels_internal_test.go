package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/demo"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

// TestAuditWordsCoverDemo: every action, object type and field the demo
// data records has Vietnamese words on the audit page, not a code.
func TestAuditWordsCoverDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewSeededPool(t, "demo", func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, store.New(pool), time.Now())
		return err
	})
	rows, err := pool.Query(ctx, `SELECT DISTINCT action, object_type, COALESCE(before::text, ''), COALESCE(after::text, '') FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	events, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Action, ObjectType, Before, After string }])
	if err != nil {
		t.Fatal(err)
	}
	if len(events) < 100 {
		t.Fatalf("demo data recorded %d events; want a rich trail to check", len(events))
	}
	missing := map[string]bool{}
	for _, e := range events {
		if _, ok := actionLabels[e.Action]; !ok {
			missing["action "+e.Action] = true
		}
		obj, ok := auditObjects[e.ObjectType]
		if !ok || obj.label == "" {
			missing["object "+e.ObjectType] = true
		}
		for _, side := range []map[string]any{decodeJSON(e.Before), decodeJSON(e.After)} {
			for k := range side {
				if !secretKey(k) && fieldFor(obj, k).label == "Thông tin khác" {
					missing["field "+e.ObjectType+"."+k] = true
				}
			}
		}
	}
	for m := range missing {
		t.Errorf("no Vietnamese words for %s", m)
	}
}

// No edit counter, no raw timestamps, decrees by name.
func TestAuditReadableValues(t *testing.T) {
	before := map[string]any{"version": json.Number("6"), "rule_set": "nd98_2023", "decided_at": "2026-03-04T00:00:00Z"}
	after := map[string]any{"version": json.Number("7"), "rule_set": "nd152_2025", "decided_at": "2026-03-05T00:00:00Z"}
	for _, c := range auditChanges("nomination", before, after, store.ObjectNames{}) {
		if c.Field == "Lần sửa" || strings.Contains(c.Old+c.New, "T00:00:00Z") {
			t.Errorf("change %+v", c)
		}
	}
	if got := ruleSetName("nd152_2025", store.ObjectNames{}); !strings.Contains(got, "152/2025/NĐ-CP") {
		t.Errorf("rule set name = %q", got)
	}
	if got := isoDate("2026-03-04T00:00:00Z", store.ObjectNames{}); got != "04/03/2026" {
		t.Errorf("isoDate(timestamp) = %q", got)
	}
}
