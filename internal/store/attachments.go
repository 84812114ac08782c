package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/attach"
)

// Attachment describes a stored file; the bytes are read separately.
type Attachment struct {
	ID        int64
	Name      string
	Kind      attach.Kind
	MediaType string
	Size      int64
	SHA256    []byte
	CreatedBy int64
	CreatedAt time.Time
}

// insertAttachment stores an accepted upload inside the caller's
// transaction and returns its id; the caller links it from its own table
// and writes its own audit event (which should name the file and its hash).
func insertAttachment(ctx context.Context, tx pgx.Tx, a Actor, f attach.File) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO attachments (name, kind, media_type, size, sha256, data, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, 0)) RETURNING id`,
		f.Name, string(f.Kind), f.Kind.MediaType(), f.Size(), f.SHA256[:], f.Data, a.UserID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert attachment: %w", err)
	}
	return id, nil
}

const attachmentColumns = `id, name, kind, media_type, size, sha256, COALESCE(created_by, 0), created_at`

// Attachment returns a file and its bytes. It does not check who may read
// it: the caller finds the id through its own, authorised, link first.
func (s *Store) Attachment(ctx context.Context, id int64) (Attachment, []byte, error) {
	var a Attachment
	var kind string
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT `+attachmentColumns+`, data FROM attachments WHERE id = $1`, id).
		Scan(&a.ID, &a.Name, &kind, &a.MediaType, &a.Size, &a.SHA256, &a.CreatedBy, &a.CreatedAt, &data)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("attachment: %w", mapErr(err, nil))
	}
	a.Kind = attach.Kind(kind)
	return a, data, nil
}
