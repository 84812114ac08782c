BEGIN;

DROP TABLE IF EXISTS bloc_documents, campaign_documents;

COMMIT;
