BEGIN;

ALTER TABLE ratings DROP CONSTRAINT ratings_points_pair,
	DROP COLUMN kht_case, DROP COLUMN task_points, DROP COLUMN general_points;
DROP TABLE holiday_years;

COMMIT;
