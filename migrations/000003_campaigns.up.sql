BEGIN;

-- Emulation campaigns (phong trào thi đua) launched by the office.
CREATE TABLE campaigns (
	id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	year                  integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	kind                  text NOT NULL CHECK (kind IN ('regular', 'periodic', 'thematic')),
	name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
	theme                 text NOT NULL DEFAULT '' CHECK (length(theme) <= 300),
	objectives            text NOT NULL DEFAULT '' CHECK (length(objectives) <= 5000),
	doc_number            text NOT NULL DEFAULT '' CHECK (length(doc_number) <= 50),
	doc_date              date,
	doc_issuer            text NOT NULL DEFAULT '' CHECK (length(doc_issuer) <= 200),
	launch_on             date NOT NULL,
	starts_on             date,
	ends_on               date,
	registration_deadline date NOT NULL,
	mid_review_on         date,
	final_review_on       date,
	status                text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'launched', 'closed')),
	launched_at           timestamptz,
	closed_at             timestamptz,
	version               integer NOT NULL DEFAULT 1,
	created_at            timestamptz NOT NULL DEFAULT now(),
	updated_at            timestamptz NOT NULL DEFAULT now(),
	CHECK (registration_deadline >= launch_on),
	CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
	CHECK (kind <> 'periodic' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL))
);
CREATE INDEX campaigns_year_idx ON campaigns (year DESC, id DESC);

-- The criteria (tiêu chí) and targets of a campaign, in order.
CREATE TABLE campaign_criteria (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	campaign_id bigint NOT NULL REFERENCES campaigns (id),
	position    integer NOT NULL,
	title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	target      text NOT NULL DEFAULT '' CHECK (length(target) <= 500),
	UNIQUE (campaign_id, position)
);

-- The units taking part in a campaign.
CREATE TABLE campaign_units (
	campaign_id bigint NOT NULL REFERENCES campaigns (id),
	unit_id     bigint NOT NULL REFERENCES units (id),
	PRIMARY KEY (campaign_id, unit_id)
);
CREATE INDEX campaign_units_unit_idx ON campaign_units (unit_id);

-- A unit's pledge (đăng ký thi đua) for a campaign; kept per year so that
-- later rounds can flag nominees who never registered (R41).
CREATE TABLE pledges (
	id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	campaign_id       bigint NOT NULL,
	unit_id           bigint NOT NULL,
	year              integer NOT NULL,
	status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
	collective_target text NOT NULL DEFAULT '' CHECK (collective_target IN ('', 'ttldtt', 'ttldxs', 'co_tinh')),
	late              boolean NOT NULL DEFAULT false,
	submitted_at      timestamptz,
	decided_at        timestamptz,
	return_reason     text NOT NULL DEFAULT '' CHECK (length(return_reason) <= 2000),
	version           integer NOT NULL DEFAULT 1,
	created_at        timestamptz NOT NULL DEFAULT now(),
	updated_at        timestamptz NOT NULL DEFAULT now(),
	UNIQUE (campaign_id, unit_id),
	FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);
CREATE INDEX pledges_year_unit_idx ON pledges (year, unit_id);

-- The unit's commitment for each campaign criterion.
CREATE TABLE pledge_commitments (
	pledge_id    bigint NOT NULL REFERENCES pledges (id),
	criterion_id bigint NOT NULL REFERENCES campaign_criteria (id),
	text         text NOT NULL CHECK (length(text) <= 2000),
	PRIMARY KEY (pledge_id, criterion_id)
);

-- The individual target titles of the unit's people.
CREATE TABLE pledge_people (
	pledge_id bigint NOT NULL REFERENCES pledges (id),
	person_id bigint NOT NULL REFERENCES people (id),
	target    text NOT NULL CHECK (target IN ('ldtt', 'cstdcs', 'cstd_tinh')),
	PRIMARY KEY (pledge_id, person_id)
);
CREATE INDEX pledge_people_person_idx ON pledge_people (person_id);

-- Emulation blocs: the Sở's internal bloc, provincial Khối, ministry Cụm.
CREATE TABLE blocs (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind        text NOT NULL CHECK (kind IN ('internal', 'khoi', 'cum')),
	description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
	version     integer NOT NULL DEFAULT 1,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX blocs_name_key ON blocs (lower(name));

-- A bloc in one year: covenant, quotas (R42) and the scoring phase.
CREATE TABLE bloc_years (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bloc_id         bigint NOT NULL REFERENCES blocs (id),
	year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	phase           text NOT NULL DEFAULT 'setup' CHECK (phase IN ('setup', 'scoring', 'closed')),
	covenant        text NOT NULL DEFAULT '' CHECK (length(covenant) <= 10000),
	quota_flag      integer NOT NULL DEFAULT 1 CHECK (quota_flag BETWEEN 0 AND 5),
	quota_merit     integer NOT NULL DEFAULT 0 CHECK (quota_merit BETWEEN 0 AND 50),
	scoring_open_at timestamptz,
	closed_at       timestamptz,
	version         integer NOT NULL DEFAULT 1,
	created_at      timestamptz NOT NULL DEFAULT now(),
	updated_at      timestamptz NOT NULL DEFAULT now(),
	UNIQUE (bloc_id, year)
);

-- The member units of a bloc-year, their role (R40) and covenant signature (R41).
CREATE TABLE bloc_members (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bloc_year_id bigint NOT NULL REFERENCES bloc_years (id),
	unit_id      bigint NOT NULL REFERENCES units (id),
	label        text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
	role         text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'head', 'deputy')),
	signed_at    timestamptz,
	signed_by    bigint REFERENCES users (id),
	created_at   timestamptz NOT NULL DEFAULT now(),
	UNIQUE (bloc_year_id, unit_id)
);
CREATE UNIQUE INDEX bloc_members_one_head ON bloc_members (bloc_year_id) WHERE role = 'head';
CREATE INDEX bloc_members_unit_idx ON bloc_members (unit_id);

-- The criteria tree of a bloc-year: sections and scored items (points in
-- hundredths; weight in percent).
CREATE TABLE bloc_criteria (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bloc_year_id bigint NOT NULL REFERENCES bloc_years (id),
	parent_id    bigint REFERENCES bloc_criteria (id),
	position     integer NOT NULL,
	kind         text NOT NULL CHECK (kind IN ('section', 'item', 'bonus', 'deduction')),
	code         text NOT NULL DEFAULT '' CHECK (length(code) <= 20),
	title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	max_points   integer NOT NULL DEFAULT 0 CHECK (max_points BETWEEN 0 AND 100000),
	weight       integer NOT NULL DEFAULT 100 CHECK (weight BETWEEN 1 AND 1000),
	UNIQUE (bloc_year_id, position)
);

-- One member's score on one criterion: self-score, verification, dispute.
CREATE TABLE bloc_scores (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bloc_year_id    bigint NOT NULL REFERENCES bloc_years (id),
	member_id       bigint NOT NULL REFERENCES bloc_members (id),
	criterion_id    bigint NOT NULL REFERENCES bloc_criteria (id),
	status          text NOT NULL CHECK (status IN ('self', 'verified', 'disputed', 'resolved')),
	self_points     integer NOT NULL CHECK (self_points >= 0),
	self_comment    text NOT NULL DEFAULT '' CHECK (length(self_comment) <= 2000),
	verified_points integer CHECK (verified_points >= 0),
	verify_reason   text NOT NULL DEFAULT '' CHECK (length(verify_reason) <= 2000),
	verified_by     bigint REFERENCES users (id),
	verified_at     timestamptz,
	dispute_reason  text NOT NULL DEFAULT '' CHECK (length(dispute_reason) <= 2000),
	disputed_at     timestamptz,
	resolve_note    text NOT NULL DEFAULT '' CHECK (length(resolve_note) <= 2000),
	version         integer NOT NULL DEFAULT 1,
	created_at      timestamptz NOT NULL DEFAULT now(),
	updated_at      timestamptz NOT NULL DEFAULT now(),
	UNIQUE (member_id, criterion_id),
	CHECK (status = 'self' OR verified_points IS NOT NULL)
);
CREATE INDEX bloc_scores_year_idx ON bloc_scores (bloc_year_id);

-- The honour vote (suy tôn): which members each member honours.
CREATE TABLE bloc_votes (
	bloc_year_id bigint NOT NULL REFERENCES bloc_years (id),
	voter_id     bigint NOT NULL REFERENCES bloc_members (id),
	chosen_id    bigint NOT NULL REFERENCES bloc_members (id),
	created_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (voter_id, chosen_id),
	CHECK (voter_id <> chosen_id)
);
CREATE INDEX bloc_votes_year_idx ON bloc_votes (bloc_year_id);

-- The bloc's proposals (e.g. one Cờ thi đua, N Bằng khen) that later feed
-- the nominations workflow.
CREATE TABLE bloc_proposals (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bloc_year_id bigint NOT NULL REFERENCES bloc_years (id),
	member_id    bigint NOT NULL REFERENCES bloc_members (id),
	award        text NOT NULL CHECK (award IN ('co_tinh', 'bang_khen')),
	rank         integer NOT NULL,
	total_points integer NOT NULL,
	created_at   timestamptz NOT NULL DEFAULT now(),
	UNIQUE (bloc_year_id, member_id)
);

COMMIT;
