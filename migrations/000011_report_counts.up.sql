BEGIN;

-- Maintained aggregates for the annual summary (/reports/{year}).
--
-- Why counters kept by triggers rather than a materialised view or a
-- GROUP BY at request time: a GROUP BY over a year's dossiers, nominations
-- and awards costs about 0.13 ms per 1,000 rows on this kind of machine
-- (performance.md §1.4) and the summary shows five years side by side, so
-- its cost would grow with history; a materialised view would have to be
-- refreshed after every change and would lag. A row-level trigger adds one
-- UPSERT to the transaction that changes a dossier, a nomination, a
-- supplement request or an award, so the counters are always exact, every
-- writer (the dossier workflow, the council, imports, COPY) keeps them
-- without remembering to, and the summary reads a few hundred counter rows
-- per year whatever the size of the history. report_rebuild() recomputes
-- everything from the base tables (bench data loaded with triggers off, and
-- the test that proves the triggers right).
CREATE TABLE report_counts (
	year    integer NOT NULL,
	measure text NOT NULL, -- dossier, nomination, returned, appraisal_days, award, award_person, award_women, award_leader
	unit_id bigint NOT NULL,
	key     text NOT NULL DEFAULT '', -- state, award code or working days, by measure
	n       bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (year, measure, unit_id, key)
);

-- What one award_history row counted for when it was recorded: the
-- subject's unit, gender and leadership at that time. A later move or
-- promotion does not rewrite past years, and a deletion subtracts exactly
-- what the insertion added.
CREATE TABLE report_award_subjects (
	award_id bigint PRIMARY KEY,
	year     integer NOT NULL,
	unit_id  bigint NOT NULL,
	code     text NOT NULL,
	person   boolean NOT NULL,
	woman    boolean NOT NULL,
	leader   boolean NOT NULL
);

-- The pledge → result loop reads a year's titles.
CREATE INDEX award_history_year_idx ON award_history (year, award_code);

-- The same counters summed over the units: the years side by side read a
-- few dozen rows per year. Every change also updates its year's total row;
-- concurrent changes of the same measure and key wait on that row until
-- commit, which at the Sở's scale (a few writers, transactions of
-- milliseconds) costs nothing measurable.
CREATE TABLE report_totals (
	year    integer NOT NULL,
	measure text NOT NULL,
	key     text NOT NULL DEFAULT '',
	n       bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (year, measure, key)
);

CREATE FUNCTION report_bump(y integer, m text, u bigint, k text, d bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_counts AS c (year, measure, unit_id, key, n) VALUES (y, m, u, k, d)
	ON CONFLICT (year, measure, unit_id, key) DO UPDATE SET n = c.n + EXCLUDED.n;
	INSERT INTO report_totals AS t (year, measure, key, n) VALUES (y, m, k, d)
	ON CONFLICT (year, measure, key) DO UPDATE SET n = t.n + EXCLUDED.n;
$$;

-- Working days after a up to and including b (internal/calendar's
-- WorkingDaysBetween): weekends off unless listed as working, holidays off.
CREATE FUNCTION report_working_days(a date, b date) RETURNS integer LANGUAGE sql STABLE AS $$
	SELECT count(*)::integer FROM generate_series(a + 1, b, interval '1 day') g(d)
	LEFT JOIN holidays h ON h.day = g.d::date
	WHERE COALESCE(h.working, extract(isodow FROM g.d) < 6)
$$;

CREATE FUNCTION report_vn_date(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
	SELECT (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
$$;

CREATE FUNCTION report_dossier_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	y integer;
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.state = NEW.state AND OLD.unit_id = NEW.unit_id AND OLD.round_id = NEW.round_id
			AND OLD.appraised_at IS NOT DISTINCT FROM NEW.appraised_at
			AND OLD.submitted_at IS NOT DISTINCT FROM NEW.submitted_at THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		SELECT year INTO y FROM rounds WHERE id = OLD.round_id;
		PERFORM report_bump(y, 'dossier', OLD.unit_id, OLD.state, -1);
		IF OLD.appraised_at IS NOT NULL AND OLD.submitted_at IS NOT NULL THEN
			PERFORM report_bump(y, 'appraisal_days', OLD.unit_id,
				report_working_days(report_vn_date(OLD.submitted_at), report_vn_date(OLD.appraised_at))::text, -1);
		END IF;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		SELECT year INTO y FROM rounds WHERE id = NEW.round_id;
		PERFORM report_bump(y, 'dossier', NEW.unit_id, NEW.state, 1);
		IF NEW.appraised_at IS NOT NULL AND NEW.submitted_at IS NOT NULL THEN
			PERFORM report_bump(y, 'appraisal_days', NEW.unit_id,
				report_working_days(report_vn_date(NEW.submitted_at), report_vn_date(NEW.appraised_at))::text, 1);
		END IF;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER report_dossier_count AFTER INSERT OR UPDATE OR DELETE ON dossiers
	FOR EACH ROW EXECUTE FUNCTION report_dossier_count();

CREATE FUNCTION report_nomination_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	y integer;
	u bigint;
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.state = NEW.state AND OLD.dossier_id = NEW.dossier_id THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		SELECT r.year, d.unit_id INTO y, u FROM dossiers d JOIN rounds r ON r.id = d.round_id WHERE d.id = OLD.dossier_id;
		PERFORM report_bump(y, 'nomination', u, OLD.state, -1);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		SELECT r.year, d.unit_id INTO y, u FROM dossiers d JOIN rounds r ON r.id = d.round_id WHERE d.id = NEW.dossier_id;
		PERFORM report_bump(y, 'nomination', u, NEW.state, 1);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER report_nomination_count AFTER INSERT OR UPDATE OR DELETE ON nominations
	FOR EACH ROW EXECUTE FUNCTION report_nomination_count();

-- Each return for supplement (a supplement request) counts once.
CREATE FUNCTION report_returned_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	y integer;
	u bigint;
	did bigint;
	d bigint := 1;
BEGIN
	IF TG_OP = 'DELETE' THEN
		did := OLD.dossier_id;
		d := -1;
	ELSE
		did := NEW.dossier_id;
	END IF;
	SELECT r.year, x.unit_id INTO y, u FROM dossiers x JOIN rounds r ON r.id = x.round_id WHERE x.id = did;
	PERFORM report_bump(y, 'returned', u, '', d);
	RETURN NULL;
END $$;
CREATE TRIGGER report_returned_count AFTER INSERT OR DELETE ON supplement_requests
	FOR EACH ROW EXECUTE FUNCTION report_returned_count();

-- report_award_add counts one award_history row and remembers what it counted.
CREATE FUNCTION report_award_add(a award_history) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	s report_award_subjects;
BEGIN
	s.award_id := a.id;
	s.year := a.year;
	s.code := a.award_code;
	s.person := a.person_id IS NOT NULL;
	IF s.person THEN
		SELECT p.unit_id, p.gender = 'female', p.is_leader INTO s.unit_id, s.woman, s.leader FROM people p WHERE p.id = a.person_id;
	ELSE
		s.unit_id := a.unit_id;
		s.woman := false;
		s.leader := false;
	END IF;
	INSERT INTO report_award_subjects VALUES (s.*);
	PERFORM report_bump(s.year, 'award', s.unit_id, s.code, 1);
	IF s.person THEN
		PERFORM report_bump(s.year, 'award_person', s.unit_id, s.code, 1);
	END IF;
	IF s.woman THEN
		PERFORM report_bump(s.year, 'award_women', s.unit_id, s.code, 1);
	END IF;
	IF s.leader THEN
		PERFORM report_bump(s.year, 'award_leader', s.unit_id, s.code, 1);
	END IF;
END $$;

CREATE FUNCTION report_award_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	s report_award_subjects;
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.year = NEW.year AND OLD.award_code = NEW.award_code
			AND OLD.person_id IS NOT DISTINCT FROM NEW.person_id AND OLD.unit_id IS NOT DISTINCT FROM NEW.unit_id THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		DELETE FROM report_award_subjects WHERE award_id = OLD.id RETURNING * INTO s;
		IF FOUND THEN
			PERFORM report_bump(s.year, 'award', s.unit_id, s.code, -1);
			IF s.person THEN
				PERFORM report_bump(s.year, 'award_person', s.unit_id, s.code, -1);
			END IF;
			IF s.woman THEN
				PERFORM report_bump(s.year, 'award_women', s.unit_id, s.code, -1);
			END IF;
			IF s.leader THEN
				PERFORM report_bump(s.year, 'award_leader', s.unit_id, s.code, -1);
			END IF;
		END IF;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM report_award_add(NEW);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER report_award_count AFTER INSERT OR UPDATE OR DELETE ON award_history
	FOR EACH ROW EXECUTE FUNCTION report_award_count();

-- report_rebuild recomputes every counter from the base tables (awards
-- with their subjects' present unit, gender and leadership).
CREATE FUNCTION report_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM report_counts;
	DELETE FROM report_totals;
	DELETE FROM report_award_subjects;
	INSERT INTO report_counts (year, measure, unit_id, key, n)
	SELECT r.year, 'dossier', d.unit_id, d.state, count(*) FROM dossiers d JOIN rounds r ON r.id = d.round_id
	GROUP BY 1, 2, 3, 4;
	INSERT INTO report_counts (year, measure, unit_id, key, n)
	SELECT r.year, 'appraisal_days', d.unit_id,
		report_working_days(report_vn_date(d.submitted_at), report_vn_date(d.appraised_at))::text, count(*)
	FROM dossiers d JOIN rounds r ON r.id = d.round_id
	WHERE d.appraised_at IS NOT NULL AND d.submitted_at IS NOT NULL
	GROUP BY 1, 2, 3, 4;
	INSERT INTO report_counts (year, measure, unit_id, key, n)
	SELECT r.year, 'nomination', d.unit_id, n.state, count(*)
	FROM nominations n JOIN dossiers d ON d.id = n.dossier_id JOIN rounds r ON r.id = d.round_id
	GROUP BY 1, 2, 3, 4;
	INSERT INTO report_counts (year, measure, unit_id, key, n)
	SELECT r.year, 'returned', d.unit_id, '', count(*)
	FROM supplement_requests s JOIN dossiers d ON d.id = s.dossier_id JOIN rounds r ON r.id = d.round_id
	GROUP BY 1, 2, 3, 4;
	INSERT INTO report_award_subjects (award_id, year, unit_id, code, person, woman, leader)
	SELECT a.id, a.year, COALESCE(a.unit_id, p.unit_id), a.award_code, a.person_id IS NOT NULL,
		COALESCE(p.gender = 'female', false), COALESCE(p.is_leader, false)
	FROM award_history a LEFT JOIN people p ON p.id = a.person_id;
	INSERT INTO report_counts (year, measure, unit_id, key, n)
	SELECT year, m.measure, unit_id, code, count(*)
	FROM report_award_subjects s
	CROSS JOIN LATERAL (VALUES ('award', true), ('award_person', s.person), ('award_women', s.woman),
		('award_leader', s.leader)) m (measure, counted)
	WHERE m.counted
	GROUP BY 1, 2, 3, 4;
	INSERT INTO report_totals (year, measure, key, n)
	SELECT year, measure, key, sum(n) FROM report_counts GROUP BY 1, 2, 3;
END $$;

SELECT report_rebuild();

COMMIT;
