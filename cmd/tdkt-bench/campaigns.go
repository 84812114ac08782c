package main

import (
	"context"
	"fmt"
	"math/rand/v2"

	"tdkt/internal/demo"
	"tdkt/internal/store"
)

// campaignEndpoints adds the pages of campaigns and blocs: the demo's
// campaign list and annual campaign, and the bloc-year page (matrix and
// ranking) of a generated Khối of 30 members × 40 criteria.
func campaignEndpoints(ctx context.Context, st *store.Store) ([]struct {
	name    string
	path    func(r *rand.Rand) string
	clients int
}, error) {
	blocID, err := demo.BenchBloc(ctx, st, "Khối đo hiệu năng", 2025, 30, 40)
	if err != nil {
		return nil, fmt.Errorf("bench bloc: %w", err)
	}
	items, err := st.ListCampaigns(ctx, store.CampaignScope{All: true})
	if err != nil || len(items) == 0 {
		return nil, fmt.Errorf("bench campaigns: %v", err)
	}
	annual := items[len(items)-1].ID
	for _, it := range items {
		if it.Kind == "regular" {
			annual = it.ID
		}
	}
	return []struct {
		name    string
		path    func(r *rand.Rand) string
		clients int
	}{
		{"campaign list", func(*rand.Rand) string { return "/campaigns" }, 0},
		{"annual campaign with roll-up", func(*rand.Rand) string { return fmt.Sprintf("/campaigns/%d", annual) }, 0},
		{"bloc ranking page, 30 members × 40 criteria", func(*rand.Rand) string { return fmt.Sprintf("/blocs/%d/2025", blocID) }, 0},
	}, nil
}
