-- 0038: the records with an enrichment (comments analysed), counted from an index of their own.
--
-- The programme maturity page counts them (`enrichment IS NOT NULL`): the planner found them through the
-- theme index (GIN, partial on that condition) and read every table page holding one, about 1 s at
-- 1 M records (150,000 comments) with a cold cache. This index holds the organisation alone, so the
-- count is an index-only scan. Intake writes records without an enrichment: no entry, no work; an
-- enrichment written later adds one entry (the update is not HOT already: the theme index covers it).
--
-- Locking: building it reads feedback once under a SHARE lock (writes wait: about a second per 1 M rows).
CREATE INDEX feedback_enriched_idx ON feedback (org_id) WHERE enrichment IS NOT NULL;
