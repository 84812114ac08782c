BEGIN;

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- IMMUTABLE wrapper so that accent-insensitive search can use an index.
CREATE FUNCTION f_unaccent(text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
	AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE TABLE units (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	short_name  text NOT NULL DEFAULT '' CHECK (length(short_name) <= 50),
	kind        text NOT NULL CHECK (kind IN ('department', 'affiliated', 'external')),
	parent_id   bigint REFERENCES units (id),
	active      boolean NOT NULL DEFAULT true,
	active_from date,
	active_to   date,
	sort_order  integer NOT NULL DEFAULT 0,
	version     integer NOT NULL DEFAULT 1,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	CHECK (active_to IS NULL OR active_from IS NULL OR active_to >= active_from)
);
CREATE UNIQUE INDEX units_name_key ON units (lower(name));

CREATE TABLE people (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	unit_id       bigint NOT NULL REFERENCES units (id),
	full_name     text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
	gender        text NOT NULL CHECK (gender IN ('male', 'female')),
	birth_date    date,
	position      text NOT NULL DEFAULT '' CHECK (length(position) <= 200),
	is_leader     boolean NOT NULL DEFAULT false,
	employment    text NOT NULL CHECK (employment IN ('cadre', 'civil_servant', 'public_employee', 'worker')),
	recruited_on  date,
	active        boolean NOT NULL DEFAULT true,
	version       integer NOT NULL DEFAULT 1,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	-- The name without accents, lower case: what search matches against.
	search_name   text GENERATED ALWAYS AS (lower(f_unaccent(full_name))) STORED
);
CREATE INDEX people_unit_idx ON people (unit_id);
CREATE INDEX people_unit_active_idx ON people (unit_id) WHERE active; -- head counts per unit
CREATE INDEX people_name_vi_idx ON people ((full_name COLLATE "vi-VN-x-icu"), id);
CREATE INDEX people_search_idx ON people USING gin (search_name gin_trgm_ops);

-- Head counts of the active staff per unit, kept by a trigger in the same
-- transaction as every change to people, so that lists and summaries never
-- count the whole people table.
CREATE TABLE unit_headcounts (
	unit_id bigint PRIMARY KEY REFERENCES units (id),
	people  integer NOT NULL DEFAULT 0 CHECK (people >= 0),
	women   integer NOT NULL DEFAULT 0 CHECK (women >= 0),
	leaders integer NOT NULL DEFAULT 0 CHECK (leaders >= 0)
);

CREATE FUNCTION people_headcount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.unit_id = NEW.unit_id AND OLD.active = NEW.active
			AND OLD.gender = NEW.gender AND OLD.is_leader = NEW.is_leader THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.active THEN
		UPDATE unit_headcounts SET people = people - 1, women = women - (OLD.gender = 'female')::int,
			leaders = leaders - OLD.is_leader::int
		WHERE unit_id = OLD.unit_id;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.active THEN
		INSERT INTO unit_headcounts AS h (unit_id, people, women, leaders)
		VALUES (NEW.unit_id, 1, (NEW.gender = 'female')::int, NEW.is_leader::int)
		ON CONFLICT (unit_id) DO UPDATE SET people = h.people + 1, women = h.women + EXCLUDED.women,
			leaders = h.leaders + EXCLUDED.leaders;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER people_headcount AFTER INSERT OR UPDATE OR DELETE ON people
	FOR EACH ROW EXECUTE FUNCTION people_headcount();

CREATE TABLE users (
	id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id           bigint UNIQUE REFERENCES people (id),
	username            text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
	display_name        text NOT NULL DEFAULT '',
	password_hash       text NOT NULL,
	roles               text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['admin', 'office', 'dept_head', 'council', 'chair', 'leader', 'bloc_member']),
	disabled            boolean NOT NULL DEFAULT false,
	session_epoch       integer NOT NULL DEFAULT 1,
	roles_version       integer NOT NULL DEFAULT 1,
	last_login_at       timestamptz,
	password_changed_at timestamptz,
	must_change_password boolean NOT NULL DEFAULT false, -- set by an admin's reset or a new account
	version             integer NOT NULL DEFAULT 1,
	created_at          timestamptz NOT NULL DEFAULT now(),
	updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (username);

-- Failed sign-ins per login name (known or not, so that throttling does not
-- reveal which accounts exist).
CREATE TABLE login_throttle (
	login           text PRIMARY KEY,
	failures        integer NOT NULL DEFAULT 0,
	locked_until    timestamptz,
	last_failure_at timestamptz NOT NULL DEFAULT now()
);

-- Sessions of github.com/alexedwards/scs/pgxstore.
CREATE TABLE sessions (
	token  text PRIMARY KEY,
	data   bytea NOT NULL,
	expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Staff list imports: parsed rows wait here for the admin's confirmation.
CREATE TABLE imports (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind        text NOT NULL CHECK (kind IN ('people')),
	filename    text NOT NULL,
	rows        jsonb NOT NULL,
	row_count   integer NOT NULL,
	error_count integer NOT NULL,
	status      text NOT NULL DEFAULT 'preview' CHECK (status IN ('preview', 'applied', 'cancelled')),
	created_by  bigint NOT NULL REFERENCES users (id),
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Form submissions already handled: a create form carries a random
-- submission id, so that a double click or a replayed POST creates nothing
-- twice (the UNIQUE key decides, even under concurrency).
CREATE TABLE submissions (
	id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
	user_id     bigint REFERENCES users (id),
	object_type text NOT NULL,
	object_id   bigint,
	created_at  timestamptz NOT NULL DEFAULT now()
);

-- The audit trail: append-only and hash-chained. Each event stores the hash
-- of the one before it and sha256(prev_hash || event_content(...)), so that
-- an edited or deleted row breaks the chain (see store.VerifyEvents).
CREATE TABLE events (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at          timestamptz NOT NULL DEFAULT now(),
	actor_id    bigint REFERENCES users (id),
	action      text NOT NULL,
	object_type text NOT NULL,
	object_id   bigint,
	before      jsonb,
	after       jsonb,
	reason      text NOT NULL DEFAULT '',
	request_id  text NOT NULL DEFAULT '',
	client_ip   text NOT NULL DEFAULT '',
	prev_hash   bytea NOT NULL,
	hash        bytea NOT NULL
);
CREATE INDEX events_object_idx ON events (object_type, object_id, id);
CREATE INDEX events_actor_idx ON events (actor_id, id);

-- The hashed content of an event: independent of session settings
-- (time as epoch microseconds, jsonb in its canonical text form).
CREATE FUNCTION event_content(at timestamptz, actor_id bigint, action text, object_type text, object_id bigint,
		before jsonb, after jsonb, reason text, request_id text, client_ip text) RETURNS bytea
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT convert_to(concat_ws(chr(31),
		(extract(epoch FROM at) * 1000000)::bigint::text, COALESCE(actor_id::text, ''), action, object_type,
		COALESCE(object_id::text, ''), COALESCE(before::text, ''), COALESCE(after::text, ''), reason, request_id,
		client_ip), 'UTF8') $$;

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
	FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
	FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

COMMIT;
