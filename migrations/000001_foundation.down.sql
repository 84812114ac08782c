BEGIN;
DROP TABLE IF EXISTS events, submissions, imports, sessions, login_throttle, users, unit_headcounts, people, units;
DROP FUNCTION IF EXISTS people_headcount();
DROP FUNCTION IF EXISTS events_append_only();
DROP FUNCTION IF EXISTS event_content(timestamptz, bigint, text, text, bigint, jsonb, jsonb, text, text, text);
DROP FUNCTION IF EXISTS f_unaccent(text);
COMMIT;
