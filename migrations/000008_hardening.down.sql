BEGIN;

DROP TABLE login_throttle;
CREATE TABLE login_throttle (
	login           text PRIMARY KEY,
	failures        integer NOT NULL DEFAULT 0,
	locked_until    timestamptz,
	last_failure_at timestamptz NOT NULL DEFAULT now()
);

COMMIT;
