BEGIN;
DROP TABLE IF EXISTS notifications, attachments;
DROP FUNCTION IF EXISTS attachments_immutable();
COMMIT;
