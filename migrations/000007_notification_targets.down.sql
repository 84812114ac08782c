BEGIN;

ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_link_check;

UPDATE notifications SET link = CASE split_part(link, ':', 1)
	WHEN 'dossier' THEN '/dossiers/' || split_part(link, ':', 2)
	WHEN 'round' THEN '/rounds/' || split_part(link, ':', 2)
	WHEN 'campaign' THEN '/campaigns/' || split_part(link, ':', 2)
	WHEN 'pledge' THEN '/campaigns/' || split_part(link, ':', 2) || '/pledge'
	WHEN 'pledge_review' THEN '/campaigns/' || split_part(link, ':', 2) || '/pledges/' || split_part(link, ':', 3)
	WHEN 'council_vote' THEN '/council/sessions/' || split_part(link, ':', 2) || '/vote'
	WHEN 'bloc_year' THEN '/blocs/' || split_part(link, ':', 2) || '/' || split_part(link, ':', 3)
	ELSE ''
END;

ALTER TABLE notifications ADD CONSTRAINT notifications_link_check CHECK (link = '' OR link LIKE '/%');

COMMIT;
