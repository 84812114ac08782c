package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/auth"
	"tdkt/internal/org"
)

// ImportRecord is an uploaded staff list waiting for (or past) the admin's
// confirmation.
type ImportRecord struct {
	ID         int64
	Filename   string
	Rows       []byte // JSON as given to CreateImport
	RowCount   int
	ErrorCount int
	Status     string // preview, applied or cancelled
	CreatedAt  time.Time
}

// Import statuses.
const (
	ImportPreview   = "preview"
	ImportApplied   = "applied"
	ImportCancelled = "cancelled"
)

// CreateImport stores the parsed rows of an uploaded staff list for preview
// and returns its id. Nothing else is written until ApplyPeopleImport.
func (s *Store) CreateImport(ctx context.Context, a Actor, filename string, rows any, rowCount, errorCount int) (int64, error) {
	b, err := json.Marshal(rows)
	if err != nil {
		return 0, fmt.Errorf("create import: %w", err)
	}
	var id int64
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO imports (kind, filename, rows, row_count, error_count, created_by)
			VALUES ('people', $1, $2, $3, $4, $5) RETURNING id`,
			filename, b, rowCount, errorCount, a.UserID).Scan(&id)
		if err != nil {
			return mapErr(err, nil)
		}
		return insertEvent(ctx, tx, a, "people.import_upload", "import", id, nil,
			map[string]any{"filename": filename, "rows": rowCount, "errors": errorCount}, "")
	})
	if err != nil {
		return 0, fmt.Errorf("create import: %w", err)
	}
	return id, nil
}

// Import returns import id of the account createdBy; another account's
// import is ErrNotFound.
func (s *Store) Import(ctx context.Context, id, createdBy int64) (ImportRecord, error) {
	var r ImportRecord
	err := s.pool.QueryRow(ctx, `
		SELECT id, filename, rows, row_count, error_count, status, created_at
		FROM imports WHERE id = $1 AND created_by = $2 AND kind = 'people'`, id, createdBy).
		Scan(&r.ID, &r.Filename, &r.Rows, &r.RowCount, &r.ErrorCount, &r.Status, &r.CreatedAt)
	if err != nil {
		return ImportRecord{}, fmt.Errorf("import %d: %w", id, mapErr(err, nil))
	}
	return r, nil
}

// lockImport locks import id of the actor and returns its status, counts
// and file name.
func lockImport(ctx context.Context, tx pgx.Tx, a Actor, id int64) (status, filename string, rowCount, errorCount int, err error) {
	err = tx.QueryRow(ctx, `
		SELECT status, filename, row_count, error_count FROM imports
		WHERE id = $1 AND created_by = $2 AND kind = 'people' FOR UPDATE`, id, a.UserID).
		Scan(&status, &filename, &rowCount, &errorCount)
	return status, filename, rowCount, errorCount, mapErr(err, nil)
}

// ApplyPeopleImport inserts people, the rows of import id, in one
// transaction with the import marked applied. It refuses (ErrConflict) an
// import that is not in preview or has rows in error; any failure leaves
// nothing written. It returns the number of people inserted.
func (s *Store) ApplyPeopleImport(ctx context.Context, a Actor, id int64, people []org.Person) (int, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		status, filename, rowCount, errorCount, err := lockImport(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if status != ImportPreview || errorCount != 0 {
			return ErrConflict
		}
		if len(people) != rowCount || len(people) == 0 {
			return fmt.Errorf("%d people for %d rows", len(people), rowCount)
		}
		for i, p := range people {
			if _, err := insertPerson(ctx, tx, a, p); err != nil {
				var re *RuleError
				if errors.As(err, &re) {
					return &RuleError{fmt.Sprintf("Người thứ %d (“%s”): %s Chưa có dữ liệu nào được ghi.", i+1, p.FullName, re.Message)}
				}
				return fmt.Errorf("person %d: %w", i+1, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE imports SET status = 'applied', updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "people.import", "import", id, nil,
			map[string]any{"filename": filename, "count": len(people)}, "")
	})
	if err != nil {
		return 0, fmt.Errorf("apply import %d: %w", id, err)
	}
	return len(people), nil
}

// CancelImport drops import id of the actor without writing its rows; only
// an import in preview can be cancelled (ErrConflict otherwise).
func (s *Store) CancelImport(ctx context.Context, a Actor, id int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		status, filename, _, _, err := lockImport(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if status != ImportPreview {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, `UPDATE imports SET status = 'cancelled', updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "people.import_cancel", "import", id, nil, map[string]any{"filename": filename}, "")
	})
	if err != nil {
		return fmt.Errorf("cancel import %d: %w", id, err)
	}
	return nil
}

// Retention of working data that is not a record: the parsed rows of a
// finished import (personal data) and the keys of handled form submissions.
const (
	ImportRowsKept  = 30 * 24 * time.Hour
	SubmissionsKept = 7 * 24 * time.Hour
	// NotificationsKept is how long a read notification stays in the list.
	NotificationsKept = 180 * 24 * time.Hour
)

// Purge empties the rows of imports finished (applied or cancelled) more
// than ImportRowsKept ago, cancels previews left that long (with an audit
// event), forgets form submissions older than SubmissionsKept and sign-in
// failures older than auth.FailureWindow. The
// imports themselves, their counts and their events stay. Safe to run from
// several app servers at once.
func (s *Store) Purge(ctx context.Context, now time.Time) (imports, submissions int64, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE imports SET rows = '[]', updated_at = now(),
				status = CASE WHEN status = 'preview' THEN 'cancelled' ELSE status END
			WHERE rows <> '[]' AND updated_at < $1
			RETURNING id, status, filename`, now.Add(-ImportRowsKept))
		if err != nil {
			return err
		}
		type purged struct {
			id       int64
			status   string
			filename string
		}
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (purged, error) {
			var p purged
			err := row.Scan(&p.id, &p.status, &p.filename)
			return p, err
		})
		if err != nil {
			return err
		}
		for _, p := range list {
			if err := insertEvent(ctx, tx, Actor{RequestID: "purge"}, "people.import_purge", "import", p.id, nil,
				map[string]string{"filename": p.filename, "status": p.status}, "Hết thời hạn lưu dữ liệu tạm của lần nhập."); err != nil {
				return err
			}
		}
		imports = int64(len(list))
		tag, err := tx.Exec(ctx, `DELETE FROM submissions WHERE created_at < $1`, now.Add(-SubmissionsKept))
		if err != nil {
			return err
		}
		submissions = tag.RowsAffected()
		// Failures of sign-in names tried long ago, locks expired.
		_, err = tx.Exec(ctx, `DELETE FROM login_throttle WHERE last_at < $1 AND next_at < $2`,
			now.Add(-auth.FailureWindow), now)
		if err != nil {
			return err
		}
		// Notifications read long ago; the audit trail keeps what happened.
		_, err = tx.Exec(ctx, `DELETE FROM notifications WHERE read_at < $1`, now.Add(-NotificationsKept))
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("purge: %w", err)
	}
	return imports, submissions, nil
}
