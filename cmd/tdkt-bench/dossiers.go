package main

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/jackc/pgx/v5/pgxpool"
)

// benchEndpoint is one page driven under load (the type of main's table).
type benchEndpoint = struct {
	name    string
	path    func(r *rand.Rand) string
	clients int // 0: -c
}

// dossierEndpoints generates a province-size year-end round — a dossier
// for every unit, each with nominations of its people, documents and a
// history — and returns the round and dossier pages to drive.
func dossierEndpoints(ctx context.Context, pool *pgxpool.Pool, perDossier int) ([]benchEndpoint, error) {
	var round int64
	err := pool.QueryRow(ctx, `INSERT INTO rounds (kind, year, title, deadline)
		VALUES ('year_end', 2026, 'Đợt thử tải tổng kết năm 2026', DATE '2026-12-10') RETURNING id`).Scan(&round)
	if err != nil {
		return nil, fmt.Errorf("bench round: %w", err)
	}
	steps := []string{
		`INSERT INTO dossiers (round_id, unit_id, state, version, submitted_at)
		SELECT $1, u.id, (ARRAY['draft','submitted','appraising','returned','appraised'])[1 + u.id % 5], 1 + u.id % 5,
			CASE WHEN u.id % 5 <> 0 THEN now() - (u.id % 30) * interval '1 day' END
		FROM units u WHERE u.active`,
		`INSERT INTO nominations (dossier_id, round_id, person_id, award_code, commendation, summary, state, pick_verdict, verdict)
		SELECT d.id, d.round_id, p.id, CASE WHEN p.rn % 3 = 0 THEN 'giay_khen_giam_doc' ELSE 'ldtt' END, 'merit',
			'Hoàn thành tốt nhiệm vụ được giao, tham gia tích cực các phong trào thi đua năm 2026 của Sở.',
			CASE WHEN d.state = 'appraised' THEN 'eligible' ELSE 'proposed' END,
			'{"Outcome":"eligible","Award":"ldtt","Year":2026,"RuleSet":"nd152","Checks":[{"Rule":"R1","Passed":true,"Text":"Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ","Article":"Điều 24 Luật TĐKT 2022"}]}',
			CASE WHEN d.state = 'appraised' THEN '{"Outcome":"eligible"}'::jsonb END
		FROM dossiers d
		JOIN LATERAL (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM people WHERE unit_id = d.unit_id AND active
			ORDER BY id LIMIT $2) p ON true
		WHERE d.round_id = $1`,
		`WITH f AS (
			INSERT INTO attachments (name, kind, media_type, size, sha256, data)
			SELECT 'to-trinh.pdf', 'pdf', 'application/pdf', 9, sha256(b), b FROM convert_to('%PDF-1.4' || chr(10), 'UTF8') b RETURNING id)
		INSERT INTO dossier_attachments (dossier_id, attachment_id, doc_kind)
		SELECT d.id, f.id, k FROM dossiers d, f, unnest(ARRAY['to_trinh','bao_cao_thanh_tich','bien_ban_hop_xet']) k
		WHERE d.round_id = $1`,
		// A history of about twenty events per dossier (the hash chain is
		// not kept: this database is only for load).
		`INSERT INTO events (action, object_type, object_id, before, after, prev_hash, hash)
		SELECT CASE WHEN g % 4 = 0 THEN 'dossier.submit' ELSE 'dossier.attach' END, 'dossier', d.id,
			CASE WHEN g % 4 = 0 THEN '{"state":"draft","version":1}'::jsonb END,
			CASE WHEN g % 4 = 0 THEN '{"state":"submitted","version":2}'::jsonb
				ELSE '{"doc_kind":"bao_cao_thanh_tich","name":"bao-cao.pdf"}'::jsonb END,
			'\x00', '\x00'
		FROM dossiers d, generate_series(1, 20) g WHERE d.round_id = $1`,
		`ANALYZE`,
	}
	for _, sql := range steps {
		args := []any{round}
		if sql == steps[1] {
			args = append(args, perDossier)
		}
		if sql == `ANALYZE` {
			args = nil
		}
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			return nil, fmt.Errorf("bench dossiers: %w", err)
		}
	}
	var ids []int64
	if err := pool.QueryRow(ctx, `SELECT array_agg(id) FROM dossiers WHERE round_id = $1`, round).Scan(&ids); err != nil {
		return nil, err
	}
	return []benchEndpoint{
		{"rounds list", func(*rand.Rand) string { return "/rounds" }, 0},
		{fmt.Sprintf("round page, first 50 of its %d dossiers", len(ids)), func(*rand.Rand) string { return fmt.Sprintf("/rounds/%d", round) }, 0},
		{fmt.Sprintf("dossier page (%d nominations, documents, history)", perDossier), func(r *rand.Rand) string {
			return fmt.Sprintf("/dossiers/%d", ids[r.IntN(len(ids))])
		}, 0},
		{"appraisal queue, first 50 (counts of all)", func(*rand.Rand) string { return "/appraisal" }, 0},
	}, nil
}
