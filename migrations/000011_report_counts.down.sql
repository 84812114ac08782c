BEGIN;

DROP FUNCTION report_rebuild();
DROP TRIGGER report_award_count ON award_history;
DROP FUNCTION report_award_count();
DROP FUNCTION report_award_add(award_history);
DROP TRIGGER report_returned_count ON supplement_requests;
DROP FUNCTION report_returned_count();
DROP TRIGGER report_nomination_count ON nominations;
DROP FUNCTION report_nomination_count();
DROP TRIGGER report_dossier_count ON dossiers;
DROP FUNCTION report_dossier_count();
DROP FUNCTION report_vn_date(timestamptz);
DROP FUNCTION report_working_days(date, date);
DROP FUNCTION report_bump(integer, text, bigint, text, bigint);
DROP INDEX award_history_year_idx;
DROP TABLE report_award_subjects;
DROP TABLE report_totals;
DROP TABLE report_counts;

COMMIT;
