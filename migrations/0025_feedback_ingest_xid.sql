-- 0025: what the in-memory analytics index needs to stay in step with feedback without rescanning it.
--
-- feedback.ingest_xid: the 64-bit id of the transaction that inserted the row (new rows only; rows from
-- before this migration keep NULL and are part of any index built after it). A reader that loaded an
-- organisation's feedback in snapshot S fetches exactly the rows committed since with
--   ingest_xid >= pg_snapshot_xmin(S) AND NOT pg_visible_in_snapshot(ingest_xid, S)
-- through the partial index below, whatever order the writers committed in (a timestamp or a sequence
-- would miss a long transaction that commits after a later one).
--
-- feedback_rewrites: per organisation, a counter that grows in the same transaction as any UPDATE that
-- changes an analysed column, and any DELETE, of its feedback (edits, erasure, retention, re-tagging).
-- An index built before such a change is stale and is rebuilt, never caught up. Spread over 16 rows per
-- organisation by writing backend, as analytics_versions (0020), so concurrent writers rarely wait.
--
-- Locking: the column is nullable with its default set afterwards (a metadata-only change, no rewrite);
-- the partial index holds only rows inserted after this migration, but building it reads feedback once
-- under a SHARE lock (writes wait: about 10 s per 10 M rows).
ALTER TABLE feedback ADD COLUMN ingest_xid xid8;
ALTER TABLE feedback ALTER COLUMN ingest_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX feedback_ingest_idx ON feedback (org_id, ingest_xid) WHERE ingest_xid IS NOT NULL;

CREATE TABLE feedback_rewrites (
  org_id  uuid NOT NULL,
  shard   smallint NOT NULL,
  n       bigint NOT NULL,
  PRIMARY KEY (org_id, shard)
);

CREATE FUNCTION feedback_rewrites_bump() RETURNS trigger LANGUAGE plpgsql AS $$
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
           o.ces, o.rating, (o.text IS NULL), o.attributes, o.metadata, o.ingest_xid)
      IS DISTINCT FROM (n.occurred_at, n.survey_id, n.touchpoint_id, n.stage_id, n.journey_id, n.channel,
           n.nps, n.csat, n.ces, n.rating, (n.text IS NULL), n.attributes, n.metadata, n.ingest_xid)
    ORDER BY 1
    ON CONFLICT (org_id, shard) DO UPDATE SET n = v.n + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER feedback_rewrites_update AFTER UPDATE ON feedback
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_rewrites_bump();
CREATE TRIGGER feedback_rewrites_delete AFTER DELETE ON feedback
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_rewrites_bump();
