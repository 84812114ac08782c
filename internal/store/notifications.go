package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/auth"
)

// Notice is an in-app notification: something asks the user to act.
type Notice struct {
	Title string // a Vietnamese sentence
	Link  string // path of the object, e.g. "/dossiers/12"
}

// Notification is a notice as one user received it.
type Notification struct {
	ID        int64
	Title     string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// notifyUsers sends n to the given accounts, inside the caller's transaction
// so that the notice exists exactly when the change it announces does.
func notifyUsers(ctx context.Context, tx pgx.Tx, userIDs []int64, n Notice) error {
	_, err := tx.Exec(ctx, `INSERT INTO notifications (user_id, title, link)
		SELECT DISTINCT id, $2, $3 FROM users WHERE id = ANY($1) AND NOT disabled`, userIDs, n.Title, n.Link)
	if err != nil {
		return fmt.Errorf("notify users: %w", err)
	}
	return nil
}

// notifyUnitHeads sends n to the active department heads of the units.
func notifyUnitHeads(ctx context.Context, tx pgx.Tx, unitIDs []int64, n Notice) error {
	_, err := tx.Exec(ctx, `INSERT INTO notifications (user_id, title, link)
		SELECT u.id, $2, $3 FROM users u JOIN people p ON p.id = u.person_id
		WHERE p.unit_id = ANY($1) AND 'dept_head' = ANY(u.roles) AND NOT u.disabled`, unitIDs, n.Title, n.Link)
	if err != nil {
		return fmt.Errorf("notify unit heads: %w", err)
	}
	return nil
}

// notifyRole sends n to every active account with the role.
func notifyRole(ctx context.Context, tx pgx.Tx, role auth.Role, n Notice) error {
	_, err := tx.Exec(ctx, `INSERT INTO notifications (user_id, title, link)
		SELECT id, $2, $3 FROM users WHERE $1 = ANY(roles) AND NOT disabled`, string(role), n.Title, n.Link)
	if err != nil {
		return fmt.Errorf("notify role: %w", err)
	}
	return nil
}

// NotificationPage is one page of a user's notifications, newest first.
type NotificationPage struct {
	Items  []Notification
	Unread int
	More   bool // older notifications exist beyond the last item
}

// Notifications returns up to limit notifications of the user older than
// the id before (0: the newest).
func (s *Store) Notifications(ctx context.Context, userID, before int64, limit int) (NotificationPage, error) {
	var p NotificationPage
	b := &pgx.Batch{}
	b.Queue(`SELECT id, title, link, created_at, read_at IS NOT NULL FROM notifications
		WHERE user_id = $1 AND ($2::bigint = 0 OR id < $2) ORDER BY id DESC LIMIT $3`, userID, before, limit+1).
		Query(func(rows pgx.Rows) error {
			var err error
			p.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Notification])
			return err
		})
	b.Queue(`SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).
		QueryRow(func(row pgx.Row) error { return row.Scan(&p.Unread) })
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return p, fmt.Errorf("notifications: %w", err)
	}
	if len(p.Items) > limit {
		p.Items, p.More = p.Items[:limit], true
	}
	return p, nil
}

// MarkNotificationsRead marks the user's notifications read: the given ids,
// or all of them when ids is empty. Reading is not audited.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64, ids []int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE notifications SET read_at = now()
		WHERE user_id = $1 AND read_at IS NULL AND (COALESCE(cardinality($2::bigint[]), 0) = 0 OR id = ANY($2))`, userID, ids)
	if err != nil {
		return fmt.Errorf("mark notifications read: %w", err)
	}
	return nil
}

// OpenNotification marks one of the user's notifications read and returns
// its link; another user's id is ErrNotFound.
func (s *Store) OpenNotification(ctx context.Context, userID, id int64) (string, error) {
	var link string
	err := s.pool.QueryRow(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, now())
		WHERE id = $1 AND user_id = $2 RETURNING link`, id, userID).Scan(&link)
	if err != nil {
		return "", fmt.Errorf("open notification: %w", mapErr(err, nil))
	}
	return link, nil
}
