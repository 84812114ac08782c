package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/org"
	"tdkt/internal/validate"
)

const personColumns = `p.id, p.unit_id, u.name, p.full_name, p.gender, p.birth_date, p.position,
	p.is_leader, p.employment, p.recruited_on, p.active, p.version`

func scanPerson(row pgx.CollectableRow) (org.Person, error) {
	var p org.Person
	err := scanPersonAnd(row, &p)
	return p, err
}

// scanPersonAnd scans personColumns into p and the columns after them into extra.
func scanPersonAnd(row pgx.CollectableRow, p *org.Person, extra ...any) error {
	var birth, recruited *time.Time
	dest := append([]any{&p.ID, &p.UnitID, &p.UnitName, &p.FullName, &p.Gender, &birth, &p.Position,
		&p.IsLeader, &p.Employment, &recruited, &p.Active, &p.Version}, extra...)
	err := row.Scan(dest...)
	p.BirthDate, p.RecruitedOn = orZero(birth), orZero(recruited)
	return err
}

// PeopleFilter selects people.
type PeopleFilter struct {
	Query           string // accent-insensitive part of the name
	UnitID          int64  // 0 for every unit
	IncludeInactive bool
	Limit           int
	// Keyset paging: the page after (or before) the person with this id in
	// Vietnamese name order. At most one is set.
	After, Before int64
	// WithUnits also returns the active units (PeoplePage.Units), for the
	// list's unit filter, in the same round trip.
	WithUnits bool
}

// PeoplePage is one page of people.
type PeoplePage struct {
	People           []org.Person
	Total            int // matching the filter, all pages
	HasPrev, HasNext bool
	Units            []org.Unit // active units (id and name), when PeopleFilter.WithUnits
}

// likePattern escapes LIKE wildcards and wraps the text for a substring match.
func likePattern(q string) string {
	q = strings.ToLower(validate.Text(q))
	q = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
	return "%" + q + "%"
}

// peopleConditions turns a filter into SQL conditions on people p. Only the
// conditions in use are written, so that the planner walks the
// Vietnamese-order index instead of sorting every row with ICU.
func peopleConditions(f PeopleFilter) (conds []string, args []any) {
	if !f.IncludeInactive {
		conds = append(conds, "p.active")
	}
	if f.UnitID != 0 {
		args = append(args, f.UnitID)
		conds = append(conds, fmt.Sprintf("p.unit_id = $%d", len(args)))
	}
	if q := validate.Text(f.Query); q != "" {
		args = append(args, likePattern(q))
		conds = append(conds, fmt.Sprintf("p.search_name LIKE lower(f_unaccent($%d))", len(args)))
	}
	return conds, args
}

// MaxExport is the most people one export holds.
const MaxExport = 50000

// AllPeople returns every person matching the filter (paging ignored), in
// Vietnamese name order, at most MaxExport.
func (s *Store) AllPeople(ctx context.Context, f PeopleFilter) ([]org.Person, error) {
	conds, args := peopleConditions(f)
	rows, err := s.pool.Query(ctx, `SELECT `+personColumns+` FROM people p JOIN units u ON u.id = p.unit_id`+whereClause(conds)+
		fmt.Sprintf(` ORDER BY p.full_name COLLATE "vi-VN-x-icu", p.id LIMIT %d`, MaxExport), args...)
	if err != nil {
		return nil, fmt.Errorf("all people: %w", err)
	}
	people, err := pgx.CollectRows(rows, scanPerson)
	if err != nil {
		return nil, fmt.Errorf("all people: %w", err)
	}
	return people, nil
}

// ListPeople returns a page of people in Vietnamese name order.
func (s *Store) ListPeople(ctx context.Context, f PeopleFilter) (PeoplePage, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	conds, args := peopleConditions(f)
	var page PeoplePage
	if f.Query != "" && f.After == 0 && f.Before == 0 {
		// The first page of a search: the matches are few, so they are
		// counted in the same scan as the page (count(*) OVER ()).
		return page, s.searchFirstPage(ctx, f, conds, args, &page)
	}
	// The count and the page go to PostgreSQL in one round trip.
	var batch pgx.Batch
	if f.Query == "" && !f.IncludeInactive {
		// The active staff of one unit or of all: the trigger-kept head counts.
		batch.Queue(`SELECT COALESCE(sum(people), 0) FROM unit_headcounts WHERE $1::bigint = 0 OR unit_id = $1`, f.UnitID)
	} else {
		batch.Queue(`SELECT count(*) FROM people p`+whereClause(conds), args...)
	}
	order := "ASC"
	if key, op := max(f.After, f.Before), ">"; key != 0 {
		if f.Before != 0 {
			op, order = "<", "DESC"
		}
		args = append(args, key)
		conds = append(conds, fmt.Sprintf(`(p.full_name COLLATE "vi-VN-x-icu", p.id) %s
			(SELECT k.full_name COLLATE "vi-VN-x-icu", k.id FROM people k WHERE k.id = $%d)`, op, len(args)))
	}
	args = append(args, f.Limit+1)
	batch.Queue(`SELECT `+personColumns+` FROM people p JOIN units u ON u.id = p.unit_id`+whereClause(conds)+
		fmt.Sprintf(` ORDER BY p.full_name COLLATE "vi-VN-x-icu" %s, p.id %s LIMIT $%d`, order, order, len(args)), args...)
	if f.WithUnits {
		batch.Queue(unitOptionsSQL)
	}
	br := s.pool.SendBatch(ctx, &batch)
	defer br.Close()
	if err := br.QueryRow().Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count people: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		return page, fmt.Errorf("list people: %w", err)
	}
	people, err := pgx.CollectRows(rows, scanPerson)
	if err != nil {
		return page, fmt.Errorf("list people: %w", err)
	}
	if f.WithUnits {
		if page.Units, err = batchUnits(br); err != nil {
			return page, err
		}
	}
	page.setPeople(people, f)
	return page, nil
}

// setPeople keeps at most f.Limit people (the query asks for one more, to
// know whether a next page exists) in name order and sets the page links.
func (page *PeoplePage) setPeople(people []org.Person, f PeopleFilter) {
	more := len(people) > f.Limit
	if more {
		people = people[:f.Limit]
	}
	if f.Before != 0 {
		slices.Reverse(people)
		page.HasPrev, page.HasNext = more, true
	} else {
		page.HasPrev, page.HasNext = f.After != 0, more
	}
	page.People = people
}

func (s *Store) searchFirstPage(ctx context.Context, f PeopleFilter, conds []string, args []any, page *PeoplePage) error {
	args = append(args, f.Limit+1)
	var batch pgx.Batch
	batch.Queue(`SELECT `+personColumns+`, count(*) OVER () FROM people p JOIN units u ON u.id = p.unit_id`+
		whereClause(conds)+fmt.Sprintf(` ORDER BY p.full_name COLLATE "vi-VN-x-icu", p.id LIMIT $%d`, len(args)), args...)
	if f.WithUnits {
		batch.Queue(unitOptionsSQL)
	}
	br := s.pool.SendBatch(ctx, &batch)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return fmt.Errorf("search people: %w", err)
	}
	people, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (org.Person, error) {
		var p org.Person
		err := scanPersonAnd(row, &p, &page.Total)
		return p, err
	})
	if err != nil {
		return fmt.Errorf("search people: %w", err)
	}
	if f.WithUnits {
		if page.Units, err = batchUnits(br); err != nil {
			return err
		}
	}
	page.setPeople(people, f)
	return nil
}

// unitOptionsSQL lists the active units' ids and names in display order,
// for a filter: all a choice needs.
const unitOptionsSQL = `SELECT u.id, u.name FROM units u WHERE u.active
	ORDER BY u.sort_order, u.name COLLATE "vi-VN-x-icu", u.id`

// batchUnits reads the result of unitOptionsSQL queued in a batch.
func batchUnits(br pgx.BatchResults) ([]org.Unit, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	var units []org.Unit
	var u org.Unit
	_, err = pgx.ForEachRow(rows, []any{&u.ID, &u.Name}, func() error {
		units = append(units, org.Unit{ID: u.ID, Name: u.Name, Active: true})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	return units, nil
}

// whereClause joins conditions into a WHERE clause, or "" when there are none.
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// Person returns one person.
func (s *Store) Person(ctx context.Context, id int64) (org.Person, error) {
	return personByID(ctx, s.pool, id, false)
}

func personByID(ctx context.Context, q querier, id int64, lock bool) (org.Person, error) {
	sql := `SELECT ` + personColumns + ` FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1`
	if lock {
		sql += ` FOR UPDATE OF p`
	}
	rows, err := q.Query(ctx, sql, id)
	if err != nil {
		return org.Person{}, fmt.Errorf("person %d: %w", id, err)
	}
	p, err := pgx.CollectOneRow(rows, scanPerson)
	if err != nil {
		return org.Person{}, fmt.Errorf("person %d: %w", id, mapErr(err, nil))
	}
	return p, nil
}

type personAudit struct {
	UnitID      int64  `json:"unit_id"`
	FullName    string `json:"full_name"`
	Gender      string `json:"gender"`
	BirthDate   string `json:"birth_date,omitempty"`
	Position    string `json:"position"`
	IsLeader    bool   `json:"is_leader"`
	Employment  string `json:"employment"`
	RecruitedOn string `json:"recruited_on,omitempty"`
	Active      bool   `json:"active"`
}

func auditPerson(p org.Person) personAudit {
	return personAudit{p.UnitID, p.FullName, string(p.Gender), isoDate(p.BirthDate), p.Position, p.IsLeader,
		string(p.Employment), isoDate(p.RecruitedOn), p.Active}
}

// CreatePerson inserts p into an active unit and returns its id.
func (s *Store) CreatePerson(ctx context.Context, a Actor, p org.Person) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "person", func() (int64, error) { return insertPerson(ctx, tx, a, p) })
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create person: %w", err)
	}
	return id, nil
}

func insertPerson(ctx context.Context, tx pgx.Tx, a Actor, p org.Person) (int64, error) {
	if err := checkActiveUnit(ctx, tx, p.UnitID); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO people (unit_id, full_name, gender, birth_date, position, is_leader, employment, recruited_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		p.UnitID, p.FullName, p.Gender, date(p.BirthDate), p.Position, p.IsLeader, p.Employment, date(p.RecruitedOn)).Scan(&id)
	if err != nil {
		return 0, mapErr(err, nil)
	}
	p.Active = true
	return id, insertEvent(ctx, tx, a, "person.create", "person", id, nil, auditPerson(p), "")
}

func checkActiveUnit(ctx context.Context, tx pgx.Tx, unitID int64) error {
	var active bool
	err := tx.QueryRow(ctx, `SELECT active FROM units WHERE id = $1 FOR SHARE`, unitID).Scan(&active)
	if err != nil {
		return &RuleError{"Đơn vị công tác không tồn tại."}
	}
	if !active {
		return &RuleError{"Đơn vị công tác đã ngừng hoạt động."}
	}
	return nil
}

// UpdatePerson saves p when its version is still current. A change of unit
// is recorded as a move (person.move).
func (s *Store) UpdatePerson(ctx context.Context, a Actor, p org.Person) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		old, err := personByID(ctx, tx, p.ID, true)
		if err != nil {
			return err
		}
		if old.Version != p.Version {
			return ErrConflict
		}
		if p.UnitID != old.UnitID || (p.Active && !old.Active) {
			if err := checkActiveUnit(ctx, tx, p.UnitID); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `
			UPDATE people SET unit_id = $2, full_name = $3, gender = $4, birth_date = $5, position = $6,
				is_leader = $7, employment = $8, recruited_on = $9, active = $10,
				version = version + 1, updated_at = now()
			WHERE id = $1`,
			p.ID, p.UnitID, p.FullName, p.Gender, date(p.BirthDate), p.Position, p.IsLeader, p.Employment,
			date(p.RecruitedOn), p.Active)
		if err != nil {
			return mapErr(err, nil)
		}
		action := "person.update"
		if p.UnitID != old.UnitID {
			action = "person.move"
		}
		return insertEvent(ctx, tx, a, action, "person", p.ID, auditPerson(old), auditPerson(p), "")
	})
	if err != nil {
		return fmt.Errorf("update person %d: %w", p.ID, err)
	}
	return nil
}

// Headcount summarises the active staff.
type Headcount struct {
	People, Women, Leaders int
}

// StaffHeadcount counts the active staff, women and leaders.
const staffHeadcountSQL = `SELECT COALESCE(sum(people), 0), COALESCE(sum(women), 0), COALESCE(sum(leaders), 0)
	FROM unit_headcounts`

func (s *Store) StaffHeadcount(ctx context.Context) (Headcount, error) {
	var h Headcount
	err := s.pool.QueryRow(ctx, staffHeadcountSQL).Scan(&h.People, &h.Women, &h.Leaders)
	if err != nil {
		return h, fmt.Errorf("headcount: %w", err)
	}
	return h, nil
}

// StaffOfUnits returns the active people of the given units (name, birth
// date and unit only), for duplicate checks.
func (s *Store) StaffOfUnits(ctx context.Context, unitIDs []int64) ([]org.Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT unit_id, full_name, birth_date FROM people WHERE active AND unit_id = ANY($1)`, unitIDs)
	if err != nil {
		return nil, fmt.Errorf("staff of units: %w", err)
	}
	people, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (org.Person, error) {
		var p org.Person
		var birth *time.Time
		err := row.Scan(&p.UnitID, &p.FullName, &birth)
		p.BirthDate = orZero(birth)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("staff of units: %w", err)
	}
	return people, nil
}
