package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/auth"
	"tdkt/internal/dossier"
)

var roundFields = map[string]string{"rounds_title_key": "title"}

// Round is a round (đợt xét khen thưởng).
type Round struct {
	ID        int64
	Kind      dossier.RoundKind
	Year      int
	Title     string
	Deadline  time.Time // submission deadline (a date)
	Open      bool
	Version   int
	CreatedAt time.Time
}

// RoundRow is a round in the list, with its dossiers counted and the
// caller's own unit's dossier (0 when none).
type RoundRow struct {
	Round
	Dossiers  int // opened by units
	Submitted int // submitted or further (not draft, returned or withdrawn)
	MyDossier int64
	MyState   dossier.State
}

const roundColumns = `r.id, r.kind, r.year, r.title, r.deadline, r.state = 'open', r.version, r.created_at`

func scanRound(row pgx.Row, r *Round, extra ...any) error {
	var kind string
	err := row.Scan(append([]any{&r.ID, &kind, &r.Year, &r.Title, &r.Deadline, &r.Open, &r.Version, &r.CreatedAt}, extra...)...)
	r.Kind = dossier.RoundKind(kind)
	return err
}

// ValidateRound checks a round's fields; problems are keyed by form field.
func ValidateRound(r Round) map[string]string {
	p := map[string]string{}
	if !r.Kind.Valid() {
		p["kind"] = "Chọn loại đợt xét."
	}
	if r.Year < 2000 || r.Year > 2100 {
		p["year"] = "Năm xét phải từ 2000 đến 2100."
	}
	if n := len([]rune(r.Title)); n == 0 || n > 300 {
		p["title"] = "Nhập tên đợt xét (tối đa 300 ký tự)."
	}
	if r.Deadline.IsZero() {
		p["deadline"] = "Nhập hạn nộp hồ sơ, ví dụ 10/12/2025."
	}
	return p
}

// CreateRound opens a round and tells the department heads.
func (s *Store) CreateRound(ctx context.Context, a Actor, r Round) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "round", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO rounds (kind, year, title, deadline, created_by)
				VALUES ($1, $2, $3, $4, NULLIF($5, 0)) RETURNING id`,
				string(r.Kind), r.Year, r.Title, r.Deadline, a.UserID).Scan(&id)
			if err != nil {
				return 0, mapErr(err, roundFields)
			}
			after := map[string]any{"kind": r.Kind, "year": r.Year, "title": r.Title, "deadline": isoDate(r.Deadline)}
			if err := insertEvent(ctx, tx, a, "round.create", "round", id, nil, after, ""); err != nil {
				return 0, err
			}
			n := Notice{Title: fmt.Sprintf("Văn phòng Sở mở đợt xét “%s”, hạn nộp hồ sơ %s.", r.Title, r.Deadline.Format("02/01/2006")),
				Target: Target{Kind: TargetRound, ID: id}}
			return id, notifyRole(ctx, tx, auth.DeptHead, n)
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create round: %w", err)
	}
	return id, nil
}

// Round returns one round.
func (s *Store) Round(ctx context.Context, id int64) (Round, error) {
	var r Round
	err := scanRound(s.pool.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds r WHERE r.id = $1`, id), &r)
	if err != nil {
		return Round{}, fmt.Errorf("round %d: %w", id, mapErr(err, nil))
	}
	return r, nil
}

// Rounds lists the rounds, newest year first, with their dossiers counted
// and unitID's own dossier (unitID 0: none).
func (s *Store) Rounds(ctx context.Context, unitID int64) ([]RoundRow, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+roundColumns+`, COALESCE(c.n, 0), COALESCE(c.submitted, 0), COALESCE(m.id, 0), COALESCE(m.state, '')
		FROM rounds r
		LEFT JOIN LATERAL (SELECT count(*) AS n,
				count(*) FILTER (WHERE state NOT IN ('draft', 'returned', 'withdrawn')) AS submitted
			FROM dossiers WHERE round_id = r.id) c ON true
		LEFT JOIN dossiers m ON m.round_id = r.id AND m.unit_id = $1
		ORDER BY r.year DESC, r.id DESC LIMIT 200`, unitID)
	if err != nil {
		return nil, fmt.Errorf("rounds: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (RoundRow, error) {
		var r RoundRow
		var state string
		err := scanRound(row, &r.Round, &r.Dossiers, &r.Submitted, &r.MyDossier, &state)
		r.MyState = dossier.State(state)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("rounds: %w", err)
	}
	return out, nil
}

// SetRoundOpen closes a round to new dossiers (or opens it again).
func (s *Store) SetRoundOpen(ctx context.Context, a Actor, id int64, version int, open bool) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		state, from := "closed", "open"
		if open {
			state, from = "open", "closed"
		}
		tag, err := tx.Exec(ctx, `UPDATE rounds SET state = $2, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $3 AND state = $4`, id, state, version, from)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			if _, err := s.Round(ctx, id); err != nil {
				return err
			}
			return ErrConflict
		}
		return insertEvent(ctx, tx, a, "round."+map[bool]string{true: "open", false: "close"}[open], "round", id,
			map[string]string{"state": from}, map[string]string{"state": state}, "")
	})
	if err != nil {
		return fmt.Errorf("set round %d open=%v: %w", id, open, err)
	}
	return nil
}

// OpenReviewYear is the year of the latest open year-end round: the year
// the ratings and eligibility pages open on. ok is false when no year-end
// round is open.
func (s *Store) OpenReviewYear(ctx context.Context) (year int, ok bool, err error) {
	var y *int
	if err := s.pool.QueryRow(ctx, `SELECT max(year) FROM rounds WHERE state = 'open' AND kind = 'year_end'`).Scan(&y); err != nil {
		return 0, false, fmt.Errorf("open review year: %w", err)
	}
	if y == nil {
		return 0, false, nil
	}
	return *y, true, nil
}
