-- 0036: what the in-memory comment index needs to follow enrichment without rescanning comments.
--
-- A comment's themes, aspect scores and sentiment change after it arrived (the enrichment job runs after
-- intake; a taxonomy edit or a hand tag re-tags it) by an UPDATE of feedback.enrichment, which moves
-- neither ingest_xid (0025) nor the rewrite counter. feedback.enriched_xid: the 64-bit id of the
-- transaction that last changed a row's enrichment or text (redaction rewrites it with the enrichment;
-- verbatims prefer texts of 40-400 characters), set by a row trigger on UPDATE OF enrichment, text only
-- (inserts, the intake path, do not fire it; an update that writes the same values back sets nothing). A reader that loaded an organisation's comments in snapshot S fetches exactly the rows
-- re-enriched since with
--   enriched_xid >= pg_snapshot_xmin(S) AND NOT pg_visible_in_snapshot(enriched_xid, S)
-- through the partial index below, as for ingest_xid. Rows enriched before this migration keep NULL and
-- are part of any index built after it.
--
-- Locking: the column is nullable without a default (a metadata-only change, no rewrite); the partial
-- index starts empty but building it reads feedback once under a SHARE lock (writes wait: about a second
-- per 1 M rows).
ALTER TABLE feedback ADD COLUMN enriched_xid xid8;

CREATE FUNCTION feedback_enriched_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.enriched_xid := pg_current_xact_id();
  RETURN NEW;
END
$$;

CREATE TRIGGER feedback_enriched_xid BEFORE UPDATE OF enrichment, text ON feedback
  FOR EACH ROW WHEN (OLD.enrichment IS DISTINCT FROM NEW.enrichment OR OLD.text IS DISTINCT FROM NEW.text)
  EXECUTE FUNCTION feedback_enriched_xid();

CREATE INDEX feedback_enriched_idx ON feedback (org_id, enriched_xid) WHERE enriched_xid IS NOT NULL;
