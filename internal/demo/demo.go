// Package demo loads the demo organisation of Sở Tài chính tỉnh Tây Ninh
// (departments, staff and demo accounts) into an empty database.
package demo

import (
	"context"
	"fmt"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/org"
	"tdkt/internal/store"
)

// Account is a demo account with its roles and the person and unit it
// belongs to, for the README and the login page hint. Unit is empty for an
// account without a person.
type Account struct {
	Username, Name, Unit string
	Roles                []auth.Role
}

// Accounts lists the demo accounts in the order of store.DemoUsernames.
func Accounts() []Account {
	type owner struct{ name, unit string }
	owners := map[string]owner{}
	for _, u := range organisation() {
		for _, p := range u.people {
			if p.login != "" {
				owners[p.login] = owner{p.name, u.name}
			}
		}
	}
	var out []Account
	for _, a := range accounts() {
		acc := Account{Username: a.username, Name: a.displayName, Roles: a.roles.Sorted()}
		if o, ok := owners[a.username]; ok {
			acc.Name, acc.Unit = o.name, o.unit
		}
		out = append(out, acc)
	}
	for _, a := range blocAccounts() { // campaigns.go
		out = append(out, Account{Username: a.username, Name: a.person, Unit: a.unit, Roles: []auth.Role{auth.BlocMember}})
	}
	return out
}

// Seed loads the demo organisation of Sở Tài chính tỉnh Tây Ninh into an empty
// database: departments, about 60 staff and the demo accounts. It does nothing
// (returns false, nil) when the database already has units.
func Seed(ctx context.Context, s *store.Store, now time.Time) (seeded bool, err error) {
	existing, err := s.ListUnits(ctx, store.UnitFilter{IncludeInactive: true})
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	if len(existing) > 0 {
		return false, nil
	}
	actor := store.Actor{RequestID: "seed"}
	today := day(now.Year(), now.Month(), now.Day())

	personIDs := map[string]int64{} // by account username
	for _, ud := range organisation() {
		u := org.Unit{Name: ud.name, ShortName: ud.short, Kind: org.Department, SortOrder: ud.sort}
		u.Normalize()
		if pr := u.Validate(); !pr.OK() {
			return false, fmt.Errorf("seed: unit %q: %v", ud.name, pr)
		}
		unitID, err := s.CreateUnit(ctx, actor, u)
		if err != nil {
			return false, fmt.Errorf("seed: unit %q: %w", ud.name, err)
		}
		for _, pd := range ud.people {
			p := org.Person{
				UnitID:      unitID,
				FullName:    pd.name,
				Gender:      pd.gender,
				BirthDate:   pd.birth,
				Position:    pd.position,
				IsLeader:    pd.leader,
				Employment:  pd.employment,
				RecruitedOn: pd.recruited,
			}
			if p.RecruitedOn.After(today) {
				p.RecruitedOn = today
			}
			p.Normalize()
			if pr := p.Validate(now); !pr.OK() {
				return false, fmt.Errorf("seed: person %q: %v", pd.name, pr)
			}
			id, err := s.CreatePerson(ctx, actor, p)
			if err != nil {
				return false, fmt.Errorf("seed: person %q: %w", pd.name, err)
			}
			if pd.login != "" {
				personIDs[pd.login] = id
			}
		}
	}

	for _, a := range accounts() {
		hash, err := auth.HashPassword(auth.DemoPassword)
		if err != nil {
			return false, fmt.Errorf("seed: account %s: %w", a.username, err)
		}
		personID := personIDs[a.username]
		if personID == 0 && a.displayName == "" {
			return false, fmt.Errorf("seed: account %s: no person in the demo data", a.username)
		}
		n := store.NewUser{
			PersonID:     personID,
			Username:     a.username,
			DisplayName:  a.displayName,
			PasswordHash: hash,
			Roles:        a.roles,
		}
		if _, err := s.CreateUser(ctx, actor, n); err != nil {
			return false, fmt.Errorf("seed: account %s: %w", a.username, err)
		}
	}

	// Each area seeds its own demo data, after the organisation.
	for _, step := range []func(context.Context, *store.Store, time.Time) error{
		seedCampaigns, // campaigns.go: the 2025 campaigns, pledges and blocs
		seedAwards,    // awards.go: ratings, history, catalogue settings, rounds and dossiers
		seedRounds,    // rounds.go: the 2025 year-end round and a submitted dossier
		seedCouncil,   // council.go: the Hội đồng TĐ-KT and an appraised dossier for its agenda
	} {
		if err := step(ctx, s, now); err != nil {
			return false, fmt.Errorf("seed: %w", err)
		}
	}
	return true, nil
}
