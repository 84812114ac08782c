BEGIN;

DROP TABLE IF EXISTS ballot_paper_counts, ballot_written_votes, ballot_recusals, ballot_votes, ballot_receipts,
	ballot_items, ballot_entitled, ballots, attendance, agenda_items, council_sessions, council_members;
DROP FUNCTION IF EXISTS ballot_open_only(), ballot_no_truncate(), ballot_closed_final(), ballot_lists_final();

COMMIT;
