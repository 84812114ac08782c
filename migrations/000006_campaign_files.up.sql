BEGIN;

-- Files of campaigns and blocs (000003 landed before the attachments of
-- 000002 could be linked from it): the campaign's launching document, the
-- bloc-year's signed covenant and the evidence of self-scores.
CREATE TABLE campaign_documents (
	attachment_id bigint PRIMARY KEY REFERENCES attachments (id),
	campaign_id   bigint NOT NULL REFERENCES campaigns (id)
);
CREATE INDEX campaign_documents_campaign_idx ON campaign_documents (campaign_id);

-- score_id is NULL for the signed covenant, else the score it supports.
CREATE TABLE bloc_documents (
	attachment_id bigint PRIMARY KEY REFERENCES attachments (id),
	bloc_year_id  bigint NOT NULL REFERENCES bloc_years (id),
	score_id      bigint REFERENCES bloc_scores (id)
);
CREATE INDEX bloc_documents_year_idx ON bloc_documents (bloc_year_id);
CREATE INDEX bloc_documents_score_idx ON bloc_documents (score_id) WHERE score_id IS NOT NULL;

COMMIT;
