package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// BenchSize is the size of the province-scale dataset (performance.md §4).
type BenchSize struct {
	Units    int // generated units (phòng, đơn vị)
	People   int // generated people, spread over the units
	Years    int // years of ratings, awards, campaigns and dossiers, ending with LastYear
	LastYear int
	Dossiers int // dossiers in all, one per unit per round, each with one nomination
	Events   int // audit events, appended to the hash chain
}

// ProvinceSize is the dataset of the benchmark goals: 200 units, 20,000
// people, 10 years, 200,000 dossiers, 2,000,000 audit events.
var ProvinceSize = BenchSize{Units: 200, People: 20000, Years: 10, LastYear: 2025, Dossiers: 200000, Events: 2000000}

// benchTriggers are the summary's counters, switched off during the load
// and rebuilt once at the end (one GROUP BY instead of a trigger per row).
var benchTriggers = []struct{ table, trigger string }{
	{"dossiers", "report_dossier_count"}, {"nominations", "report_nomination_count"},
	{"supplement_requests", "report_returned_count"}, {"award_history", "report_award_count"},
	{"nominations", "report_loop_nomination"}, {"award_history", "report_loop_award"},
	{"pledge_people", "report_loop_pledge_person"}, {"pledges", "report_loop_pledge"},
}

// Vietnamese name parts (NFC, as typed in this file).
var (
	benchFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Phan", "Trương"}
	benchMiddle = []string{"Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Đức", "Kim", "Gia", "Bảo"}
	benchGiven  = []string{"An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai",
		"Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vy", "Yến", "Ánh", "Đạt", "Hiếu", "Nhung"}
)

// BenchName is the i-th generated person's name.
func BenchName(i int) string {
	return benchFamily[i%len(benchFamily)] + " " + benchMiddle[(i/len(benchFamily))%len(benchMiddle)] + " " +
		benchGiven[(i/(len(benchFamily)*len(benchMiddle)))%len(benchGiven)]
}

// LoadBenchData adds a deterministic province-scale dataset to a database
// that holds the demo data, with COPY, in one transaction: units, people,
// ratings and awards over the years, a campaign a year with pledges,
// rounds with a dossier of every unit and a nomination each, returns for
// supplement, and audit events that continue the hash chain (so that
// verify-audit passes). The summary's counters are rebuilt at the end.
func (s *Store) LoadBenchData(ctx context.Context, size BenchSize, logf func(format string, args ...any)) error {
	if size.Units <= 0 || size.People < size.Units || size.Years <= 0 || size.Dossiers < size.Units*size.Years {
		return fmt.Errorf("bench data: size %+v too small", size)
	}
	firstYear := size.LastYear - size.Years + 1
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	step := time.Now()
	done := func(what string, n int) {
		logf("%-26s %9d rows  %6.1f s", what, n, time.Since(step).Seconds())
		step = time.Now()
	}
	for _, t := range benchTriggers {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t.table+` DISABLE TRIGGER `+t.trigger); err != nil {
			return fmt.Errorf("bench data: %w", err)
		}
	}
	copyRows := func(table string, cols []string, n int, row func(i int) []any) error {
		i := 0
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if i >= n {
				return nil, nil
			}
			r := row(i)
			i++
			return r, nil
		}))
		if err != nil {
			return fmt.Errorf("bench data %s: %w", table, err)
		}
		done(table, n)
		return nil
	}
	ids := func(sql string, args ...any) ([]int64, error) {
		rows, err := tx.Query(ctx, sql, args...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, pgx.RowTo[int64])
	}

	// Units and people.
	var maxUnit int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(id), 0) FROM units`).Scan(&maxUnit); err != nil {
		return err
	}
	if err := copyRows("units", []string{"name", "short_name", "kind", "sort_order"}, size.Units, func(i int) []any {
		return []any{fmt.Sprintf("Phòng thử tải số %04d", i+1), fmt.Sprintf("PT%d", i+1), "affiliated", 1000 + i}
	}); err != nil {
		return err
	}
	units, err := ids(`SELECT id FROM units WHERE id > $1 ORDER BY id`, maxUnit)
	if err != nil {
		return err
	}
	var maxPerson int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(id), 0) FROM people`).Scan(&maxPerson); err != nil {
		return err
	}
	positions := []string{"Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên", "Chuyên viên", "Cán sự"}
	if err := copyRows("people", []string{"unit_id", "full_name", "gender", "birth_date", "position", "is_leader", "employment", "recruited_on"},
		size.People, func(i int) []any {
			pos := positions[min(i/size.Units%25, len(positions)-1)]
			gender := "male"
			if i%2 == 0 {
				gender = "female"
			}
			return []any{units[i%size.Units], BenchName(i), gender, time.Date(1965+i%35, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC),
				pos, i/size.Units%25 < 2, "civil_servant", time.Date(1990+i%30, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)}
		}); err != nil {
		return err
	}
	people, err := ids(`SELECT id FROM people WHERE id > $1 ORDER BY id`, maxPerson)
	if err != nil {
		return err
	}
	// people[i] is in units[i % Units]; byUnit lists each unit's people.
	byUnit := make([][]int64, size.Units)
	for i, p := range people {
		byUnit[i%size.Units] = append(byUnit[i%size.Units], p)
	}

	// Ratings and awards, year by year.
	ratingOf := func(i, y int) string {
		switch h := (i*31 + y*17) % 20; {
		case h < 4:
			return "htxs"
		case h < 17:
			return "htt"
		case h < 19:
			return "htnv"
		}
		return "kht"
	}
	if err := copyRows("ratings", []string{"person_id", "year", "rating", "unit_id"}, size.People*size.Years, func(k int) []any {
		i, y := k%size.People, firstYear+k/size.People
		return []any{people[i], y, ratingOf(i, y), units[i%size.Units]}
	}); err != nil {
		return err
	}
	type awardRow struct {
		person, unit int64
		year         int
		code         string
	}
	var awards []awardRow
	for y := firstYear; y <= size.LastYear; y++ {
		for i, p := range people {
			switch r := ratingOf(i, y); {
			case r == "htxs" && (i+y)%3 == 0:
				awards = append(awards, awardRow{person: p, year: y, code: "cstd_co_so"}, awardRow{person: p, year: y, code: "ldtt"})
			case r == "htxs" || r == "htt":
				awards = append(awards, awardRow{person: p, year: y, code: "ldtt"})
			}
			if (i+y)%20 == 0 {
				awards = append(awards, awardRow{person: p, year: y, code: "giay_khen_giam_doc"})
			}
		}
		for j, u := range units {
			code := "tap_the_ldtt"
			if (j+y)%10 == 0 {
				code = "tap_the_ldxs"
			}
			awards = append(awards, awardRow{unit: u, year: y, code: code})
		}
	}
	if err := copyRows("award_history", []string{"person_id", "unit_id", "year", "award_code", "kind", "decision_no", "decision_date", "source", "note"},
		len(awards), func(k int) []any {
			a := awards[k]
			var person, unit any
			if a.person != 0 {
				person = a.person
			} else {
				unit = a.unit
			}
			return []any{person, unit, a.year, a.code, "merit", fmt.Sprintf("%d/QĐ-STC", 100+a.year%100), time.Date(a.year+1, 1, 15, 0, 0, 0, 0, time.UTC),
				"imported", ""}
		}); err != nil {
		return err
	}

	// A campaign a year, every unit pledging, a quarter of the people with
	// an individual target.
	var campaigns []int64
	for y := firstYear; y <= size.LastYear; y++ {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO campaigns (year, kind, name, launch_on, registration_deadline, status, launched_at, closed_at)
			VALUES ($1, 'regular', $2, make_date($1, 1, 10), make_date($1, 3, 31), 'closed', make_date($1, 1, 10), make_date($1, 12, 31))
			RETURNING id`, y, fmt.Sprintf("Phong trào thi đua thử tải năm %d", y)).Scan(&id); err != nil {
			return fmt.Errorf("bench campaigns: %w", err)
		}
		campaigns = append(campaigns, id)
	}
	if err := copyRows("campaign_units", []string{"campaign_id", "unit_id"}, len(campaigns)*size.Units, func(k int) []any {
		return []any{campaigns[k/size.Units], units[k%size.Units]}
	}); err != nil {
		return err
	}
	var maxPledge int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(id), 0) FROM pledges`).Scan(&maxPledge); err != nil {
		return err
	}
	if err := copyRows("pledges", []string{"campaign_id", "unit_id", "year", "status", "collective_target", "submitted_at", "decided_at"},
		len(campaigns)*size.Units, func(k int) []any {
			y := firstYear + k/size.Units
			return []any{campaigns[k/size.Units], units[k%size.Units], y, "accepted", "ttldtt",
				time.Date(y, 3, 1, 9, 0, 0, 0, time.UTC), time.Date(y, 3, 10, 9, 0, 0, 0, time.UTC)}
		}); err != nil {
		return err
	}
	pledges, err := ids(`SELECT id FROM pledges WHERE id > $1 ORDER BY id`, maxPledge)
	if err != nil {
		return err
	}
	type pledgeRow struct {
		pledge, person int64
		target         string
	}
	var pp []pledgeRow
	for k, pl := range pledges {
		y, u := firstYear+k/size.Units, k%size.Units
		for j, p := range byUnit[u] {
			if (j+y)%4 != 0 {
				continue
			}
			target := "ldtt"
			if (j+y)%12 == 0 {
				target = "cstdcs"
			}
			pp = append(pp, pledgeRow{pl, p, target})
		}
	}
	if err := copyRows("pledge_people", []string{"pledge_id", "person_id", "target"}, len(pp), func(k int) []any {
		return []any{pp[k].pledge, pp[k].person, pp[k].target}
	}); err != nil {
		return err
	}

	// Rounds and dossiers: every unit has a dossier in every round.
	perYear := size.Dossiers / size.Units / size.Years
	var maxRound int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(id), 0) FROM rounds`).Scan(&maxRound); err != nil {
		return err
	}
	if err := copyRows("rounds", []string{"kind", "year", "title", "deadline", "state"}, perYear*size.Years, func(k int) []any {
		y, n := firstYear+k/perYear, k%perYear+1
		kind := "ad_hoc"
		if n == 1 {
			kind = "year_end"
		}
		return []any{kind, y, fmt.Sprintf("Đợt xét thử tải số %03d năm %d", n, y), time.Date(y, time.Month(1+n%12), 1+n%28, 0, 0, 0, 0, time.UTC), "closed"}
	}); err != nil {
		return err
	}
	rounds, err := ids(`SELECT id FROM rounds WHERE id > $1 ORDER BY id`, maxRound)
	if err != nil {
		return err
	}
	// The dossier's state: old years are done; the last year is spread
	// over the workflow.
	type dossierRow struct {
		state                    string
		submitted, received, apr time.Time
	}
	dossierOf := func(k int) dossierRow {
		r := k / size.Units
		y := firstYear + r/perYear
		sub := time.Date(y, time.Month(1+r%12), 1+k%28, 8+k%9, k%60, 0, 0, time.UTC)
		rec := sub.Add(time.Duration(1+k%3) * 24 * time.Hour)
		apr := rec.Add(time.Duration(3+k%35) * 24 * time.Hour)
		st := "closed"
		if y == size.LastYear {
			st = []string{"draft", "submitted", "appraising", "returned", "appraised", "in_council", "concluded", "decided", "closed", "withdrawn"}[k%10]
		} else if k%17 == 0 {
			st = "withdrawn"
		}
		d := dossierRow{state: st}
		switch st {
		case "draft", "withdrawn":
		case "submitted", "returned":
			d.submitted = sub
		case "appraising":
			d.submitted, d.received = sub, rec
		default:
			d.submitted, d.received, d.apr = sub, rec, apr
		}
		return d
	}
	tz := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	var maxDossier int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(id), 0) FROM dossiers`).Scan(&maxDossier); err != nil {
		return err
	}
	nd := len(rounds) * size.Units
	if err := copyRows("dossiers", []string{"round_id", "unit_id", "state", "version", "submitted_at", "received_at", "appraised_at"}, nd, func(k int) []any {
		d := dossierOf(k)
		return []any{rounds[k/size.Units], units[k%size.Units], d.state, 1 + k%6, tz(d.submitted), tz(d.received), tz(d.apr)}
	}); err != nil {
		return err
	}
	dossiers, err := ids(`SELECT id FROM dossiers WHERE id > $1 ORDER BY id`, maxDossier)
	if err != nil {
		return err
	}
	nomState := func(k int, st string) string {
		switch st {
		case "draft", "submitted", "returned", "withdrawn":
			return "proposed"
		case "appraising", "appraised", "in_council":
			return []string{"eligible", "eligible", "eligible", "ineligible"}[k%4]
		case "concluded":
			return []string{"passed", "passed", "failed", "ineligible"}[k%4]
		}
		return []string{"awarded", "awarded", "awarded", "awarded", "awarded", "failed", "ineligible", "forwarded"}[k%8]
	}
	if err := copyRows("nominations", []string{"dossier_id", "round_id", "person_id", "award_code", "commendation", "summary", "state"}, nd, func(k int) []any {
		r, u := k/size.Units, k%size.Units
		staff := byUnit[u]
		code := "ldtt"
		if k%7 == 0 {
			code = "giay_khen_giam_doc"
		}
		return []any{dossiers[k], rounds[r], staff[(r*7+k)%len(staff)], code, "merit",
			"Hoàn thành tốt nhiệm vụ được giao, tích cực tham gia các phong trào thi đua của Sở.", nomState(k, dossierOf(k).state)}
	}); err != nil {
		return err
	}
	var returned []int
	for k := 0; k < nd; k += 10 {
		if !dossierOf(k).submitted.IsZero() {
			returned = append(returned, k)
		}
	}
	if err := copyRows("supplement_requests", []string{"dossier_id", "items", "requested_at", "answered_at"}, len(returned), func(j int) []any {
		d := dossierOf(returned[j])
		return []any{dossiers[returned[j]], "Bổ sung biên bản họp xét có đủ chữ ký.", d.submitted.Add(12 * time.Hour), d.submitted.Add(72 * time.Hour)}
	}); err != nil {
		return err
	}

	// Audit events: each dossier's history, hashed into the chain exactly
	// as insertEvent does (chainHash with the audit key, when one is set).
	var prev []byte
	key := currentKey()
	if err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT hash FROM events ORDER BY id DESC LIMIT 1), ''::bytea)`).Scan(&prev); err != nil {
		return err
	}
	actions := []string{"dossier.open", "dossier.nomination_add", "dossier.document_add", "dossier.submit", "dossier.receive",
		"dossier.nomination_mark", "dossier.appraise", "dossier.schedule", "dossier.conclude", "dossier.decide"}
	start := time.Date(firstYear, 1, 2, 7, 0, 0, 0, time.UTC)
	if err := copyRows("events", []string{"at", "action", "object_type", "object_id", "after", "reason", "request_id", "client_ip", "prev_hash", "hash"},
		size.Events, func(k int) []any {
			at := start.Add(time.Duration(k) * 1500 * time.Millisecond)
			obj := dossiers[k%len(dossiers)]
			action := actions[(k/len(dossiers))%len(actions)]
			// jsonb's canonical text: keys by length, then bytes.
			after := `{"state": "` + []string{"draft", "submitted", "appraising", "appraised"}[k%4] + `", "version": ` + strconv.Itoa(1+k%6) + `}`
			sum := chainHash(key, prev, eventContent(at, nil, action, "dossier", &obj, nil, &after, "", "bench", ""))
			row := []any{at, action, "dossier", obj, json.RawMessage(after), "", "bench", "", prev, sum}
			prev = sum
			return row
		}); err != nil {
		return err
	}

	for _, t := range benchTriggers {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t.table+` ENABLE TRIGGER `+t.trigger); err != nil {
			return fmt.Errorf("bench data: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `SELECT report_rebuild(), report_loop_rebuild()`); err != nil {
		return fmt.Errorf("bench data: rebuild the summary's counters: %w", err)
	}
	done("report counters rebuilt", 0)
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	done("commit", 0)
	if _, err := s.pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		return err
	}
	done("vacuum analyze", 0)
	return nil
}
