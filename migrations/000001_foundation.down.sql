BEGIN;
DROP TABLE IF EXISTS events, imports, sessions, login_throttle, users, people, units;
DROP FUNCTION IF EXISTS events_append_only();
DROP FUNCTION IF EXISTS f_unaccent(text);
COMMIT;
