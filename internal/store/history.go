package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/award"
	"tdkt/internal/org"
)

// HistoriesOf loads what the eligibility engine needs about people, up to
// and including year, in one round trip of six queries whatever the number
// of people (no N+1). People that do not exist are absent from the map.
func (s *Store) HistoriesOf(ctx context.Context, personIDs []int64, year int) (map[int64]award.History, error) {
	return historiesOf(ctx, s.pool, personIDs, year)
}

func historiesOf(ctx context.Context, q batcher, ids []int64, year int) (map[int64]award.History, error) {
	return historiesWith(ctx, q, ids, year, nil)
}

// historiesWith is historiesOf with extra queries queued by extra in the
// same batch (the same round trip).
func historiesWith(ctx context.Context, q batcher, ids []int64, year int, extra func(b *pgx.Batch)) (map[int64]award.History, error) {
	hs := make(map[int64]*award.History, len(ids))
	if len(ids) == 0 {
		return map[int64]award.History{}, nil
	}
	// The two big result sets (ten years of ratings and titles for 20,000
	// people) are decoded from the raw wire values: no reflection, no
	// allocation per row. On a pool, the titles come on a second connection
	// at the same time.
	type pidAward struct {
		pid int64
		a   award.AwardRecord
	}
	var found []pidAward
	ab := &pgx.Batch{}
	ab.Queue(`SELECT person_id, id, year, award_code, kind, decision_no, decision_date, source FROM award_history
		WHERE person_id = ANY($1) AND year <= $2`, ids, year).Query(func(rows pgx.Rows) error {
		fd := rows.FieldDescriptions()
		for rows.Next() {
			raw := rows.RawValues()
			pid, err := rawInt(raw[0], fd[0].Format)
			if err != nil {
				return err
			}
			a := award.AwardRecord{Code: intern(raw[3]), Kind: award.CommendationKind(intern(raw[4])), Source: award.Source(intern(raw[7]))}
			if a.ID, err = rawInt(raw[1], fd[1].Format); err != nil {
				return err
			}
			y, err := rawInt(raw[2], fd[2].Format)
			if err != nil {
				return err
			}
			a.Year = int(y)
			if len(raw[5]) > 0 {
				a.DecisionNo = string(raw[5])
			}
			if a.DecisionDate, err = rawDate(raw[6], fd[6].Format); err != nil {
				return err
			}
			found = append(found, pidAward{pid, a})
		}
		return rows.Err()
	})
	b := ab
	var awardsErr error
	var wg sync.WaitGroup
	if pool, ok := q.(*pgxpool.Pool); ok && len(ids) >= 1000 {
		b = &pgx.Batch{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			awardsErr = pool.SendBatch(ctx, ab).Close()
		}()
	}
	b.Queue(`SELECT id, full_name, gender = 'female', recruited_on FROM people WHERE id = ANY($1)`, ids).Query(func(rows pgx.Rows) error {
		var id int64
		var name string
		var female bool
		var rec *time.Time
		_, err := pgx.ForEachRow(rows, []any{&id, &name, &female, &rec}, func() error {
			hs[id] = &award.History{Subject: award.Individual, ID: id, Name: name, Female: female, RecruitedOn: orZero(rec),
				Ratings: make(map[int]award.Rating, 12)}
			return nil
		})
		return err
	})
	b.Queue(`SELECT person_id, year, rating FROM ratings WHERE person_id = ANY($1) AND year <= $2`, ids, year).Query(func(rows pgx.Rows) error {
		fd := rows.FieldDescriptions()
		for rows.Next() {
			raw := rows.RawValues()
			id, err := rawInt(raw[0], fd[0].Format)
			if err != nil {
				return err
			}
			y, err := rawInt(raw[1], fd[1].Format)
			if err != nil {
				return err
			}
			if h := hs[id]; h != nil {
				h.Ratings[int(y)] = rawRating(raw[2])
			}
		}
		return rows.Err()
	})
	b.Queue(`SELECT person_id, id, title, research, scope, recognised_on, used_as_grounds FROM initiatives
		WHERE person_id = ANY($1) AND recognised_on <= make_date($2, 12, 31) ORDER BY recognised_on, id`, ids, year).Query(func(rows pgx.Rows) error {
		var pid int64
		var in award.Initiative
		_, err := pgx.ForEachRow(rows, []any{&pid, &in.ID, &in.Title, &in.Research, &in.Scope, &in.RecognisedOn, &in.UsedAsGrounds}, func() error {
			if h := hs[pid]; h != nil {
				h.Initiatives = append(h.Initiatives, in)
			}
			return nil
		})
		return err
	})
	b.Queue(`SELECT person_id, id, kind, opened_on, closed_on, COALESCE(level, ''), ends_on FROM discipline_cases
		WHERE person_id = ANY($1) AND (opened_on <= make_date($2, 12, 31) OR closed_on IS NULL) ORDER BY opened_on, id`, ids, year).Query(func(rows pgx.Rows) error {
		var pid int64
		var c award.Case
		var closed, ends *time.Time
		_, err := pgx.ForEachRow(rows, []any{&pid, &c.ID, &c.Kind, &c.OpenedOn, &closed, &c.Level, &ends}, func() error {
			c.ClosedOn, c.EndsOn = orZero(closed), orZero(ends)
			if h := hs[pid]; h != nil {
				h.Cases = append(h.Cases, c)
			}
			return nil
		})
		return err
	})
	b.Queue(`SELECT person_id, kind, from_on, to_on FROM leaves WHERE person_id = ANY($1) AND from_on <= make_date($2, 12, 31)`, ids, year).Query(func(rows pgx.Rows) error {
		var pid int64
		var l award.Leave
		_, err := pgx.ForEachRow(rows, []any{&pid, &l.Kind, &l.From, &l.To}, func() error {
			if h := hs[pid]; h != nil {
				h.Leaves = append(h.Leaves, l)
			}
			return nil
		})
		return err
	})
	if extra != nil {
		extra(b)
	}
	err := q.SendBatch(ctx, b).Close()
	wg.Wait()
	if err = cmp.Or(err, awardsErr); err != nil {
		return nil, fmt.Errorf("histories: %w", err)
	}
	for _, f := range found {
		if h := hs[f.pid]; h != nil {
			h.Awards = append(h.Awards, f.a)
		}
	}
	out := make(map[int64]award.History, len(hs))
	for id, h := range hs {
		out[id] = *h
	}
	return out, nil
}

// rawInt decodes an integer column from its wire value (binary or text).
func rawInt(b []byte, format int16) (int64, error) {
	if format == pgx.BinaryFormatCode {
		switch len(b) {
		case 8:
			return int64(binary.BigEndian.Uint64(b)), nil
		case 4:
			return int64(int32(binary.BigEndian.Uint32(b))), nil
		case 2:
			return int64(int16(binary.BigEndian.Uint16(b))), nil
		}
		return 0, fmt.Errorf("histories: integer of %d bytes", len(b))
	}
	return strconv.ParseInt(string(b), 10, 64)
}

var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// rawDate decodes a nullable date column (zero time for NULL).
func rawDate(b []byte, format int16) (time.Time, error) {
	if b == nil {
		return time.Time{}, nil
	}
	if format == pgx.BinaryFormatCode && len(b) == 4 {
		return pgEpoch.AddDate(0, 0, int(int32(binary.BigEndian.Uint32(b)))), nil
	}
	return time.Parse("2006-01-02", string(b))
}

func rawRating(b []byte) award.Rating {
	switch string(b) {
	case "htxs":
		return award.HTXS
	case "htt":
		return award.HTT
	case "htnv":
		return award.HTNV
	case "kht":
		return award.KHT
	}
	return award.Rating(b)
}

// interned holds the few distinct codes of the award tables, so that
// decoding 100,000 rows does not allocate a string per value.
var interned = func() map[string]string {
	m := map[string]string{}
	for _, t := range award.Catalogue() {
		m[t.Code] = t.Code
	}
	for _, k := range award.CommendationKinds {
		m[string(k)] = string(k)
	}
	for _, s := range []award.Source{award.FromDecision, award.FromEntered, award.FromImported} {
		m[string(s)] = string(s)
	}
	return m
}()

func intern(b []byte) string {
	if s, ok := interned[string(b)]; ok {
		return s
	}
	return string(b)
}

// batcher is what pool and transaction offer for batches.
type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// CollectiveHistoriesOf loads units as collectives for year: their own
// ratings, awards and cases, and their members' statistics for the year
// (R7, R8), computed with the engine under rules from the members'
// histories, all in two round trips.
func (s *Store) CollectiveHistoriesOf(ctx context.Context, rules award.RuleSet, unitIDs []int64, year int) (map[int64]award.History, error) {
	out := make(map[int64]award.History, len(unitIDs))
	if len(unitIDs) == 0 {
		return out, nil
	}
	members := map[int64][]int64{}
	b := &pgx.Batch{}
	b.Queue(`SELECT id, name FROM units WHERE id = ANY($1)`, unitIDs).Query(func(rows pgx.Rows) error {
		var id int64
		var name string
		_, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
			out[id] = award.History{Subject: award.Collective, ID: id, Name: name, Ratings: map[int]award.Rating{},
				Members: map[int]award.MemberStats{}}
			return nil
		})
		return err
	})
	var ur []struct {
		id, year int64
		r        award.Rating
	}
	b.Queue(`SELECT unit_id, year, rating FROM unit_ratings WHERE unit_id = ANY($1) AND year <= $2`, unitIDs, year).Query(func(rows pgx.Rows) error {
		var id, y int64
		var r award.Rating
		_, err := pgx.ForEachRow(rows, []any{&id, &y, &r}, func() error {
			ur = append(ur, struct {
				id, year int64
				r        award.Rating
			}{id, y, r})
			return nil
		})
		return err
	})
	awards := map[int64][]award.AwardRecord{}
	b.Queue(`SELECT unit_id, id, year, award_code, kind, decision_no, decision_date, source FROM award_history
		WHERE unit_id = ANY($1) AND year <= $2 ORDER BY year, id`, unitIDs, year).Query(func(rows pgx.Rows) error {
		var uid int64
		var a award.AwardRecord
		var dd *time.Time
		_, err := pgx.ForEachRow(rows, []any{&uid, &a.ID, &a.Year, &a.Code, &a.Kind, &a.DecisionNo, &dd, &a.Source}, func() error {
			a.DecisionDate = orZero(dd)
			awards[uid] = append(awards[uid], a)
			return nil
		})
		return err
	})
	cases := map[int64][]award.Case{}
	b.Queue(`SELECT unit_id, id, kind, opened_on, closed_on, COALESCE(level, ''), ends_on FROM discipline_cases
		WHERE unit_id = ANY($1) AND (opened_on <= make_date($2, 12, 31) OR closed_on IS NULL)`, unitIDs, year).Query(func(rows pgx.Rows) error {
		var uid int64
		var c award.Case
		var closed, ends *time.Time
		_, err := pgx.ForEachRow(rows, []any{&uid, &c.ID, &c.Kind, &c.OpenedOn, &closed, &c.Level, &ends}, func() error {
			c.ClosedOn, c.EndsOn = orZero(closed), orZero(ends)
			cases[uid] = append(cases[uid], c)
			return nil
		})
		return err
	})
	// Members: the people rated in the unit that year, and its active staff.
	b.Queue(`SELECT unit_id, id FROM people WHERE unit_id = ANY($1) AND active
		UNION SELECT unit_id, person_id FROM ratings WHERE unit_id = ANY($1) AND year = $2`, unitIDs, year).Query(func(rows pgx.Rows) error {
		var uid, pid int64
		_, err := pgx.ForEachRow(rows, []any{&uid, &pid}, func() error {
			members[uid] = append(members[uid], pid)
			return nil
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("collective histories: %w", err)
	}
	var all []int64
	for _, ids := range members {
		all = append(all, ids...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	people, err := historiesOf(ctx, s.pool, all, year)
	if err != nil {
		return nil, err
	}
	for _, r := range ur {
		if h, ok := out[r.id]; ok {
			h.Ratings[int(r.year)] = r.r
		}
	}
	for id, h := range out {
		h.Awards, h.Cases = awards[id], cases[id]
		h.Members[year] = MemberStatsOf(rules, people, members[id], year)
		out[id] = h
	}
	return out, nil
}

// MemberStatsOf summarises members for a collective's year: ratings, how
// many hold (or now qualify for) LĐTT and CSTĐ cơ sở, how many were
// disciplined at cảnh cáo or above during the year.
func MemberStatsOf(rules award.RuleSet, people map[int64]award.History, ids []int64, year int) award.MemberStats {
	ldtt, _ := award.Lookup(award.LDTT)
	cstd, _ := award.Lookup(award.CSTDCoSo)
	m := award.MemberStats{Rated: map[award.Rating]int{}}
	seen := map[int64]bool{}
	for _, id := range ids {
		h, ok := people[id]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		m.Total++
		if r := h.Rating(year); r != "" {
			m.Rated[r]++
		}
		if holds(h, award.LDTT, year) || award.Evaluate(rules, h, ldtt, year).Outcome == award.Eligible {
			m.LDTT++
		}
		if holds(h, award.CSTDCoSo, year) || award.Evaluate(rules, h, cstd, year).Outcome == award.Eligible {
			m.CSTDCS++
		}
		for _, c := range h.Cases {
			if !c.Open() && c.Level.AtLeast(award.Warning) && c.ClosedOn.Year() == year {
				m.DisciplinedMin++
				break
			}
		}
	}
	return m
}

func holds(h award.History, code string, year int) bool {
	for _, a := range h.Awards {
		if a.Code == code && a.Year == year {
			return true
		}
	}
	return false
}

// PersonHistory is everything recorded about a person, every year.
func (s *Store) PersonHistory(ctx context.Context, personID int64) (award.History, error) {
	_, _, h, err := s.personHistory(ctx, personID, false)
	return h, err
}

// PersonWithHistory loads a person, the username of the person's account
// ("" when none) and everything recorded about the person, every year, in
// one round trip.
func (s *Store) PersonWithHistory(ctx context.Context, personID int64) (org.Person, string, award.History, error) {
	return s.personHistory(ctx, personID, true)
}

func (s *Store) personHistory(ctx context.Context, personID int64, withPerson bool) (org.Person, string, award.History, error) {
	var p org.Person
	var username string
	var found bool
	var extra func(b *pgx.Batch)
	if withPerson {
		extra = func(b *pgx.Batch) {
			b.Queue(`SELECT `+personColumns+` FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1`, personID).Query(func(rows pgx.Rows) error {
				ps, err := pgx.CollectRows(rows, scanPerson)
				if len(ps) == 1 {
					p, found = ps[0], true
				}
				return err
			})
			b.Queue(`SELECT username FROM users WHERE person_id = $1`, personID).Query(func(rows pgx.Rows) error {
				names, err := pgx.CollectRows(rows, pgx.RowTo[string])
				if len(names) > 0 {
					username = names[0]
				}
				return err
			})
		}
	}
	m, err := historiesWith(ctx, s.pool, []int64{personID}, 2100, extra)
	if err != nil {
		return p, "", award.History{}, err
	}
	h, ok := m[personID]
	if !ok || (withPerson && !found) {
		return p, "", h, ErrNotFound
	}
	slices.SortFunc(h.Awards, func(a, b award.AwardRecord) int { return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.ID, b.ID)) })
	return p, username, h, nil
}

// AwardEntry is a title or award to record for a person or a unit.
type AwardEntry struct {
	PersonID     int64
	UnitID       int64
	Year         int
	Code         string
	Kind         award.CommendationKind
	DecisionNo   string
	DecisionDate time.Time
	Source       award.Source
	Note         string
}

var awardHistoryFields = map[string]string{
	"award_history_person_merit_key": "award_code",
	"award_history_unit_merit_key":   "award_code",
}

// insertAwardHistory records an award inside tx, with its audit event. The
// dossier workflow calls it when a decision is issued (Source decision).
func insertAwardHistory(ctx context.Context, tx pgx.Tx, a Actor, e AwardEntry) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO award_history (person_id, unit_id, year, award_code, kind, decision_no, decision_date, source, note)
		VALUES (NULLIF($1, 0), NULLIF($2, 0), $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.PersonID, e.UnitID, e.Year, e.Code, e.Kind, e.DecisionNo, date(e.DecisionDate), e.Source, e.Note).Scan(&id)
	if err != nil {
		return 0, mapErr(err, awardHistoryFields)
	}
	return id, insertEvent(ctx, tx, a, "award_history.create", "award_history", id, nil, e, "")
}

// AddAward records a past title or award (entered or imported); a second
// merit record of the same award for the same subject and year is a
// DuplicateError on award_code (R14).
func (s *Store) AddAward(ctx context.Context, a Actor, e AwardEntry) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "award_history", func() (int64, error) { return insertAwardHistory(ctx, tx, a, e) })
		return err
	})
	return id, err
}

// ImportAwards records many past titles or awards (source imported) in one
// transaction with one audit event; a duplicate merit record fails them all
// (DuplicateError on award_code).
func (s *Store) ImportAwards(ctx context.Context, a Actor, entries []AwardEntry) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// A replayed submission (double click) records nothing twice.
		_, err := createOnce(ctx, tx, a, "award_history_import", func() (int64, error) { return 0, copyAwards(ctx, tx, a, entries) })
		return err
	})
	return len(entries), err
}

func copyAwards(ctx context.Context, tx pgx.Tx, a Actor, entries []AwardEntry) error {
	rows := make([][]any, len(entries))
	for i, e := range entries {
		rows[i] = []any{nullID(e.PersonID), nullID(e.UnitID), e.Year, e.Code, string(e.Kind), e.DecisionNo, date(e.DecisionDate),
			string(award.FromImported), e.Note}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"award_history"},
		[]string{"person_id", "unit_id", "year", "award_code", "kind", "decision_no", "decision_date", "source", "note"}, pgx.CopyFromRows(rows))
	if err != nil {
		return mapErr(err, awardHistoryFields)
	}
	return insertEvent(ctx, tx, a, "award_history.import", "award_history", 0, nil, map[string]int{"count": len(entries)}, "")
}

// EveryPerson lists every person, active or not, with the unit's name: the
// directory that identifies the people of an award history import.
func (s *Store) EveryPerson(ctx context.Context) ([]org.Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+personColumns+` FROM people p JOIN units u ON u.id = p.unit_id ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("every person: %w", err)
	}
	ps, err := pgx.CollectRows(rows, scanPerson)
	if err != nil {
		return nil, fmt.Errorf("every person: %w", err)
	}
	return ps, nil
}

// DeleteAward removes an entered or imported record of a person; records
// from tdkt's own decisions cannot be deleted here.
func (s *Store) DeleteAward(ctx context.Context, a Actor, personID, id int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var e AwardEntry
		var dd *time.Time
		var pid *int64
		err := tx.QueryRow(ctx, `SELECT person_id, year, award_code, kind, decision_no, decision_date, source FROM award_history
			WHERE id = $1 AND person_id = $2 FOR UPDATE`, id, personID).Scan(&pid, &e.Year, &e.Code, &e.Kind, &e.DecisionNo, &dd, &e.Source)
		if err != nil {
			return mapErr(err, nil)
		}
		e.PersonID, e.DecisionDate = personID, orZero(dd)
		if e.Source == award.FromDecision {
			return &RuleError{Message: "Khen thưởng theo quyết định trên hệ thống không xoá được ở đây."}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM award_history WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete award: %w", err)
		}
		return insertEvent(ctx, tx, a, "award_history.delete", "award_history", id, e, nil, "")
	})
}

// InitiativeEntry is a recognised initiative or research work to record.
type InitiativeEntry struct {
	PersonID      int64
	Title         string
	Research      bool
	Scope         award.Scope
	RecognisedOn  time.Time
	UsedAsGrounds bool
	Note          string
}

// AddInitiative records an initiative.
func (s *Store) AddInitiative(ctx context.Context, a Actor, e InitiativeEntry) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "initiative", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO initiatives (person_id, title, research, scope, recognised_on, used_as_grounds, note)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
				e.PersonID, e.Title, e.Research, e.Scope, e.RecognisedOn, e.UsedAsGrounds, e.Note).Scan(&id)
			if err != nil {
				return 0, mapErr(err, nil)
			}
			return id, insertEvent(ctx, tx, a, "initiative.create", "initiative", id, nil, e, "")
		})
		return err
	})
	return id, err
}

// MarkInitiativesUsed marks initiatives as the grounds of an award (R15),
// inside the caller's transaction (the dossier workflow, on decision).
func MarkInitiativesUsed(ctx context.Context, tx pgx.Tx, a Actor, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE initiatives SET used_as_grounds = true, version = version + 1, updated_at = now()
		WHERE id = ANY($1) AND NOT used_as_grounds`, ids); err != nil {
		return fmt.Errorf("mark initiatives: %w", err)
	}
	for _, id := range ids {
		if err := insertEvent(ctx, tx, a, "initiative.used", "initiative", id, nil, map[string]bool{"used_as_grounds": true}, ""); err != nil {
			return err
		}
	}
	return nil
}

// SetInitiativeUsed marks or unmarks an initiative as already used as
// grounds; when it already has that state (a stale page) it is ErrConflict.
func (s *Store) SetInitiativeUsed(ctx context.Context, a Actor, personID, id int64, used bool) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var cur bool
		err := tx.QueryRow(ctx, `SELECT used_as_grounds FROM initiatives WHERE id = $1 AND person_id = $2 FOR UPDATE`, id, personID).Scan(&cur)
		if err != nil {
			return mapErr(err, nil)
		}
		if cur == used {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, `UPDATE initiatives SET used_as_grounds = $2, version = version + 1, updated_at = now() WHERE id = $1`, id, used); err != nil {
			return fmt.Errorf("initiative: %w", err)
		}
		return insertEvent(ctx, tx, a, "initiative.update", "initiative", id, map[string]bool{"used_as_grounds": cur}, map[string]bool{"used_as_grounds": used}, "")
	})
}

// CaseEntry is a discipline case, investigation, inspection or complaint.
type CaseEntry struct {
	PersonID int64
	UnitID   int64
	Kind     award.CaseKind
	OpenedOn time.Time
	ClosedOn time.Time
	Level    award.Level
	EndsOn   time.Time
	Note     string
}

// OpenCase records a case (open when ClosedOn is zero: R18 hold).
func (s *Store) OpenCase(ctx context.Context, a Actor, e CaseEntry) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "discipline_case", func() (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO discipline_cases (person_id, unit_id, kind, opened_on, closed_on, level, ends_on, note)
				VALUES (NULLIF($1, 0), NULLIF($2, 0), $3, $4, $5, NULLIF($6, ''), $7, $8) RETURNING id`,
				e.PersonID, e.UnitID, e.Kind, e.OpenedOn, date(e.ClosedOn), e.Level, date(e.EndsOn), e.Note).Scan(&id)
			if err != nil {
				return 0, mapErr(err, nil)
			}
			return id, insertEvent(ctx, tx, a, "discipline_case.create", "discipline_case", id, nil, e, "")
		})
		return err
	})
	return id, err
}

// CloseCase closes a person's open case, with the discipline imposed (empty:
// closed clean) and the end of its period.
func (s *Store) CloseCase(ctx context.Context, a Actor, personID, id int64, closedOn time.Time, level award.Level, endsOn time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var opened time.Time
		var closed *time.Time
		err := tx.QueryRow(ctx, `SELECT opened_on, closed_on FROM discipline_cases WHERE id = $1 AND person_id = $2 FOR UPDATE`,
			id, personID).Scan(&opened, &closed)
		if err != nil {
			return mapErr(err, nil)
		}
		if closed != nil {
			return ErrConflict
		}
		if closedOn.Before(opened) {
			return &RuleError{Message: "Ngày kết thúc không được trước ngày bắt đầu xem xét."}
		}
		if _, err := tx.Exec(ctx, `UPDATE discipline_cases SET closed_on = $2, level = NULLIF($3, ''), ends_on = $4,
			version = version + 1, updated_at = now() WHERE id = $1`, id, closedOn, level, date(endsOn)); err != nil {
			return mapErr(err, nil)
		}
		return insertEvent(ctx, tx, a, "discipline_case.close", "discipline_case", id, nil,
			map[string]any{"closed_on": closedOn, "level": level, "ends_on": date(endsOn)}, "")
	})
}

// Candidate is a person or unit the eligibility page evaluates.
type Candidate struct {
	ID       int64
	Name     string
	UnitID   int64
	UnitName string
}

// Candidates lists the active people of a unit (0: of every internal unit)
// in Vietnamese name order.
func (s *Store) Candidates(ctx context.Context, unitID int64) ([]Candidate, error) {
	rows, err := s.pool.Query(ctx, `SELECT p.id, p.full_name, u.id, u.name FROM people p JOIN units u ON u.id = p.unit_id
		WHERE p.active AND u.kind <> 'external' AND ($1::bigint = 0 OR p.unit_id = $1)
		ORDER BY p.full_name COLLATE "vi-VN-x-icu", p.id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Candidate])
}

// CollectiveCandidates lists active internal units (one when unitID ≠ 0).
func (s *Store) CollectiveCandidates(ctx context.Context, unitID int64) ([]Candidate, error) {
	rows, err := s.pool.Query(ctx, `SELECT u.id, u.name, u.id, u.name FROM units u
		WHERE u.active AND u.kind <> 'external' AND ($1::bigint = 0 OR u.id = $1)
		ORDER BY u.sort_order, u.name COLLATE "vi-VN-x-icu", u.id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("collective candidates: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Candidate])
}

// ImportSubmitted reports whether the award history import of the
// submission id has already been recorded (a replayed form).
func (s *Store) ImportSubmitted(ctx context.Context, a Actor) (bool, error) {
	if a.SubmissionID == "" {
		return false, nil
	}
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM submissions WHERE id = $1 AND user_id = $2 AND object_type = 'award_history_import')`,
		a.SubmissionID, a.UserID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("import submitted: %w", err)
	}
	return ok, nil
}

// UnitAwardHistory is a unit's name and its recorded collective titles and
// awards, oldest first, in one round trip; a missing unit is ErrNotFound.
func (s *Store) UnitAwardHistory(ctx context.Context, unitID int64) (string, []award.AwardRecord, error) {
	var name string
	var found bool
	var awards []award.AwardRecord
	b := &pgx.Batch{}
	b.Queue(`SELECT name FROM units WHERE id = $1`, unitID).Query(func(rows pgx.Rows) error {
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if len(names) == 1 {
			name, found = names[0], true
		}
		return err
	})
	b.Queue(`SELECT id, year, award_code, kind, decision_no, decision_date, source FROM award_history
		WHERE unit_id = $1 ORDER BY year, id`, unitID).Query(func(rows pgx.Rows) error {
		var a award.AwardRecord
		var dd *time.Time
		_, err := pgx.ForEachRow(rows, []any{&a.ID, &a.Year, &a.Code, &a.Kind, &a.DecisionNo, &dd, &a.Source}, func() error {
			a.DecisionDate = orZero(dd)
			awards = append(awards, a)
			return nil
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return "", nil, fmt.Errorf("unit award history %d: %w", unitID, err)
	}
	if !found {
		return "", nil, ErrNotFound
	}
	return name, awards, nil
}
