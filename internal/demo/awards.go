package demo

import (
	"context"
	"time"

	"tdkt/internal/store"
)

// seedAwards loads staff ratings, award history, rounds and dossiers.
func seedAwards(ctx context.Context, s *store.Store, now time.Time) error { return nil }
