BEGIN;

DROP TABLE holidays;
DROP TABLE supplement_requests;
DROP TABLE dossier_attachments;
DROP TABLE nominations;
DROP TABLE dossiers;
DROP TABLE rounds;

COMMIT;
