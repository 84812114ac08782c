package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/dossier"
)

// The annual summary reads the counters of report_counts (migration
// 000011), kept by triggers in the same transaction as every change to a
// dossier, a nomination, a supplement request or an award: its cost
// depends on the number of units and award types, not on how many years of
// dossiers have piled up. What is not counted there is bounded by one
// year (a year's campaigns and pledges, the blocs of the year) and read
// through the year's indexes.

// Report measures in report_counts.
const (
	MeasureDossier       = "dossier"        // key: dossier state
	MeasureNomination    = "nomination"     // key: nomination state
	MeasureReturned      = "returned"       // returns for supplement; key ''
	MeasureAppraisalDays = "appraisal_days" // key: working days the appraisal took (year totals)
	MeasureAppraisal     = "appraisal"      // per unit: key on_time or overdue against the limit asked for
	MeasureAward         = "award"          // key: award code (people and collectives)
	MeasureAwardPerson   = "award_person"   // key: award code, people only
	MeasureAwardWomen    = "award_women"    // key: award code, women
	MeasureAwardLeader   = "award_leader"   // key: award code, people holding a leadership post
)

// ReportCount is one counter: n of measure/key for a unit (0 in year
// totals).
type ReportCount struct {
	Year    int
	Measure string
	UnitID  int64
	Key     string
	N       int64
}

// ReportUnit is a unit named in the summary.
type ReportUnit struct {
	ID       int64
	Name     string
	External bool
}

// ReportCampaign is one campaign of the year with its pledges counted.
type ReportCampaign struct {
	ID            int64
	Year          int
	Name          string
	Kind          string
	Status        string
	Units         int // units taking part
	UnitsPledged  int // units that submitted a pledge (submitted or accepted)
	Accepted      int // pledges accepted
	PeoplePledged int // people with an individual target in a submitted or accepted pledge
}

// LoopCount is the number of people who pledged Target and ended in
// Nomination (the state of their latest nomination for it, "" for none)
// with or without the title.
type LoopCount struct {
	Target     string // award code of the pledged title
	Awarded    bool
	Nomination dossier.NominationState
	N          int
}

// YearReport is what the annual summary of Year shows; Totals cover
// Years (side by side, oldest first), Detail is Year by unit.
type YearReport struct {
	Year      int
	Years     []int
	Totals    []ReportCount // per year, measure and key, summed over units
	Detail    []ReportCount // Year only, per unit
	Units     []ReportUnit  // every unit, in the Sở's order
	Campaigns []ReportCampaign
	Loop      []LoopCount // Year only
	Staff     ReportStaff // today, for the statistical forms
}

// ReportStaff counts the active accounts of people doing emulation and
// commendation work: the office (the council's standing body) and the
// council.
type ReportStaff struct {
	Office, OfficeWomen, Council int
}

// PledgeTitles are the individual titles a pledge can target, as award
// codes (pledge_people.target 'cstdcs' is cstd_co_so).
var PledgeTitles = []string{"ldtt", "cstd_co_so", "cstd_tinh"}

// YearReport reads the annual summary of years (the last is the year
// reported on) in one round trip; appraisalDays is the appraisal time
// limit that splits the year's appraisals per unit into on time and
// overdue (MeasureAppraisal).
func (s *Store) YearReport(ctx context.Context, years []int, appraisalDays int) (YearReport, error) {
	rep := YearReport{Years: years}
	if len(years) == 0 {
		return rep, nil
	}
	first, year := years[0], years[len(years)-1]
	rep.Year = year
	b := &pgx.Batch{}
	b.Queue(`SELECT year, measure, 0::bigint, key, n FROM report_totals
		WHERE year BETWEEN $1 AND $2 AND n <> 0 ORDER BY year, measure, key`, first, year).Query(func(rows pgx.Rows) error {
		var err error
		rep.Totals, err = collectCounts(rows)
		return err
	})
	b.Queue(`SELECT $1::integer, m, unit_id, k, sum(n)::bigint FROM (
			SELECT CASE WHEN measure = 'appraisal_days' THEN 'appraisal' ELSE measure END AS m, unit_id,
				CASE WHEN measure <> 'appraisal_days' THEN key WHEN key::integer <= $2 THEN 'on_time' ELSE 'overdue' END AS k, n
			FROM report_counts WHERE year = $1 AND n <> 0) c
		GROUP BY m, unit_id, k HAVING sum(n) <> 0 ORDER BY m, unit_id, k`, year, appraisalDays).Query(func(rows pgx.Rows) error {
		var err error
		rep.Detail, err = collectCounts(rows)
		return err
	})
	b.Queue(`SELECT id, name, kind = 'external' FROM units ORDER BY sort_order, name COLLATE "vi-VN-x-icu", id`).Query(func(rows pgx.Rows) error {
		var err error
		rep.Units, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ReportUnit, error) {
			var u ReportUnit
			return u, row.Scan(&u.ID, &u.Name, &u.External)
		})
		return err
	})
	// Campaigns of the years: a handful a year, their pledges bounded by
	// the units taking part.
	b.Queue(`SELECT c.id, c.year, c.name, c.kind, c.status,
			(SELECT count(*) FROM campaign_units cu WHERE cu.campaign_id = c.id),
			count(p.id) FILTER (WHERE p.status IN ('submitted', 'accepted')),
			count(p.id) FILTER (WHERE p.status = 'accepted'),
			COALESCE(sum((SELECT count(*) FROM pledge_people pp WHERE pp.pledge_id = p.id))
				FILTER (WHERE p.status IN ('submitted', 'accepted')), 0)
		FROM campaigns c LEFT JOIN pledges p ON p.campaign_id = c.id
		WHERE c.year BETWEEN $1 AND $2 AND c.status <> 'draft'
		GROUP BY c.id ORDER BY c.year, c.launch_on, c.id`, first, year).Query(func(rows pgx.Rows) error {
		var err error
		rep.Campaigns, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ReportCampaign, error) {
			var c ReportCampaign
			return c, row.Scan(&c.ID, &c.Year, &c.Name, &c.Kind, &c.Status, &c.Units, &c.UnitsPledged, &c.Accepted, &c.PeoplePledged)
		})
		return err
	})
	// The pledge → result loop of the year: how many people pledged each
	// title, by whether they hold it and the state of their latest
	// nomination for it, kept by triggers (migration 000016).
	b.Queue(`SELECT code, awarded, nomination, n FROM report_loop_counts
		WHERE year = $1 AND pledged AND n <> 0 ORDER BY 1, 2, 3`, year).Query(func(rows pgx.Rows) error {
		var err error
		rep.Loop, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (LoopCount, error) {
			var l LoopCount
			var st string
			err := row.Scan(&l.Target, &l.Awarded, &st, &l.N)
			l.Nomination = dossier.NominationState(st)
			return l, err
		})
		return err
	})
	b.Queue(`SELECT count(*) FILTER (WHERE 'office' = ANY(u.roles)),
			count(*) FILTER (WHERE 'office' = ANY(u.roles) AND p.gender = 'female'),
			count(*) FILTER (WHERE u.roles && ARRAY['council', 'chair'])
		FROM users u JOIN people p ON p.id = u.person_id WHERE NOT u.disabled`).QueryRow(func(row pgx.Row) error {
		return row.Scan(&rep.Staff.Office, &rep.Staff.OfficeWomen, &rep.Staff.Council)
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return rep, fmt.Errorf("year report %d: %w", year, err)
	}
	return rep, nil
}

func collectCounts(rows pgx.Rows) ([]ReportCount, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ReportCount, error) {
		var c ReportCount
		return c, row.Scan(&c.Year, &c.Measure, &c.UnitID, &c.Key, &c.N)
	})
}

// ReportBlocs returns the bloc-years of year in which one of the Sở's own
// (non-external) units takes part: the internal bloc it runs and the
// Khối and Cụm it belongs to or leads. A handful at most; each is read
// with its scores so that the caller ranks it as the bloc page does.
func (s *Store) ReportBlocs(ctx context.Context, year int) ([]BlocYearView, error) {
	rows, err := s.pool.Query(ctx, `SELECT y.bloc_id FROM bloc_years y JOIN blocs b ON b.id = y.bloc_id
		WHERE y.year = $1 AND EXISTS (SELECT 1 FROM bloc_members m JOIN units u ON u.id = m.unit_id
			WHERE m.bloc_year_id = y.id AND u.kind <> 'external')
		ORDER BY CASE b.kind WHEN 'internal' THEN 0 WHEN 'khoi' THEN 1 ELSE 2 END, b.name, b.id`, year)
	if err != nil {
		return nil, fmt.Errorf("report blocs %d: %w", year, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("report blocs %d: %w", year, err)
	}
	out := make([]BlocYearView, 0, len(ids))
	for _, id := range ids {
		v, err := s.BlocYear(ctx, id, year, BlocScope{All: true})
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ReportDossierFilter picks the dossiers behind a figure of the summary.
type ReportDossierFilter struct {
	Year   int
	UnitID int64  // 0: every unit
	State  string // "": every state
}

// ReportDossiers lists up to limit dossiers of a year (drill-down), in the
// Sở's unit order, and says whether there were more.
func (s *Store) ReportDossiers(ctx context.Context, f ReportDossierFilter, limit int) ([]Dossier, bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+dossierColumns+`, COALESCE(n.total, 0), COALESCE(n.marked, 0)`+dossierFrom+`
		LEFT JOIN LATERAL (SELECT count(*) AS total,
				count(*) FILTER (WHERE state IN ('eligible', 'ineligible', 'on_hold')) AS marked
			FROM nominations WHERE dossier_id = d.id) n ON true
		WHERE r.year = $1 AND ($2::bigint = 0 OR d.unit_id = $2) AND ($3::text = '' OR d.state = $3)
		ORDER BY u.sort_order, d.unit_id, d.id LIMIT $4`, f.Year, f.UnitID, f.State, limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("report dossiers: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Dossier, error) {
		var d Dossier
		return d, scanDossier(row, &d, &d.Nominations, &d.Marked)
	})
	if err != nil {
		return nil, false, fmt.Errorf("report dossiers: %w", err)
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// RebuildReportCounts recomputes the summary's counters from the base
// tables (after a bulk load with triggers off).
func (s *Store) RebuildReportCounts(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `SELECT report_rebuild(), report_loop_rebuild()`); err != nil {
		return fmt.Errorf("rebuild report counts: %w", err)
	}
	return nil
}
