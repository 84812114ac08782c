package demo_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"tdkt/internal/auth"
	"tdkt/internal/demo"
	"tdkt/internal/org"
	"tdkt/internal/pgtest"
	"tdkt/internal/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var now = time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)

// counts returns the number of units, people and accounts in s.
func counts(t *testing.T, s *store.Store) (units, people, users int) {
	t.Helper()
	ctx := context.Background()
	us, err := s.ListUnits(ctx, store.UnitFilter{IncludeInactive: true, Headcount: true})
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.ListPeople(ctx, store.PeopleFilter{IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	total := page.Total
	accounts, err := s.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(us), total, len(accounts)
}

func TestSeed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)

	start := time.Now()
	seeded, err := demo.Seed(ctx, s, now)
	if err != nil || !seeded {
		t.Fatalf("Seed(empty) = %v, %v; want true, nil", seeded, err)
	}
	t.Logf("Seed took %v", time.Since(start))
	units, people, users := counts(t, s)
	// 10 departments and 7 external agencies of the blocs (campaigns.go).
	if units != 17 || people < 55 || users != len(demo.Accounts()) {
		t.Errorf("after Seed: %d units, %d people, %d accounts; want 17, >= 55, %d", units, people, users, len(demo.Accounts()))
	}

	seeded, err = demo.Seed(ctx, s, now)
	if err != nil || seeded {
		t.Errorf("second Seed = %v, %v; want false, nil", seeded, err)
	}
	if u, p, a := counts(t, s); u != units || p != people || a != users {
		t.Errorf("second Seed changed counts to %d, %d, %d; want %d, %d, %d", u, p, a, units, people, users)
	}

	for _, want := range demo.Accounts() {
		u, hash, err := s.UserForLogin(ctx, want.Username)
		if err != nil {
			t.Errorf("UserForLogin(%q) = %v", want.Username, err)
			continue
		}
		if ok, err := auth.CheckPassword(hash, auth.DemoPassword); !ok || err != nil {
			t.Errorf("CheckPassword(%s, demo password) = %v, %v; want true, nil", want.Username, ok, err)
		}
		if u.Name != want.Name || u.UnitName != want.Unit || !slices.Equal(u.Roles, auth.RoleSet(want.Roles)) {
			t.Errorf("account %s = %q, %q, %v; want %q, %q, %v", want.Username, u.Name, u.UnitName, u.Roles, want.Name, want.Unit, want.Roles)
		}
		if (u.PersonID == 0) != (want.Username == "admin") {
			t.Errorf("account %s: person %d; want a person for every account but admin", want.Username, u.PersonID)
		}
	}
	if u, _, _ := s.UserForLogin(ctx, "tp.ngansach"); u.UnitName != "Phòng Quản lý ngân sách" {
		t.Errorf("tp.ngansach unit = %q; want Phòng Quản lý ngân sách", u.UnitName)
	}
	if u, _, _ := s.UserForLogin(ctx, "vanphong"); u.UnitName != "Văn phòng Sở" {
		t.Errorf("vanphong unit = %q; want Văn phòng Sở", u.UnitName)
	}

	// The council: 9 members, the Giám đốc chairs; an appraised dossier
	// waits for its agenda.
	roster, err := s.CouncilRoster(ctx, time.Date(2025, 12, 20, 0, 0, 0, 0, time.UTC))
	if err != nil || len(roster) != 9 || roster[0].PersonName != "Nguyễn Thanh Phong" {
		t.Errorf("council roster: %d seats, %v", len(roster), err)
	}
	cands, err := s.AgendaCandidates(ctx)
	if err != nil || len(cands) < 2 {
		t.Errorf("agenda candidates: %d, %v", len(cands), err)
	}
	for _, c := range cands {
		t.Logf("candidate: %s – %s", c.SubjectName, c.AwardName())
	}

	// The Sở's departments; the external agencies of the blocs (campaigns.go) are checked there.
	us, _ := s.ListUnits(ctx, store.UnitFilter{IncludeInactive: true, Headcount: true, Kind: org.Department})
	for _, u := range us {
		if !norm.NFC.IsNormalString(u.Name) || !norm.NFC.IsNormalString(u.ShortName) {
			t.Errorf("unit %q is not NFC", u.Name)
		}
		if u.Kind != org.Department {
			t.Errorf("unit %q kind = %s; want department", u.Name, u.Kind)
		}
		if u.People < 4 || u.People > 9 {
			t.Errorf("unit %q has %d people; want 4 to 9", u.Name, u.People)
		}
	}

	all, err := s.ListPeople(ctx, store.PeopleFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	women, positions := 0, map[string]int{}
	for _, p := range all.People {
		if !norm.NFC.IsNormalString(p.FullName) || !norm.NFC.IsNormalString(p.Position) {
			t.Errorf("person %q is not NFC", p.FullName)
		}
		if p.Gender == org.Female {
			women++
		}
		positions[p.Position]++
		if y := p.BirthDate.Year(); y < 1965 || y > 2000 {
			t.Errorf("%s born %v; want 1965 to 2000", p.FullName, p.BirthDate)
		}
		if p.RecruitedOn.Before(p.BirthDate.AddDate(22, 0, 0)) || p.RecruitedOn.After(now) {
			t.Errorf("%s born %v recruited %v; want 22 years after birth and not after %v", p.FullName, p.BirthDate, p.RecruitedOn, now)
		}
		leader := p.Position != "" && !slices.Contains([]string{"Chuyên viên", "Chuyên viên chính", "Kế toán viên", "Nhân viên", "Nhân viên lái xe", "Nhân viên bảo vệ"}, p.Position)
		if p.IsLeader != leader {
			t.Errorf("%s (%q) leader = %v; want %v", p.FullName, p.Position, p.IsLeader, leader)
		}
	}
	if share := float64(women) / float64(len(all.People)); share < 0.4 || share > 0.6 {
		t.Errorf("women = %d of %d (%.0f%%); want 40%% to 60%%", women, len(all.People), share*100)
	}
	if positions["Giám đốc"] != 1 || positions["Phó Giám đốc"] < 2 || positions["Phó Giám đốc"] > 3 || positions["Trưởng phòng"] != 7 {
		t.Errorf("positions = %v; want 1 Giám đốc, 2 to 3 Phó Giám đốc, 7 Trưởng phòng", positions)
	}
}

func TestSeedSkipsNonEmptyDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewStore(t)
	if _, err := s.CreateUnit(ctx, store.Actor{RequestID: "test"}, org.Unit{Name: "Văn phòng Sở", Kind: org.Department}); err != nil {
		t.Fatal(err)
	}
	seeded, err := demo.Seed(ctx, s, now)
	if err != nil || seeded {
		t.Fatalf("Seed(non-empty) = %v, %v; want false, nil", seeded, err)
	}
	if u, p, a := counts(t, s); u != 1 || p != 0 || a != 0 {
		t.Errorf("after Seed(non-empty): %d units, %d people, %d accounts; want 1, 0, 0", u, p, a)
	}
}

func TestAccounts(t *testing.T) {
	t.Parallel()
	accounts := demo.Accounts()
	var names []string
	for _, a := range accounts {
		names = append(names, a.Username)
		if a.Name == "" || !norm.NFC.IsNormalString(a.Name) || !norm.NFC.IsNormalString(a.Unit) {
			t.Errorf("account %s: name %q, unit %q; want non-empty NFC", a.Username, a.Name, a.Unit)
		}
		if len(a.Roles) == 0 {
			t.Errorf("account %s has no roles", a.Username)
		}
	}
	if !slices.Equal(names, store.DemoUsernames) {
		t.Errorf("Accounts() usernames = %v; want %v", names, store.DemoUsernames)
	}
	// Callers may change the returned slices without changing the demo data.
	accounts[0].Roles[0] = auth.Leader
	if got := demo.Accounts()[0].Roles[0]; got != auth.Admin {
		t.Errorf("Accounts()[0].Roles[0] = %s after a caller's change; want admin", got)
	}
}

// TestReadmeListsDemoAccounts keeps the README's demo accounts current.
func TestReadmeListsDemoAccounts(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range store.DemoUsernames {
		if !strings.Contains(string(b), "`"+name+"`") {
			t.Errorf("README does not list the demo account %s", name)
		}
	}
}
