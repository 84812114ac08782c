package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
)

// Hooks for the external tests of helpers that other store files call
// inside their own transactions.

func (s *Store) InsertAttachment(ctx context.Context, a Actor, f attach.File) (id int64, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		id, err = insertAttachment(ctx, tx, a, f)
		return err
	})
	return id, err
}

func (s *Store) NotifyUsers(ctx context.Context, ids []int64, n Notice) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return notifyUsers(ctx, tx, ids, n) })
}

func (s *Store) NotifyUnitHeads(ctx context.Context, unitIDs []int64, n Notice) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return notifyUnitHeads(ctx, tx, unitIDs, n) })
}

func (s *Store) NotifyRole(ctx context.Context, role auth.Role, n Notice) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return notifyRole(ctx, tx, role, n) })
}
