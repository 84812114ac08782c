BEGIN;

-- A notification names the object it is about ("dossier:12",
-- "bloc_year:3:2025"), not a page URL: the web layer makes the link.
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_link_check;

UPDATE notifications SET link = CASE
	WHEN link ~ '^/dossiers/[0-9]+$' THEN 'dossier:' || substring(link FROM '^/dossiers/([0-9]+)$')
	WHEN link ~ '^/rounds/[0-9]+$' THEN 'round:' || substring(link FROM '^/rounds/([0-9]+)$')
	WHEN link ~ '^/campaigns/[0-9]+$' THEN 'campaign:' || substring(link FROM '^/campaigns/([0-9]+)$')
	WHEN link ~ '^/campaigns/[0-9]+/pledge$' THEN 'pledge:' || substring(link FROM '^/campaigns/([0-9]+)/pledge$')
	WHEN link ~ '^/campaigns/[0-9]+/pledges/[0-9]+$' THEN 'pledge_review:' || substring(link FROM '^/campaigns/([0-9]+)/pledges/')
		|| ':' || substring(link FROM '/pledges/([0-9]+)$')
	WHEN link ~ '^/council/sessions/[0-9]+/vote$' THEN 'council_vote:' || substring(link FROM '^/council/sessions/([0-9]+)/vote$')
	WHEN link ~ '^/blocs/[0-9]+/[0-9]+$' THEN 'bloc_year:' || substring(link FROM '^/blocs/([0-9]+)/') || ':' || substring(link FROM '^/blocs/[0-9]+/([0-9]+)$')
	ELSE ''
END;

ALTER TABLE notifications ADD CONSTRAINT notifications_link_check CHECK (link = '' OR link ~ '^[a-z_]{1,30}(:[0-9]{1,19}){1,2}$');

COMMIT;
