BEGIN;

-- Rounds (đợt xét khen thưởng): the office opens one for a year-end review,
-- a campaign review or an ad hoc award, with a submission deadline.
CREATE TABLE rounds (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind        text NOT NULL CHECK (kind IN ('year_end', 'campaign', 'ad_hoc')),
	year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
	deadline    date NOT NULL, -- submission deadline
	state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
	version     integer NOT NULL DEFAULT 1,
	created_by  bigint REFERENCES users (id),
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rounds_title_key ON rounds (year, lower(title));
CREATE INDEX rounds_year_idx ON rounds (year DESC, id DESC);

-- Dossiers (hồ sơ đề nghị khen thưởng): one per unit per round. The state
-- follows internal/dossier's table; version counts transitions (I1).
CREATE TABLE dossiers (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	round_id     bigint NOT NULL REFERENCES rounds (id),
	unit_id      bigint NOT NULL REFERENCES units (id),
	state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'appraising', 'returned',
		'appraised', 'in_council', 'concluded', 'decided', 'closed', 'withdrawn')),
	version      integer NOT NULL DEFAULT 1,
	submitted_at timestamptz, -- last (re)submission: the appraisal deadline counts from here (R29)
	received_at  timestamptz,
	appraised_at timestamptz,
	created_by   bigint REFERENCES users (id),
	created_at   timestamptz NOT NULL DEFAULT now(),
	updated_at   timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT dossiers_round_unit_key UNIQUE (round_id, unit_id)
);
CREATE INDEX dossiers_unit_idx ON dossiers (unit_id, id DESC);
CREATE INDEX dossiers_queue_idx ON dossiers (state, submitted_at) WHERE state IN ('submitted', 'appraising');

-- Nominations (đề nghị): a person or a collective for one award type. The
-- same subject is proposed at most once per award in a round (R14).
CREATE TABLE nominations (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	dossier_id      bigint NOT NULL REFERENCES dossiers (id),
	round_id        bigint NOT NULL REFERENCES rounds (id),
	person_id       bigint REFERENCES people (id),
	subject_unit_id bigint REFERENCES units (id),
	award_code      text NOT NULL REFERENCES award_types (code),
	commendation    text NOT NULL CHECK (commendation IN ('merit', 'campaign', 'ad_hoc', 'contribution')),
	summary         text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000), -- achievement summary
	justification   text NOT NULL DEFAULT '' CHECK (length(justification) <= 5000),
	flagged         boolean NOT NULL DEFAULT false, -- the engine said not eligible when picked
	pick_verdict    jsonb,                          -- the engine's verdict when picked
	state           text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'eligible', 'ineligible', 'on_hold',
		'passed', 'failed', 'awarded', 'forwarded', 'awarded_external', 'rejected_external', 'revoked')),
	mark_reason     text NOT NULL DEFAULT '',
	verdict         jsonb,                          -- the engine's verdict at appraisal (snapshot)
	rule_set        text NOT NULL DEFAULT '',       -- R32: the rules in force on the consideration date
	appraised_by    bigint REFERENCES users (id),
	appraised_at    timestamptz,
	version         integer NOT NULL DEFAULT 1,
	created_by      bigint REFERENCES users (id),
	created_at      timestamptz NOT NULL DEFAULT now(),
	updated_at      timestamptz NOT NULL DEFAULT now(),
	CHECK ((person_id IS NULL) <> (subject_unit_id IS NULL)),
	CHECK (NOT flagged OR length(justification) > 0)
);
CREATE UNIQUE INDEX nominations_subject_key ON nominations
	(round_id, (person_id IS NULL), COALESCE(person_id, subject_unit_id), award_code);
CREATE INDEX nominations_dossier_idx ON nominations (dossier_id, id);
CREATE INDEX nominations_person_idx ON nominations (person_id) WHERE person_id IS NOT NULL;

-- Documents of a dossier: a stored file (attachments, 000002) and the
-- required document it satisfies, for one nomination or the whole dossier.
CREATE TABLE dossier_attachments (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	dossier_id    bigint NOT NULL REFERENCES dossiers (id),
	nomination_id bigint REFERENCES nominations (id) ON DELETE CASCADE,
	attachment_id bigint NOT NULL REFERENCES attachments (id),
	doc_kind      text NOT NULL CHECK (length(doc_kind) BETWEEN 1 AND 100),
	copy_kind     text NOT NULL DEFAULT 'original' CHECK (copy_kind IN ('original', 'certified_copy')), -- R28
	created_by    bigint REFERENCES users (id),
	created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_attachments_dossier_idx ON dossier_attachments (dossier_id, id);

-- Supplement requests: the office's written list when it returns a dossier.
CREATE TABLE supplement_requests (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	dossier_id   bigint NOT NULL REFERENCES dossiers (id),
	items        text NOT NULL CHECK (length(items) BETWEEN 1 AND 5000),
	due_on       date,
	requested_by bigint REFERENCES users (id),
	requested_at timestamptz NOT NULL DEFAULT now(),
	answered_at  timestamptz
);
CREATE INDEX supplement_requests_dossier_idx ON supplement_requests (dossier_id, id);

-- Public holidays and the weekend days worked in exchange (working = true);
-- deadlines count working days. Seeded with 2024–2026 (internal/calendar).
CREATE TABLE holidays (
	day        date PRIMARY KEY,
	name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	working    boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO holidays (day, name, working) VALUES
	('2024-01-01', 'Tết Dương lịch', false),
	('2024-02-08', 'Tết Nguyên đán', false),
	('2024-02-09', 'Tết Nguyên đán', false),
	('2024-02-10', 'Tết Nguyên đán', false),
	('2024-02-11', 'Tết Nguyên đán', false),
	('2024-02-12', 'Tết Nguyên đán', false),
	('2024-02-13', 'Tết Nguyên đán', false),
	('2024-02-14', 'Tết Nguyên đán', false),
	('2024-04-18', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', false),
	('2024-04-29', 'Nghỉ hoán đổi dịp 30/4 – 1/5', false),
	('2024-04-30', 'Ngày Chiến thắng (30/4)', false),
	('2024-05-01', 'Ngày Quốc tế Lao động (1/5)', false),
	('2024-05-04', 'Làm bù cho ngày nghỉ hoán đổi', true),
	('2024-09-02', 'Quốc khánh (2/9)', false),
	('2024-09-03', 'Nghỉ Quốc khánh', false),
	('2025-01-01', 'Tết Dương lịch', false),
	('2025-01-25', 'Tết Nguyên đán', false),
	('2025-01-26', 'Tết Nguyên đán', false),
	('2025-01-27', 'Tết Nguyên đán', false),
	('2025-01-28', 'Tết Nguyên đán', false),
	('2025-01-29', 'Tết Nguyên đán', false),
	('2025-01-30', 'Tết Nguyên đán', false),
	('2025-01-31', 'Tết Nguyên đán', false),
	('2025-02-01', 'Tết Nguyên đán', false),
	('2025-02-02', 'Tết Nguyên đán', false),
	('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', false),
	('2025-04-26', 'Làm bù cho ngày nghỉ hoán đổi', true),
	('2025-04-30', 'Ngày Chiến thắng (30/4)', false),
	('2025-05-01', 'Ngày Quốc tế Lao động (1/5)', false),
	('2025-05-02', 'Nghỉ hoán đổi dịp 30/4 – 1/5', false),
	('2025-09-01', 'Nghỉ Quốc khánh', false),
	('2025-09-02', 'Quốc khánh (2/9)', false),
	('2026-01-01', 'Tết Dương lịch', false),
	('2026-02-14', 'Tết Nguyên đán', false),
	('2026-02-15', 'Tết Nguyên đán', false),
	('2026-02-16', 'Tết Nguyên đán', false),
	('2026-02-17', 'Tết Nguyên đán', false),
	('2026-02-18', 'Tết Nguyên đán', false),
	('2026-02-19', 'Tết Nguyên đán', false),
	('2026-02-20', 'Tết Nguyên đán', false),
	('2026-02-21', 'Tết Nguyên đán', false),
	('2026-02-22', 'Tết Nguyên đán', false),
	('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', false),
	('2026-04-30', 'Ngày Chiến thắng (30/4)', false),
	('2026-05-01', 'Ngày Quốc tế Lao động (1/5)', false),
	('2026-09-01', 'Nghỉ Quốc khánh', false),
	('2026-09-02', 'Quốc khánh (2/9)', false);

COMMIT;
