BEGIN;
DROP TABLE IF EXISTS settings, leaves, discipline_cases, initiatives, award_history, unit_ratings, ratings, rating_years, award_types;
COMMIT;
