BEGIN;

-- Years whose days off the office has confirmed against the Government's
-- notice; other years count deadlines on the computed proposal
-- (internal/calendar.Proposed). The seeded 2024–2026 lists are the
-- announced ones.
CREATE TABLE holiday_years (
	year         integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	confirmed_at timestamptz NOT NULL DEFAULT now(),
	confirmed_by bigint REFERENCES users (id)
);
INSERT INTO holiday_years (year) VALUES (2024), (2025), (2026);

-- Staff ratings from 2026 (NĐ 335/2025/NĐ-CP, R43): the points of the
-- general criteria (up to 30) and of the task results (up to 70); the level
-- follows from their sum, or is KHT regardless for one of the listed cases.
ALTER TABLE ratings
	ADD COLUMN general_points numeric(5, 2) CHECK (general_points BETWEEN 0 AND 30),
	ADD COLUMN task_points    numeric(5, 2) CHECK (task_points BETWEEN 0 AND 70),
	ADD COLUMN kht_case       text NOT NULL DEFAULT '' CHECK (kht_case IN ('', 'ethics', 'discipline', 'leader')),
	ADD CONSTRAINT ratings_points_pair CHECK ((general_points IS NULL) = (task_points IS NULL));

COMMIT;
