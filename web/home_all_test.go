package web_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"tdkt/internal/store"
)

// TestHomeListsAllOpenWork signs in as every demo account and compares the
// links of its "Việc cần làm" list with the open work found in the
// database by rules written out here: the unit's pledges and dossiers for
// its head, covenants to sign, items left to score, scores waiting for the
// user's verification (four eyes), the office's queues.
func TestHomeListsAllOpenWork(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	today := time.Now().In(time.FixedZone("ICT", 7*3600)).Format(time.DateOnly)
	ids := func(sql string, args ...any) []int64 {
		t.Helper()
		rows, err := e.Pool.Query(ctx, sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	// Every bloc membership of an open bloc-year.
	type member struct {
		id, bloc, unit      int64
		year                int
		internal, external  bool
		role, phase         string
		signed, hasCovenant bool
		unscored            int
		waiting             int // scores in 'self' or 'disputed'
	}
	var members []member
	rows, err := e.Pool.Query(ctx, `SELECT m.id, b.id, m.unit_id, y.year, b.kind = 'internal', u.kind = 'external', m.role, y.phase,
			m.signed_at IS NOT NULL, y.covenant <> '',
			(SELECT count(*) FROM bloc_criteria c WHERE c.bloc_year_id = y.id AND c.kind = 'item'
				AND NOT EXISTS (SELECT 1 FROM bloc_scores s WHERE s.member_id = m.id AND s.criterion_id = c.id)),
			(SELECT count(*) FROM bloc_scores s WHERE s.member_id = m.id AND s.status IN ('self', 'disputed'))
		FROM bloc_members m JOIN bloc_years y ON y.id = m.bloc_year_id JOIN blocs b ON b.id = y.bloc_id JOIN units u ON u.id = m.unit_id
		WHERE y.phase <> 'closed'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.id, &m.bloc, &m.unit, &m.year, &m.internal, &m.external, &m.role, &m.phase, &m.signed, &m.hasCovenant,
			&m.unscored, &m.waiting); err != nil {
			t.Fatal(err)
		}
		members = append(members, m)
	}
	rows.Close()
	officeUnits := ids(`SELECT p.unit_id FROM users u JOIN people p ON p.id = u.person_id WHERE 'office' = ANY(u.roles) AND NOT u.disabled`)

	link := regexp.MustCompile(`<li><a href="([^"]+)">`)
	checked := 0
	for _, username := range store.DemoUsernames {
		u, _, err := e.Store.UserForLogin(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		has := func(rs ...string) bool {
			for _, r := range rs {
				if slices.Contains(u.Roles.Strings(), r) {
					return true
				}
			}
			return false
		}
		head := has("dept_head") && u.UnitID != 0
		office, leader := has("office", "admin"), has("leader", "chair")
		acts := u.UnitID != 0 && has("dept_head", "bloc_member", "office")
		var want []string
		if head {
			for _, id := range ids(`SELECT c.id FROM campaigns c JOIN campaign_units cu ON cu.campaign_id = c.id AND cu.unit_id = $1
				LEFT JOIN pledges p ON p.campaign_id = c.id AND p.unit_id = $1
				WHERE c.status = 'launched' AND (p.id IS NULL OR p.status IN ('draft', 'returned')) AND (c.ends_on IS NULL OR c.ends_on >= $2::date)`, u.UnitID, today) {
				want = append(want, fmt.Sprintf("/campaigns/%d/pledge", id))
			}
			for _, id := range ids(`SELECT r.id FROM rounds r LEFT JOIN dossiers d ON d.round_id = r.id AND d.unit_id = $1
				WHERE r.state = 'open' AND (d.id IS NULL OR d.state = 'draft')`, u.UnitID) {
				want = append(want, fmt.Sprintf("/rounds/%d", id))
			}
			for _, id := range ids(`SELECT id FROM dossiers WHERE unit_id = $1 AND state = 'returned'`, u.UnitID) {
				want = append(want, fmt.Sprintf("/dossiers/%d", id))
			}
		}
		if office {
			for _, id := range ids(`SELECT DISTINCT campaign_id FROM pledges WHERE status = 'submitted'`) {
				want = append(want, fmt.Sprintf("/campaigns/%d", id))
			}
			for range ids(`SELECT DISTINCT 1 FROM dossiers WHERE state = 'submitted' UNION ALL SELECT DISTINCT 2 FROM dossiers WHERE state = 'appraising'`) {
				want = append(want, "/appraisal")
			}
			for _, id := range ids(`SELECT u.id FROM units u LEFT JOIN unit_headcounts h ON h.unit_id = u.id
				WHERE u.active AND u.kind <> 'external' AND COALESCE(h.people, 0) = 0`) {
				want = append(want, fmt.Sprintf("/units/%d", id))
			}
		}
		if leader && !office { // four eyes on the office's own unit
			for _, unit := range officeUnits {
				for _, c := range ids(`SELECT campaign_id FROM pledges WHERE status = 'submitted' AND unit_id = $1`, unit) {
					want = append(want, fmt.Sprintf("/campaigns/%d/pledges/%d", c, unit))
				}
				for _, id := range ids(`SELECT id FROM dossiers WHERE state IN ('submitted', 'appraising') AND unit_id = $1`, unit) {
					want = append(want, fmt.Sprintf("/dossiers/%d", id))
				}
			}
		}
		actsFor := func(m member) bool {
			return (m.unit == u.UnitID && acts) || (office && !m.internal && !m.external)
		}
		type by struct {
			kind       string
			bloc, year int64
		}
		seen := map[by]bool{}
		add := func(kind string, m member) {
			k := by{kind, m.bloc, int64(m.year)}
			if !seen[k] {
				seen[k] = true
				href := fmt.Sprintf("/blocs/%d/%d", m.bloc, m.year)
				if kind == "verify" { // the batch verification page
					href += "/verify"
				}
				want = append(want, href)
			}
		}
		for _, m := range members {
			if actsFor(m) && m.hasCovenant && !m.signed {
				add("covenant", m)
			}
			if actsFor(m) && m.phase == "scoring" && m.signed && m.unscored > 0 {
				add("score", m)
			}
			if m.phase != "scoring" || m.waiting == 0 || actsFor(m) {
				continue
			}
			verifies := false
			if m.internal {
				verifies = m.unit != u.UnitID && (office || (leader && slices.Contains(officeUnits, m.unit)))
			} else {
				for _, x := range members {
					if x.bloc == m.bloc && x.year == m.year && actsFor(x) &&
						((m.role == "head" && x.role == "deputy") || (m.role != "head" && x.role == "head")) {
						verifies = true
					}
				}
			}
			if verifies {
				add("verify", m)
			}
		}
		res := e.login(username).get("/")
		var got []string
		tasks := res.body
		if _, after, ok := strings.Cut(tasks, `data-testid="tasks">`); ok {
			tasks, _, _ = strings.Cut(after, "</ul>")
		} else {
			tasks = ""
		}
		for _, mm := range link.FindAllStringSubmatch(tasks, -1) {
			got = append(got, mm[1])
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s's home lists %v; want %v", username, got, want)
		}
		checked += len(want)
	}
	if checked == 0 {
		t.Error("the demo has no open work at all")
	}
	// khoi.sonoivu heads the 2025 Khối with scores to verify.
	if res := e.login("khoi.sonoivu").get("/"); res.has("Hiện chưa có việc nào") || !res.has("chờ bạn thẩm định") {
		t.Errorf("khoi.sonoivu's home:\n%s", res.body)
	}
}
