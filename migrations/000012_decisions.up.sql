BEGIN;

-- Lương cơ sở, effective-dated (R37: a reward uses the amount in force on
-- the decision date). Edited by the administrator; seeded with the amounts
-- of NĐ 38/2019, NĐ 24/2023 and NĐ 73/2024.
CREATE TABLE base_salaries (
	effective_from date PRIMARY KEY CHECK (effective_from >= DATE '2000-01-01' AND effective_from < DATE '2101-01-01'),
	amount         bigint NOT NULL CHECK (amount BETWEEN 100000 AND 100000000),
	source         text NOT NULL DEFAULT '' CHECK (length(source) <= 200),
	version        integer NOT NULL DEFAULT 1,
	created_at     timestamptz NOT NULL DEFAULT now(),
	updated_at     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO base_salaries (effective_from, amount, source) VALUES
	('2019-07-01', 1490000, 'NĐ 38/2019/NĐ-CP'),
	('2023-07-01', 1800000, 'NĐ 24/2023/NĐ-CP'),
	('2024-07-01', 2340000, 'NĐ 73/2024/NĐ-CP');

-- The lương cơ sở used to be one setting; the table replaces it.
DELETE FROM settings WHERE key = 'base_salary';

COMMIT;
