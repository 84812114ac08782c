package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/org"
)

// WorkKind says what a work item asks for.
type WorkKind string

const (
	WorkPledge          WorkKind = "pledge"           // register the unit's pledge for a campaign
	WorkPledgeReturned  WorkKind = "pledge_returned"  // fix and resend a returned pledge
	WorkDossier         WorkKind = "dossier"          // build and submit the unit's dossier for a round
	WorkDossierReturned WorkKind = "dossier_returned" // supplement a returned dossier
	WorkBlocScoring     WorkKind = "bloc_scoring"     // self-score the unit in a bloc (Count: criteria left)
	WorkBlocVerify      WorkKind = "bloc_verify"      // verify other members' scores (Count: scores waiting)
	WorkCovenant        WorkKind = "covenant"         // sign the bloc's covenant for the unit
	WorkPledgesToDecide WorkKind = "pledges_to_decide"
	WorkDossiersToTake  WorkKind = "dossiers_to_receive"
	WorkDossiersToCheck WorkKind = "dossiers_appraising"
	// Leadership's four eyes on the office's own unit (Văn phòng Sở):
	// its submitted pledge (ID: campaign, Unit: the unit) and its dossier
	// to receive or appraise (ID: dossier).
	WorkOfficePledge  WorkKind = "office_pledge"
	WorkOfficeDossier WorkKind = "office_dossier"
)

// WorkItem is something waiting for the signed-in user on the home page.
type WorkItem struct {
	Kind  WorkKind
	ID    int64 // campaign, round, dossier or bloc
	Year  int
	Title string
	Due   time.Time // deadline, zero when none
	Count int       // for the office's items
	Unit  int64     // the unit of an office_pledge item
}

// HomeQuery says what the home page of a user shows.
type HomeQuery struct {
	UnitID   int64 // a department head's unit; 0 for none
	DeptHead bool
	// BlocMember: the account acts for its unit in blocs (a department
	// head, a bloc member's account or the office for its own unit).
	BlocMember bool
	Leader     bool      // leadership: verifies the office's own unit's bloc scores (four eyes)
	Office     bool      // the office's queues, and the units without people
	Figures    bool      // staff figures
	Accounts   bool      // account counts (admin)
	Today      time.Time // campaigns that ended before it ask for nothing
}

// Home is what the home page shows.
type Home struct {
	Work               []WorkItem
	Staff              Headcount
	ActiveUnits        int
	EmptyUnits         []org.Unit // active units of the Sở (not external) without people (id and name)
	Accounts, Disabled int
}

// Home reads the home page of a user in one round trip.
func (s *Store) Home(ctx context.Context, w HomeQuery) (Home, error) {
	var h Home
	items := &h.Work
	collect := func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (WorkItem, error) {
			var it WorkItem
			var due *time.Time
			err := row.Scan(&it.Kind, &it.ID, &it.Year, &it.Title, &due, &it.Count)
			it.Due = orZero(due)
			return it, err
		})
		*items = append(*items, list...)
		return err
	}
	b := &pgx.Batch{}
	if w.DeptHead && w.UnitID != 0 {
		b.Queue(`SELECT CASE WHEN p.status = 'returned' THEN 'pledge_returned' ELSE 'pledge' END, c.id, c.year, c.name,
				c.registration_deadline, 0
			FROM campaigns c
			JOIN campaign_units cu ON cu.campaign_id = c.id AND cu.unit_id = $1
			LEFT JOIN pledges p ON p.campaign_id = c.id AND p.unit_id = $1
			WHERE c.status = 'launched' AND (p.id IS NULL OR p.status IN ('draft', 'returned'))
				AND (c.ends_on IS NULL OR c.ends_on >= $2::date)
			ORDER BY c.registration_deadline, c.id`, w.UnitID, w.Today).Query(collect)
		b.Queue(`SELECT CASE WHEN d.state = 'returned' THEN 'dossier_returned' ELSE 'dossier' END,
				COALESCE(d.id, r.id), r.year, r.title, r.deadline, 0
			FROM rounds r
			LEFT JOIN dossiers d ON d.round_id = r.id AND d.unit_id = $1
			WHERE (r.state = 'open' AND (d.id IS NULL OR d.state = 'draft')) OR d.state = 'returned'
			ORDER BY r.deadline, r.id`, w.UnitID).Query(collect)
	}
	if (w.BlocMember && w.UnitID != 0) || w.Office || w.Leader {
		// The members the user acts for (actsFor in web/blocs.go): its own
		// unit's, and for the office the Sở's own member of a provincial
		// Khối or Cụm. A member signs the covenant, then scores every item.
		const acts = `((m.unit_id = $1 AND $2) OR ($3 AND b.kind <> 'internal' AND mu.kind <> 'external'))`
		b.Queue(`SELECT 'covenant', b.id, y.year, b.name, NULL::date, 0
			FROM bloc_members m JOIN bloc_years y ON y.id = m.bloc_year_id JOIN blocs b ON b.id = y.bloc_id
			JOIN units mu ON mu.id = m.unit_id
			WHERE y.phase <> 'closed' AND y.covenant <> '' AND m.signed_at IS NULL AND `+acts+`
			ORDER BY b.name, y.year`, w.UnitID, w.BlocMember, w.Office).Query(collect)
		b.Queue(`SELECT 'bloc_scoring', b.id, y.year, b.name, NULL::date, count(*)
			FROM bloc_members m JOIN bloc_years y ON y.id = m.bloc_year_id JOIN blocs b ON b.id = y.bloc_id
			JOIN units mu ON mu.id = m.unit_id
			JOIN bloc_criteria c ON c.bloc_year_id = y.id AND c.kind = 'item'
			WHERE y.phase = 'scoring' AND m.signed_at IS NOT NULL AND `+acts+`
				AND NOT EXISTS (SELECT 1 FROM bloc_scores s WHERE s.member_id = m.id AND s.criterion_id = c.id)
			GROUP BY b.id, b.name, y.year
			ORDER BY b.name, y.year`, w.UnitID, w.BlocMember, w.Office).Query(collect)
		// Scores waiting for the user's verification (verifies in
		// web/blocs.go): in the internal bloc the office, and leadership for
		// the office's own unit; in a Khối or Cụm the head's unit for the
		// others and a deputy's unit for the head. Nobody verifies a member
		// he acts for.
		const actsFor = `((x.unit_id = $1 AND $2) OR ($3 AND b.kind <> 'internal' AND xu.kind <> 'external'))`
		b.Queue(`SELECT 'bloc_verify', b.id, y.year, b.name, NULL::date, count(*)
			FROM bloc_scores s JOIN bloc_members m ON m.id = s.member_id
			JOIN bloc_years y ON y.id = s.bloc_year_id JOIN blocs b ON b.id = y.bloc_id
			JOIN units mu ON mu.id = m.unit_id
			WHERE s.status IN ('self', 'disputed') AND y.phase = 'scoring' AND NOT `+acts+` AND (
				(b.kind = 'internal' AND m.unit_id IS DISTINCT FROM NULLIF($1, 0) AND ($3 OR ($4 AND m.unit_id IN (
					SELECT p.unit_id FROM users ou JOIN people p ON p.id = ou.person_id
					WHERE 'office' = ANY(ou.roles) AND NOT ou.disabled))))
				OR (b.kind <> 'internal' AND EXISTS (SELECT 1 FROM bloc_members x JOIN units xu ON xu.id = x.unit_id
					WHERE x.bloc_year_id = y.id AND x.role = CASE WHEN m.role = 'head' THEN 'deputy' ELSE 'head' END AND `+actsFor+`)))
			GROUP BY b.id, b.name, y.year
			ORDER BY b.name, y.year`, w.UnitID, w.BlocMember, w.Office, w.Leader).Query(collect)
	}
	if w.Leader && !w.Office {
		// Four eyes: leadership checks the office's own unit's pledge and
		// dossier (dossier.Caller.ActsAsOffice).
		const officeUnits = `(SELECT p.unit_id FROM users ou JOIN people p ON p.id = ou.person_id
			WHERE 'office' = ANY(ou.roles) AND NOT ou.disabled)`
		b.Queue(`SELECT 'office_pledge', c.id, c.year, c.name, NULL::date, 0, p.unit_id
			FROM pledges p JOIN campaigns c ON c.id = p.campaign_id
			WHERE p.status = 'submitted' AND p.unit_id IN ` + officeUnits + `
			ORDER BY c.id, p.unit_id`).Query(func(rows pgx.Rows) error {
			var it WorkItem
			_, err := pgx.ForEachRow(rows, []any{&it.Kind, &it.ID, &it.Year, &it.Title, new(*time.Time), &it.Count, &it.Unit}, func() error {
				h.Work = append(h.Work, it)
				return nil
			})
			return err
		})
		b.Queue(`SELECT 'office_dossier', d.id, r.year, r.title, NULL::date, 0
			FROM dossiers d JOIN rounds r ON r.id = d.round_id
			WHERE d.state IN ('submitted', 'appraising') AND d.unit_id IN ` + officeUnits + `
			ORDER BY d.id`).Query(collect)
	}
	if w.Office {
		b.Queue(`SELECT 'pledges_to_decide', c.id, c.year, c.name, NULL::date, count(*)
			FROM pledges p JOIN campaigns c ON c.id = p.campaign_id
			WHERE p.status = 'submitted'
			GROUP BY c.id ORDER BY c.id`).Query(collect)
		b.Queue(`SELECT CASE WHEN state = 'submitted' THEN 'dossiers_to_receive' ELSE 'dossiers_appraising' END,
				0, 0, '', NULL::date, count(*)
			FROM dossiers WHERE state IN ('submitted', 'appraising')
			GROUP BY state ORDER BY state DESC`).Query(collect)
		b.Queue(`SELECT count(*) FROM units WHERE active AND kind <> 'external'`).QueryRow(func(row pgx.Row) error {
			return row.Scan(&h.ActiveUnits)
		})
		// Only the few units without people are sorted (ICU order is not free).
		b.Queue(`SELECT u.id, u.name FROM units u LEFT JOIN unit_headcounts h ON h.unit_id = u.id
			WHERE u.active AND u.kind <> 'external' AND COALESCE(h.people, 0) = 0
			ORDER BY u.sort_order, u.name COLLATE "vi-VN-x-icu", u.id`).Query(func(rows pgx.Rows) error {
			var u org.Unit
			_, err := pgx.ForEachRow(rows, []any{&u.ID, &u.Name}, func() error {
				h.EmptyUnits = append(h.EmptyUnits, org.Unit{ID: u.ID, Name: u.Name})
				return nil
			})
			return err
		})
	}
	if w.Figures {
		b.Queue(staffHeadcountSQL).QueryRow(func(row pgx.Row) error {
			return row.Scan(&h.Staff.People, &h.Staff.Women, &h.Staff.Leaders)
		})
	}
	if w.Accounts {
		b.Queue(`SELECT count(*), count(*) FILTER (WHERE disabled) FROM users`).QueryRow(func(row pgx.Row) error {
			return row.Scan(&h.Accounts, &h.Disabled)
		})
	}
	if b.Len() == 0 {
		return h, nil
	}
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return h, fmt.Errorf("home: %w", err)
	}
	return h, nil
}
