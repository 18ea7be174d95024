-- 0008: announce new feedback on the channel northstar_feedback (LISTEN/NOTIFY), so every server
-- process can stream it to dashboards. One notification per statement and organisation (batch
-- inserts stay cheap), naming at most 150 ids (the payload limit is 8000 bytes); a larger batch sends its time range instead.
-- Creating a trigger takes a brief SHARE ROW EXCLUSIVE lock on feedback.

CREATE FUNCTION northstar_notify_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT org_id, count(*) AS n, (array_agg(id))[1:150] AS ids, min(created_at) AS since
    FROM inserted GROUP BY org_id
  LOOP
    PERFORM pg_notify('northstar_feedback', json_build_object(
      'org', r.org_id, 'n', r.n,
      'ids', CASE WHEN r.n <= 150 THEN to_json(r.ids) ELSE NULL END,
      'since', r.since)::text);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER feedback_notify AFTER INSERT ON feedback
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION northstar_notify_feedback();
