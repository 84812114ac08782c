BEGIN;
DROP TRIGGER report_loop_pledge ON pledges;
DROP TRIGGER report_loop_pledge_person ON pledge_people;
DROP TRIGGER report_loop_award ON award_history;
DROP TRIGGER report_loop_nomination ON nominations;
DROP FUNCTION report_loop_rebuild(), report_loop_pledge(), report_loop_pledge_person(), report_loop_award(),
	report_loop_nomination(), report_loop_refresh_all(bigint, text), report_loop_refresh(integer, bigint, text),
	report_loop_bump(report_loop, bigint), report_loop_tracked(text), report_loop_title(text);
DROP TABLE report_loop_counts, report_loop;
COMMIT;
