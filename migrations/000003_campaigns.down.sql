BEGIN;

DROP TABLE IF EXISTS bloc_proposals, bloc_votes, bloc_scores, bloc_criteria, bloc_members, bloc_years, blocs,
	pledge_people, pledge_commitments, pledges, campaign_units, campaign_criteria, campaigns;

COMMIT;
