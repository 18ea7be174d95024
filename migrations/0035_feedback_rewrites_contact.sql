-- 0035: a feedback record's contact link is part of what the in-memory analytics index holds (key drivers
-- across touchpoints group the records by contact), so an UPDATE that changes contact_id counts as a
-- rewrite of the organisation's feedback (0025): an index built before it is rebuilt, never caught up.
-- Retention's anonymisation unlinks contacts from old records (and clears their text, which counted
-- already); an unlink alone moved the analytics version but left the index's contact codes as they were.
--
-- Locking: CREATE OR REPLACE FUNCTION takes no lock on feedback; the triggers of 0025 call the new body
-- from the next statement on. Inserts (the intake path) do not fire these triggers.
CREATE OR REPLACE FUNCTION feedback_rewrites_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO feedback_rewrites AS v (org_id, shard, n)
    SELECT DISTINCT org_id, (pg_backend_pid() % 16)::smallint, 1 FROM old_rows ORDER BY 1
    ON CONFLICT (org_id, shard) DO UPDATE SET n = v.n + 1;
  ELSE
    INSERT INTO feedback_rewrites AS v (org_id, shard, n)
    SELECT DISTINCT n.org_id, (pg_backend_pid() % 16)::smallint, 1
    FROM old_rows o JOIN new_rows n USING (org_id, id)
    WHERE (o.occurred_at, o.survey_id, o.touchpoint_id, o.stage_id, o.journey_id, o.channel, o.nps, o.csat,
           o.ces, o.rating, (o.text IS NULL), o.attributes, o.metadata, o.ingest_xid, o.contact_id)
      IS DISTINCT FROM (n.occurred_at, n.survey_id, n.touchpoint_id, n.stage_id, n.journey_id, n.channel,
           n.nps, n.csat, n.ces, n.rating, (n.text IS NULL), n.attributes, n.metadata, n.ingest_xid, n.contact_id)
    ORDER BY 1
    ON CONFLICT (org_id, shard) DO UPDATE SET n = v.n + 1;
  END IF;
  RETURN NULL;
END
$$;
