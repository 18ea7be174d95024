-- 0023: sufficient statistics of enriched comments per theme, kept in step with feedback by triggers, so
-- theme impact and theme trend read a few thousand rollup rows instead of scanning every comment.
--
-- Locking: CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock on feedback until commit; the backfill at the
-- end reads every enriched comment once (about one aggregate of feedback: seconds per million comments)
-- while that lock is held, so writes to feedback wait meanwhile. The new tables are empty before it.

-- One row per organisation, zone (UTC and each zone of analytics_settings), grain (day, week starting
-- Monday, month: `day` is the first day of the period), survey, touchpoint, channel and theme. `theme`
-- '' is every enriched comment; any other value is a theme or sub-theme id of enrichment.themeIds.
-- A comment counts when it has text and an enrichment that was not skipped. Score sums are exact
-- (integers; rating and aspect sums numeric), so a read gives exactly what a scan of feedback gives.
-- Aspect columns count the theme's aspect sentiment (enrichment.themes[].sentiment, −1 … 1) over the
-- comments mentioning it: scored mentions, those below −0.2 and above 0.2, and the exact sum.
-- Buckets emptied by deletes keep their zero row; readers skip them and a rebuild removes them.
CREATE TABLE feedback_theme_rollup (
  org_id         uuid NOT NULL,
  zone           text NOT NULL,
  grain          text NOT NULL CHECK (grain IN ('day', 'week', 'month')),
  day            date NOT NULL,
  survey_id      uuid NOT NULL,
  touchpoint_id  uuid NOT NULL,
  channel        text NOT NULL,
  theme          text NOT NULL,
  comments       integer NOT NULL,
  nps_p          integer NOT NULL,
  nps_pa         integer NOT NULL,
  nps_d          integer NOT NULL,
  csat_n         integer NOT NULL,
  csat_top       integer NOT NULL,
  csat_sum       bigint NOT NULL,
  csat_sq        bigint NOT NULL,
  ces_n          integer NOT NULL,
  ces_sum        bigint NOT NULL,
  ces_sq         bigint NOT NULL,
  rating_n       integer NOT NULL,
  rating_sum     numeric NOT NULL,
  rating_sq      numeric NOT NULL,
  aspect_n       integer NOT NULL,
  aspect_neg     integer NOT NULL,
  aspect_pos     integer NOT NULL,
  aspect_sum     numeric NOT NULL,
  PRIMARY KEY (org_id, zone, grain, day, survey_id, touchpoint_id, channel, theme)
);

-- Trend reads need only the day, theme, count and place of each row: this index answers them without
-- the (wide) table rows, by an index-only scan where the table is vacuumed.
CREATE INDEX feedback_theme_rollup_trend_idx ON feedback_theme_rollup (org_id, zone, grain, day)
  INCLUDE (theme, comments, touchpoint_id, survey_id, channel);

-- Pending sums of small writes (a hand tag, a small enrichment batch): insert-only with no key, so
-- concurrent writers never wait on a shared row; readers add them in the same snapshot and
-- feedback_theme_rollup_fold() moves them into the rollup.
CREATE TABLE feedback_theme_rollup_delta (LIKE feedback_theme_rollup);
CREATE INDEX feedback_theme_rollup_delta_idx ON feedback_theme_rollup_delta (org_id, zone, grain, day);

-- The SQL that folds signed feedback rows into `target`, given a query `source` returning (org_id,
-- occurred_at, survey_id, touchpoint_id, channel, nps, csat, ces, rating, text, enrichment, sign).
-- `upsert` adds ON CONFLICT (for the rollup itself); the delta takes plain inserts. Rows are summed per
-- local day first, then to weeks and months, and written in key order (concurrent writers lock alike).
CREATE FUNCTION feedback_theme_rollup_sql(source text, target text, upsert boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $f$
SELECT $q$
  WITH f AS MATERIALIZED (
    SELECT * FROM ($q$ || source || $q$) AS s
    WHERE s.text IS NOT NULL AND s.enrichment IS NOT NULL AND s.enrichment ->> 'skipped' IS NULL
  ),
  days AS MATERIALIZED (
    SELECT f.org_id, k.zone, (f.occurred_at AT TIME ZONE k.zone)::date AS day,
      coalesce(f.survey_id, '00000000-0000-0000-0000-000000000000') AS survey_id,
      coalesce(f.touchpoint_id, '00000000-0000-0000-0000-000000000000') AS touchpoint_id,
      f.channel, t.theme,
      sum(f.sign) AS comments,
      coalesce(sum(f.sign) FILTER (WHERE f.nps >= 9), 0) AS nps_p,
      coalesce(sum(f.sign) FILTER (WHERE f.nps BETWEEN 7 AND 8), 0) AS nps_pa,
      coalesce(sum(f.sign) FILTER (WHERE f.nps <= 6), 0) AS nps_d,
      coalesce(sum(f.sign) FILTER (WHERE f.csat IS NOT NULL), 0) AS csat_n,
      coalesce(sum(f.sign) FILTER (WHERE f.csat >= 4), 0) AS csat_top,
      coalesce(sum(f.sign * f.csat), 0) AS csat_sum,
      coalesce(sum(f.sign * f.csat * f.csat), 0) AS csat_sq,
      coalesce(sum(f.sign) FILTER (WHERE f.ces IS NOT NULL), 0) AS ces_n,
      coalesce(sum(f.sign * f.ces), 0) AS ces_sum,
      coalesce(sum(f.sign * f.ces * f.ces), 0) AS ces_sq,
      coalesce(sum(f.sign) FILTER (WHERE f.rating IS NOT NULL), 0) AS rating_n,
      coalesce(sum(f.sign * f.rating::numeric), 0) AS rating_sum,
      coalesce(sum(f.sign * f.rating::numeric * f.rating::numeric), 0) AS rating_sq,
      coalesce(sum(f.sign) FILTER (WHERE t.aspect IS NOT NULL), 0) AS aspect_n,
      coalesce(sum(f.sign) FILTER (WHERE t.aspect < -0.2), 0) AS aspect_neg,
      coalesce(sum(f.sign) FILTER (WHERE t.aspect > 0.2), 0) AS aspect_pos,
      coalesce(sum(f.sign * t.aspect), 0) AS aspect_sum
    FROM f
    LEFT JOIN analytics_settings s ON s.org_id = f.org_id
    CROSS JOIN LATERAL unnest(array['UTC'] || coalesce(s.time_zones, '{}')) AS k(zone)
    CROSS JOIN LATERAL (
      SELECT ''::text AS theme, NULL::numeric AS aspect
      UNION ALL
      SELECT i.id, theme_aspect(f.enrichment, i.id)
      FROM jsonb_array_elements_text(coalesce(f.enrichment -> 'themeIds', '[]')) AS i(id)
    ) AS t
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  )
  INSERT INTO $q$ || target || $q$ AS r
  SELECT d.org_id, d.zone, g.grain, g.day, d.survey_id, d.touchpoint_id, d.channel, d.theme,
    sum(comments), sum(nps_p), sum(nps_pa), sum(nps_d), sum(csat_n), sum(csat_top), sum(csat_sum), sum(csat_sq),
    sum(ces_n), sum(ces_sum), sum(ces_sq), sum(rating_n), sum(rating_sum), sum(rating_sq),
    sum(aspect_n), sum(aspect_neg), sum(aspect_pos), sum(aspect_sum)
  FROM days d
  CROSS JOIN LATERAL (VALUES ('day', d.day), ('week', date_trunc('week', d.day)::date),
                             ('month', date_trunc('month', d.day)::date)) AS g(grain, day)
  -- An update that leaves a comment's theme, day and place as they were cancels out (−1 then +1): such
  -- groups add nothing and are not written, so a re-run that changes few themes writes few rows.
  WHERE d.comments <> 0 OR d.nps_p <> 0 OR d.nps_pa <> 0 OR d.nps_d <> 0 OR d.csat_n <> 0 OR d.csat_top <> 0
    OR d.csat_sum <> 0 OR d.csat_sq <> 0 OR d.ces_n <> 0 OR d.ces_sum <> 0 OR d.ces_sq <> 0 OR d.rating_n <> 0
    OR d.rating_sum <> 0 OR d.rating_sq <> 0 OR d.aspect_n <> 0 OR d.aspect_neg <> 0 OR d.aspect_pos <> 0
    OR d.aspect_sum <> 0
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
$q$ || CASE WHEN upsert THEN $q$
  ON CONFLICT (org_id, zone, grain, day, survey_id, touchpoint_id, channel, theme) DO UPDATE SET
    comments = r.comments + excluded.comments,
    nps_p = r.nps_p + excluded.nps_p, nps_pa = r.nps_pa + excluded.nps_pa, nps_d = r.nps_d + excluded.nps_d,
    csat_n = r.csat_n + excluded.csat_n, csat_top = r.csat_top + excluded.csat_top,
    csat_sum = r.csat_sum + excluded.csat_sum, csat_sq = r.csat_sq + excluded.csat_sq,
    ces_n = r.ces_n + excluded.ces_n, ces_sum = r.ces_sum + excluded.ces_sum, ces_sq = r.ces_sq + excluded.ces_sq,
    rating_n = r.rating_n + excluded.rating_n, rating_sum = r.rating_sum + excluded.rating_sum,
    rating_sq = r.rating_sq + excluded.rating_sq,
    aspect_n = r.aspect_n + excluded.aspect_n, aspect_neg = r.aspect_neg + excluded.aspect_neg,
    aspect_pos = r.aspect_pos + excluded.aspect_pos, aspect_sum = r.aspect_sum + excluded.aspect_sum
$q$ ELSE '' END
$f$;

-- The aspect sentiment of theme `id` in a stored enrichment: the first entry of enrichment.themes with
-- that id that carries a score (the scan of theme impact reads it the same way). One JSON path call, so
-- the function inlines into the statements that use it.
CREATE FUNCTION theme_aspect(enrichment jsonb, id text) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_path_query_first(enrichment,
    '$.themes[*] ? (@.id == $id && @.sentiment.type() == "number").sentiment', jsonb_build_object('id', id))::numeric
$$;

-- Move pending sums into the rollup, atomically; one folder at a time (the others return false at once).
CREATE FUNCTION feedback_theme_rollup_fold() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('northstar.feedback_theme_rollup_fold')) THEN
    RETURN false;
  END IF;
  WITH moved AS (DELETE FROM feedback_theme_rollup_delta RETURNING *)
  INSERT INTO feedback_theme_rollup AS r
  SELECT org_id, zone, grain, day, survey_id, touchpoint_id, channel, theme,
    sum(comments), sum(nps_p), sum(nps_pa), sum(nps_d), sum(csat_n), sum(csat_top), sum(csat_sum), sum(csat_sq),
    sum(ces_n), sum(ces_sum), sum(ces_sq), sum(rating_n), sum(rating_sum), sum(rating_sq),
    sum(aspect_n), sum(aspect_neg), sum(aspect_pos), sum(aspect_sum)
  FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (org_id, zone, grain, day, survey_id, touchpoint_id, channel, theme) DO UPDATE SET
    comments = r.comments + excluded.comments,
    nps_p = r.nps_p + excluded.nps_p, nps_pa = r.nps_pa + excluded.nps_pa, nps_d = r.nps_d + excluded.nps_d,
    csat_n = r.csat_n + excluded.csat_n, csat_top = r.csat_top + excluded.csat_top,
    csat_sum = r.csat_sum + excluded.csat_sum, csat_sq = r.csat_sq + excluded.csat_sq,
    ces_n = r.ces_n + excluded.ces_n, ces_sum = r.ces_sum + excluded.ces_sum, ces_sq = r.ces_sq + excluded.ces_sq,
    rating_n = r.rating_n + excluded.rating_n, rating_sum = r.rating_sum + excluded.rating_sum,
    rating_sq = r.rating_sq + excluded.rating_sq,
    aspect_n = r.aspect_n + excluded.aspect_n, aspect_neg = r.aspect_neg + excluded.aspect_neg,
    aspect_pos = r.aspect_pos + excluded.aspect_pos, aspect_sum = r.aspect_sum + excluded.aspect_sum;
  RETURN true;
END
$$;

-- Statement-level triggers over the transition tables (one aggregated write per statement). Inserts
-- rarely carry an enrichment (the enrichment job adds it later), so they usually return after one
-- count. Updates move only rows whose counted parts changed: place, time, scores, whether there is
-- text, and the enrichment's themes, aspect scores or skip mark (a re-run that finds the same themes
-- writes nothing). The function body is generated here so its statements are static (planned once).
DO $do$
DECLARE
  cols CONSTANT text := 'org_id, occurred_at, survey_id, touchpoint_id, channel, nps, csat, ces, rating, text, enrichment';
  key CONSTANT text := '(%1$s.occurred_at, %1$s.survey_id, %1$s.touchpoint_id, %1$s.channel, %1$s.nps, %1$s.csat, '
    || '%1$s.ces, %1$s.rating, %1$s.text IS NULL, %1$s.enrichment IS NULL, %1$s.enrichment -> ''themeIds'', '
    || '%1$s.enrichment -> ''themes'', %1$s.enrichment ->> ''skipped'')';
  changed text;
  upd text;
BEGIN
  changed := format(key, 'o') || ' IS DISTINCT FROM ' || format(key, 'n');
  upd := 'SELECT o.' || replace(cols, ', ', ', o.') || ', -1 AS sign FROM old_rows o JOIN new_rows n USING (org_id, id) WHERE ' || changed
    || ' UNION ALL SELECT n.' || replace(cols, ', ', ', n.') || ', 1 AS sign FROM old_rows o JOIN new_rows n USING (org_id, id) WHERE ' || changed;
  EXECUTE format($fn$
CREATE FUNCTION feedback_theme_rollup_trigger() RETURNS trigger LANGUAGE plpgsql SET work_mem = '64MB' AS $body$
DECLARE k bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO k FROM new_rows WHERE enrichment IS NOT NULL;
    IF k = 0 THEN RETURN NULL; END IF;
    IF k <= 64 THEN %s; ELSE %s; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT count(*) INTO k FROM old_rows WHERE enrichment IS NOT NULL;
    IF k = 0 THEN RETURN NULL; END IF;
    IF k <= 64 THEN %s; ELSE %s; END IF;
  ELSE
    SELECT count(*) INTO k FROM new_rows;
    IF k <= 32 THEN %s; ELSE %s; END IF;
  END IF;
  IF random() < 0.02 THEN
    PERFORM feedback_theme_rollup_fold();
  END IF;
  RETURN NULL;
END
$body$
$fn$,
    feedback_theme_rollup_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows', 'feedback_theme_rollup_delta', false),
    feedback_theme_rollup_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows', 'feedback_theme_rollup', true),
    feedback_theme_rollup_sql('SELECT ' || cols || ', -1 AS sign FROM old_rows', 'feedback_theme_rollup_delta', false),
    feedback_theme_rollup_sql('SELECT ' || cols || ', -1 AS sign FROM old_rows', 'feedback_theme_rollup', true),
    feedback_theme_rollup_sql(upd, 'feedback_theme_rollup_delta', false),
    feedback_theme_rollup_sql(upd, 'feedback_theme_rollup', true));
END
$do$;

CREATE TRIGGER feedback_theme_rollup_insert AFTER INSERT ON feedback
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_theme_rollup_trigger();
CREATE TRIGGER feedback_theme_rollup_update AFTER UPDATE ON feedback
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_theme_rollup_trigger();
CREATE TRIGGER feedback_theme_rollup_delete AFTER DELETE ON feedback
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_theme_rollup_trigger();

-- Recompute one organisation's theme rollup from feedback (after its rollup zones change). Takes a SHARE
-- lock on feedback until the end of the transaction, so writes wait and nothing is counted twice.
CREATE FUNCTION feedback_theme_rollup_rebuild(org uuid) RETURNS void LANGUAGE plpgsql SET work_mem = '256MB' AS $$
BEGIN
  LOCK TABLE feedback IN SHARE MODE;
  DELETE FROM feedback_theme_rollup WHERE org_id = org;
  DELETE FROM feedback_theme_rollup_delta WHERE org_id = org;
  EXECUTE feedback_theme_rollup_sql(
    'SELECT org_id, occurred_at, survey_id, touchpoint_id, channel, nps, csat, ces, rating, text, enrichment, '
    || '1 AS sign FROM feedback WHERE enrichment IS NOT NULL AND org_id = ' || quote_literal(org),
    'feedback_theme_rollup', true);
END
$$;

-- Backfill comments enriched before this migration.
DO $$
DECLARE o uuid;
BEGIN
  FOR o IN SELECT DISTINCT org_id FROM feedback WHERE enrichment IS NOT NULL LOOP
    PERFORM feedback_theme_rollup_rebuild(o);
  END LOOP;
END
$$;
