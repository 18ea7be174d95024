-- 0031: the theme rollup's triggers read each comment's aspect score per theme from
-- enrichment.themeAspects (id → score or null, written by the application beside themeIds) with one
-- jsonb_each per comment, instead of a JSON path query (theme_aspect) per comment and theme, run for both
-- the old and the new version of every updated row. Comments stored without the key (written before, or
-- by hand) still go through theme_aspect, so the rollup is unchanged; the scan it is compared with keeps
-- reading theme_aspect. A change of themeAspects alone also counts as a change of the comment.
--
-- Locking: as in 0028, the function and the trigger's body are replaced while feedback is locked against
-- writes; nothing is backfilled (the sums do not change).
LOCK TABLE feedback IN SHARE ROW EXCLUSIVE MODE;

-- As in 0028, with aspect scores read from themeAspects where a comment has it.
CREATE OR REPLACE FUNCTION feedback_theme_rollup_sql(source text, target text, upsert boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $f$
SELECT $q$
  WITH f AS MATERIALIZED (
    -- Only what the sums need: the enrichment itself only where themeAspects is missing (theme_aspect).
    SELECT s.org_id, s.occurred_at, s.survey_id, s.touchpoint_id, s.channel, s.nps, s.csat, s.ces, s.rating,
      s.sign,
      CASE WHEN jsonb_typeof(s.enrichment -> 'themeAspects') = 'object' THEN s.enrichment -> 'themeAspects' END
        AS aspects,
      CASE WHEN jsonb_typeof(s.enrichment -> 'themeAspects') = 'object' THEN NULL ELSE s.enrichment END
        AS enrichment
    FROM ($q$ || source || $q$) AS s
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
      SELECT a.key, CASE WHEN jsonb_typeof(a.value) = 'number' THEN a.value::numeric END
      FROM jsonb_each(f.aspects) AS a
      UNION ALL
      SELECT i.id, theme_aspect(f.enrichment, i.id)
      FROM jsonb_array_elements_text(coalesce(f.enrichment -> 'themeIds', '[]')) AS i(id)
      WHERE f.aspects IS NULL
    ) AS t
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  )
  INSERT INTO $q$ || target || $q$ AS r
  SELECT d.org_id, d.zone, g.grain || CASE WHEN g.every THEN ':all' ELSE '' END, g.day,
    CASE WHEN g.every THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE d.survey_id END,
    CASE WHEN g.every THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE d.touchpoint_id END,
    CASE WHEN g.every THEN '' ELSE d.channel END, d.theme,
    sum(comments), sum(nps_p), sum(nps_pa), sum(nps_d), sum(csat_n), sum(csat_top), sum(csat_sum), sum(csat_sq),
    sum(ces_n), sum(ces_sum), sum(ces_sq), sum(rating_n), sum(rating_sum), sum(rating_sq),
    sum(aspect_n), sum(aspect_neg), sum(aspect_pos), sum(aspect_sum)
  FROM days d
  CROSS JOIN LATERAL (VALUES ('day', d.day, false),
                             ('week', date_trunc('week', d.day)::date, false),
                             ('week', date_trunc('week', d.day)::date, true),
                             ('month', date_trunc('month', d.day)::date, false),
                             ('month', date_trunc('month', d.day)::date, true)) AS g(grain, day, every)
  -- An update that leaves a comment's theme, day and place as they were cancels out (−1 then +1): such
  -- groups add nothing and are not written, so a re-run that changes few themes writes few rows.
  WHERE d.comments <> 0 OR d.nps_p <> 0 OR d.nps_pa <> 0 OR d.nps_d <> 0 OR d.csat_n <> 0 OR d.csat_top <> 0
    OR d.csat_sum <> 0 OR d.csat_sq <> 0 OR d.ces_n <> 0 OR d.ces_sum <> 0 OR d.ces_sq <> 0 OR d.rating_n <> 0
    OR d.rating_sum <> 0 OR d.rating_sq <> 0 OR d.aspect_n <> 0 OR d.aspect_neg <> 0 OR d.aspect_pos <> 0
    OR d.aspect_sum <> 0
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  -- A comment moved between places within a period nets to zero over every place: not written either.
  HAVING sum(comments) <> 0 OR sum(nps_p) <> 0 OR sum(nps_pa) <> 0 OR sum(nps_d) <> 0 OR sum(csat_n) <> 0
    OR sum(csat_top) <> 0 OR sum(csat_sum) <> 0 OR sum(csat_sq) <> 0 OR sum(ces_n) <> 0 OR sum(ces_sum) <> 0
    OR sum(ces_sq) <> 0 OR sum(rating_n) <> 0 OR sum(rating_sum) <> 0 OR sum(rating_sq) <> 0
    OR sum(aspect_n) <> 0 OR sum(aspect_neg) <> 0 OR sum(aspect_pos) <> 0 OR sum(aspect_sum) <> 0
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

DO $do$
DECLARE
  cols CONSTANT text := 'org_id, occurred_at, survey_id, touchpoint_id, channel, nps, csat, ces, rating, text, enrichment';
  key CONSTANT text := '(%1$s.occurred_at, %1$s.survey_id, %1$s.touchpoint_id, %1$s.channel, %1$s.nps, %1$s.csat, '
    || '%1$s.ces, %1$s.rating, %1$s.text IS NULL, %1$s.enrichment IS NULL, %1$s.enrichment -> ''themeIds'', '
    || '%1$s.enrichment -> ''themes'', %1$s.enrichment -> ''themeAspects'', %1$s.enrichment ->> ''skipped'')';
  changed text;
  upd text;
BEGIN
  changed := format(key, 'o') || ' IS DISTINCT FROM ' || format(key, 'n');
  upd := 'SELECT o.' || replace(cols, ', ', ', o.') || ', -1 AS sign FROM old_rows o JOIN new_rows n USING (org_id, id) WHERE ' || changed
    || ' UNION ALL SELECT n.' || replace(cols, ', ', ', n.') || ', 1 AS sign FROM old_rows o JOIN new_rows n USING (org_id, id) WHERE ' || changed;
  EXECUTE format($fn$
CREATE OR REPLACE FUNCTION feedback_theme_rollup_trigger() RETURNS trigger LANGUAGE plpgsql SET work_mem = '64MB' AS $body$
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
