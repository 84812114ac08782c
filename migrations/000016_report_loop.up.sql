BEGIN;

-- The pledge → result loop of the annual summary, kept by triggers like the
-- counters of 000011. At province size a year holds about 20,000 pledged
-- titles and 40,000 nominations; joining them at request time cost the
-- summary 700 ms. Here every change to a pledge, a pledged person, a
-- nomination or an award recomputes the one (year, person, title) it
-- touches, and report_loop_counts holds how many people are in each class,
-- so the summary reads a few dozen rows.
--
-- report_loop: one row per (year, person, title) that was pledged, awarded
-- or nominated; nomination is the state of the person's latest nomination
-- for the title that year ('' when none).
CREATE TABLE report_loop (
	year       integer NOT NULL,
	person_id  bigint NOT NULL,
	code       text NOT NULL,
	pledged    boolean NOT NULL,
	awarded    boolean NOT NULL,
	nomination text NOT NULL,
	PRIMARY KEY (year, person_id, code)
);
CREATE INDEX report_loop_person_idx ON report_loop (person_id, code);

CREATE TABLE report_loop_counts (
	year       integer NOT NULL,
	code       text NOT NULL,
	pledged    boolean NOT NULL,
	awarded    boolean NOT NULL,
	nomination text NOT NULL,
	n          bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (year, code, pledged, awarded, nomination)
);

-- The titles a pledge can target (store.PledgeTitles) and the mapping of a
-- pledge's target to its award code.
CREATE FUNCTION report_loop_title(target text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE target WHEN 'cstdcs' THEN 'cstd_co_so' ELSE target END
$$;
CREATE FUNCTION report_loop_tracked(code text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT code IN ('ldtt', 'cstd_co_so', 'cstd_tinh')
$$;

CREATE FUNCTION report_loop_bump(r report_loop, d bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_loop_counts AS c (year, code, pledged, awarded, nomination, n)
	VALUES (r.year, r.code, r.pledged, r.awarded, r.nomination, d)
	ON CONFLICT (year, code, pledged, awarded, nomination) DO UPDATE SET n = c.n + EXCLUDED.n;
$$;

-- report_loop_refresh recomputes one (year, person, title) from the base
-- tables and moves it between classes. The advisory lock serialises the
-- refreshes of one key: a second transaction waits until the first commits
-- and then (READ COMMITTED: a new snapshot per statement) sees its changes.
CREATE FUNCTION report_loop_refresh(y integer, pid bigint, c text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	was report_loop;
	had boolean;
	cur report_loop;
BEGIN
	IF y IS NULL OR pid IS NULL OR NOT report_loop_tracked(c) THEN
		RETURN;
	END IF;
	PERFORM pg_advisory_xact_lock(hashtextextended('report_loop/' || y || '/' || pid || '/' || c, 0));
	cur.year := y;
	cur.person_id := pid;
	cur.code := c;
	cur.pledged := EXISTS (SELECT 1 FROM pledge_people pp JOIN pledges p ON p.id = pp.pledge_id
		WHERE pp.person_id = pid AND p.year = y AND p.status IN ('submitted', 'accepted') AND report_loop_title(pp.target) = c);
	cur.awarded := EXISTS (SELECT 1 FROM award_history WHERE person_id = pid AND year = y AND award_code = c);
	cur.nomination := COALESCE((SELECT n.state FROM nominations n JOIN rounds r ON r.id = n.round_id
		WHERE n.person_id = pid AND n.award_code = c AND r.year = y ORDER BY n.id DESC LIMIT 1), '');
	SELECT * INTO was FROM report_loop WHERE year = y AND person_id = pid AND code = c;
	had := FOUND;
	IF had AND was = cur THEN
		RETURN;
	END IF;
	IF had THEN
		PERFORM report_loop_bump(was, -1);
	END IF;
	IF cur.pledged OR cur.awarded OR cur.nomination <> '' THEN
		INSERT INTO report_loop VALUES (cur.*)
		ON CONFLICT (year, person_id, code) DO UPDATE
		SET pledged = EXCLUDED.pledged, awarded = EXCLUDED.awarded, nomination = EXCLUDED.nomination;
		PERFORM report_loop_bump(cur, 1);
	ELSIF had THEN
		DELETE FROM report_loop WHERE year = y AND person_id = pid AND code = c;
	END IF;
END $$;

-- report_loop_refresh_all refreshes every year the loop holds for a person
-- and title: a deleted pledged person whose pledge is gone too (cascade)
-- no longer says which year it was.
CREATE FUNCTION report_loop_refresh_all(pid bigint, c text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	y integer;
BEGIN
	FOR y IN SELECT year FROM report_loop WHERE person_id = pid AND code = c LOOP
		PERFORM report_loop_refresh(y, pid, c);
	END LOOP;
END $$;

CREATE FUNCTION report_loop_nomination() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.state = NEW.state AND OLD.person_id IS NOT DISTINCT FROM NEW.person_id
			AND OLD.award_code = NEW.award_code AND OLD.round_id = NEW.round_id THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.person_id IS NOT NULL THEN
		PERFORM report_loop_refresh((SELECT year FROM rounds WHERE id = OLD.round_id), OLD.person_id, OLD.award_code);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.person_id IS NOT NULL THEN
		PERFORM report_loop_refresh((SELECT year FROM rounds WHERE id = NEW.round_id), NEW.person_id, NEW.award_code);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER report_loop_nomination AFTER INSERT OR UPDATE OR DELETE ON nominations
	FOR EACH ROW EXECUTE FUNCTION report_loop_nomination();

CREATE FUNCTION report_loop_award() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.year = NEW.year AND OLD.award_code = NEW.award_code
			AND OLD.person_id IS NOT DISTINCT FROM NEW.person_id THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM report_loop_refresh(OLD.year, OLD.person_id, OLD.award_code);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM report_loop_refresh(NEW.year, NEW.person_id, NEW.award_code);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER report_loop_award AFTER INSERT OR UPDATE OR DELETE ON award_history
	FOR EACH ROW EXECUTE FUNCTION report_loop_award();

CREATE FUNCTION report_loop_pledge_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM report_loop_refresh_all(OLD.person_id, report_loop_title(OLD.target));
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM report_loop_refresh((SELECT year FROM pledges WHERE id = NEW.pledge_id), NEW.person_id, report_loop_title(NEW.target));
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER report_loop_pledge_person AFTER INSERT OR UPDATE OR DELETE ON pledge_people
	FOR EACH ROW EXECUTE FUNCTION report_loop_pledge_person();

-- A pledge changing status or year moves all of its people.
CREATE FUNCTION report_loop_pledge() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	pp record;
BEGIN
	IF OLD.status = NEW.status AND OLD.year = NEW.year THEN
		RETURN NULL;
	END IF;
	FOR pp IN SELECT person_id, report_loop_title(target) AS code FROM pledge_people WHERE pledge_id = NEW.id LOOP
		PERFORM report_loop_refresh(OLD.year, pp.person_id, pp.code);
		IF NEW.year <> OLD.year THEN
			PERFORM report_loop_refresh(NEW.year, pp.person_id, pp.code);
		END IF;
	END LOOP;
	RETURN NULL;
END $$;
CREATE TRIGGER report_loop_pledge AFTER UPDATE ON pledges
	FOR EACH ROW EXECUTE FUNCTION report_loop_pledge();

-- report_loop_rebuild recomputes the loop from the base tables (bench data
-- loaded with the triggers off, and the test that proves them right).
CREATE FUNCTION report_loop_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM report_loop;
	DELETE FROM report_loop_counts;
	INSERT INTO report_loop (year, person_id, code, pledged, awarded, nomination)
	WITH pl AS (
		SELECT DISTINCT p.year, pp.person_id, report_loop_title(pp.target) AS code, true AS yes
		FROM pledge_people pp JOIN pledges p ON p.id = pp.pledge_id WHERE p.status IN ('submitted', 'accepted')),
	aw AS (
		SELECT DISTINCT year, person_id, award_code AS code, true AS yes FROM award_history
		WHERE person_id IS NOT NULL AND report_loop_tracked(award_code)),
	nm AS (
		SELECT DISTINCT ON (r.year, n.person_id, n.award_code) r.year, n.person_id, n.award_code AS code, n.state
		FROM nominations n JOIN rounds r ON r.id = n.round_id
		WHERE n.person_id IS NOT NULL AND report_loop_tracked(n.award_code)
		ORDER BY r.year, n.person_id, n.award_code, n.id DESC)
	SELECT year, person_id, code, pl.yes IS NOT NULL, aw.yes IS NOT NULL, COALESCE(nm.state, '')
	FROM pl FULL JOIN aw USING (year, person_id, code) FULL JOIN nm USING (year, person_id, code);
	INSERT INTO report_loop_counts (year, code, pledged, awarded, nomination, n)
	SELECT year, code, pledged, awarded, nomination, count(*) FROM report_loop GROUP BY 1, 2, 3, 4, 5;
END $$;

SELECT report_loop_rebuild();

COMMIT;
