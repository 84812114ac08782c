BEGIN;

-- Sign-in attempts are counted before the password is checked, per login
-- name from one client address (client <> '') and per login name from
-- anywhere (client = ''), so that a stranger elsewhere can slow an account
-- down but not lock its owner out. next_at is when the next attempt of the
-- pair may go ahead.
DROP TABLE login_throttle;
CREATE TABLE login_throttle (
	login    text NOT NULL,
	client   text NOT NULL,
	attempts integer NOT NULL,
	last_at  timestamptz NOT NULL,
	next_at  timestamptz NOT NULL,
	PRIMARY KEY (login, client)
);

COMMIT;
