BEGIN;

-- The Hội đồng TĐ-KT Sở: who sits on it, in which role, over which period
-- (internal/council). The office keeps it.
CREATE TABLE council_members (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id  bigint NOT NULL REFERENCES people (id),
	role       text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'standing', 'member', 'secretary')),
	from_on    date NOT NULL,
	to_on      date CHECK (to_on IS NULL OR to_on >= from_on),
	version    integer NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX council_members_person_idx ON council_members (person_id);

-- A council session (phiên họp): the meeting that votes on an agenda.
-- round is the ballot round in progress or last closed (0: none yet).
CREATE TABLE council_sessions (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
	held_on    date NOT NULL,
	place      text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
	state      text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed', 'concluded')),
	round      integer NOT NULL DEFAULT 0 CHECK (round >= 0),
	mode       text NOT NULL DEFAULT 'electronic' CHECK (mode IN ('electronic', 'paper')),
	rule_set   text NOT NULL DEFAULT '', -- R32: the rules in force on the session date
	version    integer NOT NULL DEFAULT 1,
	created_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX council_sessions_held_idx ON council_sessions (held_on DESC, id DESC);

-- The agenda: appraised eligible nominations, grouped by award. A
-- nomination is on at most one session that has not concluded (store).
CREATE TABLE agenda_items (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	session_id    bigint NOT NULL REFERENCES council_sessions (id),
	nomination_id bigint NOT NULL REFERENCES nominations (id),
	award_code    text NOT NULL REFERENCES award_types (code),
	result        text NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'passed', 'failed')),
	UNIQUE (session_id, nomination_id)
);
CREATE INDEX agenda_items_nomination_idx ON agenda_items (nomination_id);

-- Attendance: one row per member seated on the session date.
CREATE TABLE attendance (
	session_id bigint NOT NULL REFERENCES council_sessions (id),
	member_id  bigint NOT NULL REFERENCES council_members (id),
	present    boolean NOT NULL DEFAULT false,
	PRIMARY KEY (session_id, member_id)
);

-- One ballot per session and round. Once open, its items, their
-- thresholds and the members entitled to vote are locked; at close the
-- entitled list is frozen with presence and participation, and the tally
-- is stored with each item.
CREATE TABLE ballots (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	session_id bigint NOT NULL REFERENCES council_sessions (id),
	round      integer NOT NULL CHECK (round >= 1),
	mode       text NOT NULL CHECK (mode IN ('electronic', 'paper')),
	state      text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'reset')),
	total      integer NOT NULL CHECK (total > 0), -- members of the council: the percentage base
	present    integer NOT NULL CHECK (present BETWEEN 0 AND total),
	voted      integer, -- receipts at close
	reason     text NOT NULL DEFAULT '', -- why it was reset
	opened_by  bigint REFERENCES users (id),
	opened_at  timestamptz NOT NULL DEFAULT now(),
	closed_by  bigint REFERENCES users (id),
	closed_at  timestamptz
);
CREATE UNIQUE INDEX ballots_round_key ON ballots (session_id, round) WHERE state <> 'reset';
CREATE UNIQUE INDEX ballots_open_key ON ballots (session_id) WHERE state = 'open';

CREATE TABLE ballot_entitled (
	ballot_id bigint NOT NULL REFERENCES ballots (id),
	member_id bigint NOT NULL REFERENCES council_members (id),
	person_id bigint NOT NULL REFERENCES people (id),
	role      text NOT NULL,
	present   boolean NOT NULL,
	voted     boolean, -- set at close
	PRIMARY KEY (ballot_id, member_id)
);

CREATE TABLE ballot_items (
	ballot_id      bigint NOT NULL REFERENCES ballots (id),
	agenda_item_id bigint NOT NULL REFERENCES agenda_items (id),
	position       integer NOT NULL,
	threshold_num  integer NOT NULL CHECK (threshold_num > 0),
	threshold_den  integer NOT NULL CHECK (threshold_den >= threshold_num),
	-- The tally, stored at close (R24).
	agree          integer,
	disagree       integer,
	abstain        integer,
	written        integer,
	recused        integer,
	not_voted      integer,
	passed         boolean,
	PRIMARY KEY (ballot_id, agenda_item_id)
);

-- Who voted (participation): the member and the ballot, nothing else — no
-- time, no sequence, no code. The primary key refuses a second vote by the
-- same member, even from concurrent requests.
CREATE TABLE ballot_receipts (
	ballot_id bigint NOT NULL REFERENCES ballots (id),
	member_id bigint NOT NULL REFERENCES council_members (id),
	PRIMARY KEY (ballot_id, member_id)
);

-- What was voted: the receipt code (random, shown only to the voter) and a
-- choice per item — no member, no time, no sequence. Every vote is written
-- again in random order by each later vote and by the close, so that no
-- system column (xmin, ctid) ties a vote row to the receipt written in the
-- same transaction (reliability.md §1.5, I7).
CREATE TABLE ballot_votes (
	ballot_id      bigint NOT NULL REFERENCES ballots (id),
	receipt_code   text NOT NULL CHECK (receipt_code ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}$'),
	agenda_item_id bigint NOT NULL REFERENCES agenda_items (id),
	choice         text NOT NULL CHECK (choice IN ('agree', 'disagree', 'abstain')),
	PRIMARY KEY (ballot_id, receipt_code, agenda_item_id)
);

-- Members who recused from an item (a named record: recusal is public).
CREATE TABLE ballot_recusals (
	ballot_id      bigint NOT NULL REFERENCES ballots (id),
	member_id      bigint NOT NULL REFERENCES council_members (id),
	agenda_item_id bigint NOT NULL REFERENCES agenda_items (id),
	PRIMARY KEY (ballot_id, member_id, agenda_item_id)
);

-- Written opinions of absent members, entered by the secretary: named
-- records, not secret (R22).
CREATE TABLE ballot_written_votes (
	ballot_id      bigint NOT NULL REFERENCES ballots (id),
	member_id      bigint NOT NULL REFERENCES council_members (id),
	agenda_item_id bigint NOT NULL REFERENCES agenda_items (id),
	choice         text NOT NULL CHECK (choice IN ('agree', 'disagree', 'abstain')),
	entered_by     bigint REFERENCES users (id),
	PRIMARY KEY (ballot_id, member_id, agenda_item_id)
);

-- Paper ballots: counts per item entered by one person and confirmed by
-- another.
CREATE TABLE ballot_paper_counts (
	ballot_id      bigint NOT NULL REFERENCES ballots (id),
	agenda_item_id bigint NOT NULL REFERENCES agenda_items (id),
	agree          integer NOT NULL CHECK (agree >= 0),
	disagree       integer NOT NULL CHECK (disagree >= 0),
	abstain        integer NOT NULL CHECK (abstain >= 0),
	entered_by     bigint NOT NULL REFERENCES users (id),
	confirmed_by   bigint REFERENCES users (id) CHECK (confirmed_by IS NULL OR confirmed_by <> entered_by),
	PRIMARY KEY (ballot_id, agenda_item_id)
);

-- Finality (reliability.md §1.6(4)): nothing is added to, changed in or
-- removed from a ballot once it is no longer open, whoever asks.
CREATE FUNCTION ballot_open_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	b bigint;
	st text;
BEGIN
	IF TG_OP = 'DELETE' THEN b := OLD.ballot_id; ELSE b := NEW.ballot_id; END IF;
	SELECT state INTO st FROM ballots WHERE id = b;
	IF st IS DISTINCT FROM 'open' THEN
		RAISE EXCEPTION 'ballot % is %: its votes cannot change', b, COALESCE(st, 'missing') USING ERRCODE = 'P0001';
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.ballot_id <> NEW.ballot_id THEN
		RAISE EXCEPTION 'a vote cannot move to another ballot' USING ERRCODE = 'P0001';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END $$;

CREATE FUNCTION ballot_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'ballot records cannot be truncated' USING ERRCODE = 'P0001';
END $$;

CREATE TRIGGER ballot_votes_open_only BEFORE INSERT OR UPDATE OR DELETE ON ballot_votes
	FOR EACH ROW EXECUTE FUNCTION ballot_open_only();
CREATE TRIGGER ballot_receipts_open_only BEFORE INSERT OR UPDATE OR DELETE ON ballot_receipts
	FOR EACH ROW EXECUTE FUNCTION ballot_open_only();
CREATE TRIGGER ballot_recusals_open_only BEFORE INSERT OR UPDATE OR DELETE ON ballot_recusals
	FOR EACH ROW EXECUTE FUNCTION ballot_open_only();
CREATE TRIGGER ballot_written_open_only BEFORE INSERT OR UPDATE OR DELETE ON ballot_written_votes
	FOR EACH ROW EXECUTE FUNCTION ballot_open_only();
CREATE TRIGGER ballot_paper_open_only BEFORE INSERT OR UPDATE OR DELETE ON ballot_paper_counts
	FOR EACH ROW EXECUTE FUNCTION ballot_open_only();
CREATE TRIGGER ballot_votes_no_truncate BEFORE TRUNCATE ON ballot_votes
	FOR EACH STATEMENT EXECUTE FUNCTION ballot_no_truncate();
CREATE TRIGGER ballot_receipts_no_truncate BEFORE TRUNCATE ON ballot_receipts
	FOR EACH STATEMENT EXECUTE FUNCTION ballot_no_truncate();

-- A closed ballot stays closed, with its tally and its frozen lists.
CREATE FUNCTION ballot_closed_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF OLD.state = 'closed' THEN
			RAISE EXCEPTION 'a closed ballot cannot be deleted' USING ERRCODE = 'P0001';
		END IF;
		RETURN OLD;
	END IF;
	IF OLD.state <> 'open' THEN
		RAISE EXCEPTION 'ballot % is %: it cannot change', OLD.id, OLD.state USING ERRCODE = 'P0001';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER ballots_closed_final BEFORE UPDATE OR DELETE ON ballots
	FOR EACH ROW EXECUTE FUNCTION ballot_closed_final();

CREATE FUNCTION ballot_lists_final() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	st text;
BEGIN
	SELECT state INTO st FROM ballots WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.ballot_id ELSE NEW.ballot_id END;
	IF st = 'closed' THEN
		RAISE EXCEPTION 'the lists of a closed ballot cannot change' USING ERRCODE = 'P0001';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER ballot_entitled_final BEFORE INSERT OR UPDATE OR DELETE ON ballot_entitled
	FOR EACH ROW EXECUTE FUNCTION ballot_lists_final();
CREATE TRIGGER ballot_items_final BEFORE INSERT OR UPDATE OR DELETE ON ballot_items
	FOR EACH ROW EXECUTE FUNCTION ballot_lists_final();

COMMIT;
