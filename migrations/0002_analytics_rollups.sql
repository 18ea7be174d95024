-- 0002: analytics. Rollups of sufficient statistics kept in step with feedback, per-organisation
-- rollup settings, and mirror surveys (internal answers to a customer survey).
--
-- Locking: ALTER TABLE surveys takes a brief ACCESS EXCLUSIVE lock (adding a nullable column with no
-- default is a catalogue change, no rewrite); the foreign key validation then reads surveys, a small
-- table. The backfill at the end reads all of feedback once and writes the rollup while the migration
-- transaction holds its locks: on a large existing database expect it to take about as long as one
-- full aggregate of feedback (seconds per million rows), with writes to feedback waiting meanwhile,
-- because CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock on feedback until commit.

-- A mirror survey is answered by employees or executives as they believe customers would answer the
-- customer survey it mirrors. Its answers are kept out of customer scores.
ALTER TABLE surveys ADD COLUMN mirror_of uuid;
ALTER TABLE surveys ADD CONSTRAINT surveys_mirror_of_fkey
  FOREIGN KEY (org_id, mirror_of) REFERENCES surveys (org_id, id);
ALTER TABLE surveys ADD CONSTRAINT surveys_mirror_not_self CHECK (mirror_of <> id);
CREATE INDEX surveys_mirror_of_idx ON surveys (org_id, mirror_of) WHERE mirror_of IS NOT NULL;

-- Which rollups an organisation keeps: local-day buckets in UTC and in each listed time zone, and one
-- slice per listed segment dimension ('attr.<contact attribute>' or 'meta.<metadata key>').
CREATE TABLE analytics_settings (
  org_id      uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  time_zones  text[] NOT NULL DEFAULT '{}' CHECK (cardinality(time_zones) <= 4),
  dimensions  text[] NOT NULL DEFAULT '{}' CHECK (cardinality(dimensions) <= 8),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Sufficient statistics of feedback per organisation, zone, local period, survey, touchpoint, stage,
-- journey and channel. Each row is counted at three grains: its local day, its week (starting Monday)
-- and its month (`day` is the first day of the period), so a year by week reads 52 buckets per cell
-- rather than 365, and partial periods at the edges of a range are read from days. Missing ids are stored as the nil UUID so the key has no NULLs. Counts and
-- integer sums are exact (integer per bucket; readers sum them as bigint); rating sums are numeric
-- (exact decimal sums of the stored real), so reading the rollup gives exactly what a scan of feedback
-- gives. No foreign key to organisations: deleting an organisation cascades to feedback, whose trigger
-- then empties these rows; a foreign key here would race that cascade.
CREATE TABLE feedback_rollup (
  org_id         uuid NOT NULL,
  zone           text NOT NULL,
  grain          text NOT NULL CHECK (grain IN ('day', 'week', 'month')),
  day            date NOT NULL,
  survey_id      uuid NOT NULL,
  touchpoint_id  uuid NOT NULL,
  stage_id       uuid NOT NULL,
  journey_id     uuid NOT NULL,
  channel        text NOT NULL,
  records        integer NOT NULL,
  nps_p          integer NOT NULL,
  nps_pa         integer NOT NULL,
  nps_d          integer NOT NULL,
  csat_n         integer NOT NULL,
  csat_top       integer NOT NULL,
  csat_sum       integer NOT NULL,
  csat_sq        integer NOT NULL,
  ces_n          integer NOT NULL,
  ces_top        integer NOT NULL,
  ces_sum        integer NOT NULL,
  ces_sq         integer NOT NULL,
  rating_n       integer NOT NULL,
  rating_top     integer NOT NULL,
  rating_sum     numeric NOT NULL,
  rating_sq      numeric NOT NULL,
  PRIMARY KEY (org_id, zone, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel)
);

-- The same per configured segment dimension: one row per value of the dimension (`value` is the
-- attribute or metadata value as text, '' when absent), so a query that filters or groups on one
-- segment reads only that dimension's rows. A separate table keeps the unsegmented reads small.
CREATE TABLE feedback_rollup_segment (
  org_id         uuid NOT NULL,
  zone           text NOT NULL,
  dim            text NOT NULL,
  value          text NOT NULL,
  grain          text NOT NULL CHECK (grain IN ('day', 'week', 'month')),
  day            date NOT NULL,
  survey_id      uuid NOT NULL,
  touchpoint_id  uuid NOT NULL,
  stage_id       uuid NOT NULL,
  journey_id     uuid NOT NULL,
  channel        text NOT NULL,
  records        integer NOT NULL,
  nps_p          integer NOT NULL,
  nps_pa         integer NOT NULL,
  nps_d          integer NOT NULL,
  csat_n         integer NOT NULL,
  csat_top       integer NOT NULL,
  csat_sum       integer NOT NULL,
  csat_sq        integer NOT NULL,
  ces_n          integer NOT NULL,
  ces_top        integer NOT NULL,
  ces_sum        integer NOT NULL,
  ces_sq         integer NOT NULL,
  rating_n       integer NOT NULL,
  rating_top     integer NOT NULL,
  rating_sum     numeric NOT NULL,
  rating_sq      numeric NOT NULL,
  PRIMARY KEY (org_id, zone, dim, value, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel)
);

-- Pending sums from small writes (a response, a small batch): insert-only, with no key, so concurrent
-- submissions never wait on a shared rollup row. Readers add them to the rollup in the same snapshot;
-- feedback_rollup_fold() moves them into the rollup, one folder at a time.
CREATE TABLE feedback_rollup_delta (LIKE feedback_rollup);
CREATE INDEX feedback_rollup_delta_idx ON feedback_rollup_delta (org_id, zone, grain, day);
CREATE TABLE feedback_rollup_segment_delta (LIKE feedback_rollup_segment);
CREATE INDEX feedback_rollup_segment_delta_idx ON feedback_rollup_segment_delta (org_id, zone, dim, value, grain, day);

-- The SQL that folds a set of feedback rows with a sign (+1 added, -1 removed) into the rollups, given
-- a query `source` returning (org_id, occurred_at, survey_id, touchpoint_id, stage_id, journey_id, channel,
-- nps, csat, ces, rating, attributes, metadata, sign). Records are first summed per local day, and the
-- weeks and months are summed from those days (sums of sums are the same exact numbers, and a large COPY
-- then sorts its records once, not three times). One builder for the trigger and for rebuilds, so both
-- bucket exactly alike. Rows are upserted in key order so that concurrent writers lock them in the same
-- order. Buckets emptied by deletes keep their (zero) row; readers skip them (they ask for n > 0) and a
-- rebuild removes them.
CREATE FUNCTION feedback_rollup_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT $q$
  WITH f AS MATERIALIZED ($q$ || source || $q$),
  base_days AS MATERIALIZED (
    SELECT f.org_id, k.zone, (f.occurred_at AT TIME ZONE k.zone)::date AS day,
      coalesce(f.survey_id, '00000000-0000-0000-0000-000000000000') AS survey_id,
      coalesce(f.touchpoint_id, '00000000-0000-0000-0000-000000000000') AS touchpoint_id,
      coalesce(f.stage_id, '00000000-0000-0000-0000-000000000000') AS stage_id,
      coalesce(f.journey_id, '00000000-0000-0000-0000-000000000000') AS journey_id,
      f.channel,
      sum(f.sign) AS records,
      coalesce(sum(f.sign) FILTER (WHERE f.nps >= 9), 0) AS nps_p,
      coalesce(sum(f.sign) FILTER (WHERE f.nps BETWEEN 7 AND 8), 0) AS nps_pa,
      coalesce(sum(f.sign) FILTER (WHERE f.nps <= 6), 0) AS nps_d,
      coalesce(sum(f.sign) FILTER (WHERE f.csat IS NOT NULL), 0) AS csat_n,
      coalesce(sum(f.sign) FILTER (WHERE f.csat >= 4), 0) AS csat_top,
      coalesce(sum(f.sign * f.csat), 0) AS csat_sum,
      coalesce(sum(f.sign * f.csat * f.csat), 0) AS csat_sq,
      coalesce(sum(f.sign) FILTER (WHERE f.ces IS NOT NULL), 0) AS ces_n,
      coalesce(sum(f.sign) FILTER (WHERE f.ces >= 5), 0) AS ces_top,
      coalesce(sum(f.sign * f.ces), 0) AS ces_sum,
      coalesce(sum(f.sign * f.ces * f.ces), 0) AS ces_sq,
      coalesce(sum(f.sign) FILTER (WHERE f.rating IS NOT NULL), 0) AS rating_n,
      coalesce(sum(f.sign) FILTER (WHERE f.rating = 1), 0) AS rating_top,
      coalesce(sum(f.sign * f.rating::numeric), 0) AS rating_sum,
      coalesce(sum(f.sign * f.rating::numeric * f.rating::numeric), 0) AS rating_sq
    FROM f
    LEFT JOIN analytics_settings s ON s.org_id = f.org_id
    CROSS JOIN LATERAL unnest(array['UTC'] || coalesce(s.time_zones, '{}')) AS k(zone)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ),
  segment_days AS MATERIALIZED (
    SELECT f.org_id, k.zone, x.dim, x.value, (f.occurred_at AT TIME ZONE k.zone)::date AS day,
      coalesce(f.survey_id, '00000000-0000-0000-0000-000000000000') AS survey_id,
      coalesce(f.touchpoint_id, '00000000-0000-0000-0000-000000000000') AS touchpoint_id,
      coalesce(f.stage_id, '00000000-0000-0000-0000-000000000000') AS stage_id,
      coalesce(f.journey_id, '00000000-0000-0000-0000-000000000000') AS journey_id,
      f.channel,
      sum(f.sign) AS records,
      coalesce(sum(f.sign) FILTER (WHERE f.nps >= 9), 0) AS nps_p,
      coalesce(sum(f.sign) FILTER (WHERE f.nps BETWEEN 7 AND 8), 0) AS nps_pa,
      coalesce(sum(f.sign) FILTER (WHERE f.nps <= 6), 0) AS nps_d,
      coalesce(sum(f.sign) FILTER (WHERE f.csat IS NOT NULL), 0) AS csat_n,
      coalesce(sum(f.sign) FILTER (WHERE f.csat >= 4), 0) AS csat_top,
      coalesce(sum(f.sign * f.csat), 0) AS csat_sum,
      coalesce(sum(f.sign * f.csat * f.csat), 0) AS csat_sq,
      coalesce(sum(f.sign) FILTER (WHERE f.ces IS NOT NULL), 0) AS ces_n,
      coalesce(sum(f.sign) FILTER (WHERE f.ces >= 5), 0) AS ces_top,
      coalesce(sum(f.sign * f.ces), 0) AS ces_sum,
      coalesce(sum(f.sign * f.ces * f.ces), 0) AS ces_sq,
      coalesce(sum(f.sign) FILTER (WHERE f.rating IS NOT NULL), 0) AS rating_n,
      coalesce(sum(f.sign) FILTER (WHERE f.rating = 1), 0) AS rating_top,
      coalesce(sum(f.sign * f.rating::numeric), 0) AS rating_sum,
      coalesce(sum(f.sign * f.rating::numeric * f.rating::numeric), 0) AS rating_sq
    FROM f
    JOIN analytics_settings s ON s.org_id = f.org_id AND cardinality(s.dimensions) > 0
    CROSS JOIN LATERAL unnest(array['UTC'] || s.time_zones) AS k(zone)
    CROSS JOIN LATERAL (
      SELECT dim, coalesce(CASE WHEN dim LIKE 'attr.%' THEN f.attributes ->> substr(dim, 6)
                                ELSE f.metadata ->> substr(dim, 6) END, '') AS value
      FROM unnest(s.dimensions) AS dim
    ) AS x
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ),
  base AS (
    INSERT INTO feedback_rollup AS r
    SELECT d.org_id, d.zone, g.grain, g.day, d.survey_id, d.touchpoint_id, d.stage_id, d.journey_id, d.channel,
      sum(records), sum(nps_p), sum(nps_pa), sum(nps_d), sum(csat_n), sum(csat_top), sum(csat_sum), sum(csat_sq),
    sum(ces_n), sum(ces_top), sum(ces_sum), sum(ces_sq), sum(rating_n), sum(rating_top), sum(rating_sum), sum(rating_sq)
    FROM base_days d
    CROSS JOIN LATERAL (VALUES ('day', d.day), ('week', date_trunc('week', d.day)::date),
                             ('month', date_trunc('month', d.day)::date)) AS g(grain, day)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT (org_id, zone, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel) DO UPDATE SET
    records = r.records + excluded.records,
    nps_p = r.nps_p + excluded.nps_p, nps_pa = r.nps_pa + excluded.nps_pa, nps_d = r.nps_d + excluded.nps_d,
    csat_n = r.csat_n + excluded.csat_n, csat_top = r.csat_top + excluded.csat_top,
    csat_sum = r.csat_sum + excluded.csat_sum, csat_sq = r.csat_sq + excluded.csat_sq,
    ces_n = r.ces_n + excluded.ces_n, ces_top = r.ces_top + excluded.ces_top,
    ces_sum = r.ces_sum + excluded.ces_sum, ces_sq = r.ces_sq + excluded.ces_sq,
    rating_n = r.rating_n + excluded.rating_n, rating_top = r.rating_top + excluded.rating_top,
    rating_sum = r.rating_sum + excluded.rating_sum, rating_sq = r.rating_sq + excluded.rating_sq
  )
  INSERT INTO feedback_rollup_segment AS r
  SELECT d.org_id, d.zone, d.dim, d.value, g.grain, g.day, d.survey_id, d.touchpoint_id, d.stage_id, d.journey_id,
    d.channel, sum(records), sum(nps_p), sum(nps_pa), sum(nps_d), sum(csat_n), sum(csat_top), sum(csat_sum), sum(csat_sq),
    sum(ces_n), sum(ces_top), sum(ces_sum), sum(ces_sq), sum(rating_n), sum(rating_top), sum(rating_sum), sum(rating_sq)
  FROM segment_days d
  CROSS JOIN LATERAL (VALUES ('day', d.day), ('week', date_trunc('week', d.day)::date),
                             ('month', date_trunc('month', d.day)::date)) AS g(grain, day)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  ON CONFLICT (org_id, zone, dim, value, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel) DO UPDATE SET
    records = r.records + excluded.records,
    nps_p = r.nps_p + excluded.nps_p, nps_pa = r.nps_pa + excluded.nps_pa, nps_d = r.nps_d + excluded.nps_d,
    csat_n = r.csat_n + excluded.csat_n, csat_top = r.csat_top + excluded.csat_top,
    csat_sum = r.csat_sum + excluded.csat_sum, csat_sq = r.csat_sq + excluded.csat_sq,
    ces_n = r.ces_n + excluded.ces_n, ces_top = r.ces_top + excluded.ces_top,
    ces_sum = r.ces_sum + excluded.ces_sum, ces_sq = r.ces_sq + excluded.ces_sq,
    rating_n = r.rating_n + excluded.rating_n, rating_top = r.rating_top + excluded.rating_top,
    rating_sum = r.rating_sum + excluded.rating_sum, rating_sq = r.rating_sq + excluded.rating_sq
$q$
$f$;

-- The same fold in one pass, each record at its three grains directly, appended to the delta tables (no
-- conflict handling: they have no key). Cheap to plan and run for the few records of an ordinary write.
CREATE FUNCTION feedback_rollup_sql_delta(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT $q$
  WITH f AS MATERIALIZED ($q$ || source || $q$),
  base AS (
    INSERT INTO feedback_rollup_delta AS r
    SELECT f.org_id, k.zone, g.grain, g.day,
    coalesce(f.survey_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(f.touchpoint_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(f.stage_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(f.journey_id, '00000000-0000-0000-0000-000000000000'),
    f.channel,
    sum(f.sign),
    coalesce(sum(f.sign) FILTER (WHERE f.nps >= 9), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.nps BETWEEN 7 AND 8), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.nps <= 6), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.csat IS NOT NULL), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.csat >= 4), 0),
    coalesce(sum(f.sign * f.csat), 0),
    coalesce(sum(f.sign * f.csat * f.csat), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.ces IS NOT NULL), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.ces >= 5), 0),
    coalesce(sum(f.sign * f.ces), 0),
    coalesce(sum(f.sign * f.ces * f.ces), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.rating IS NOT NULL), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.rating = 1), 0),
    coalesce(sum(f.sign * f.rating::numeric), 0),
    coalesce(sum(f.sign * f.rating::numeric * f.rating::numeric), 0)
    FROM f
    LEFT JOIN analytics_settings s ON s.org_id = f.org_id
    CROSS JOIN LATERAL unnest(array['UTC'] || coalesce(s.time_zones, '{}')) AS k(zone)
    CROSS JOIN LATERAL (SELECT (f.occurred_at AT TIME ZONE k.zone)::date AS d) AS l
    CROSS JOIN LATERAL (VALUES ('day', l.d), ('week', date_trunc('week', l.d)::date),
                               ('month', date_trunc('month', l.d)::date)) AS g(grain, day)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  )
  INSERT INTO feedback_rollup_segment_delta AS r
  SELECT f.org_id, k.zone, d.dim, d.value, g.grain, g.day,
    coalesce(f.survey_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(f.touchpoint_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(f.stage_id, '00000000-0000-0000-0000-000000000000'),
    coalesce(f.journey_id, '00000000-0000-0000-0000-000000000000'),
    f.channel,
    sum(f.sign),
    coalesce(sum(f.sign) FILTER (WHERE f.nps >= 9), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.nps BETWEEN 7 AND 8), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.nps <= 6), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.csat IS NOT NULL), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.csat >= 4), 0),
    coalesce(sum(f.sign * f.csat), 0),
    coalesce(sum(f.sign * f.csat * f.csat), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.ces IS NOT NULL), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.ces >= 5), 0),
    coalesce(sum(f.sign * f.ces), 0),
    coalesce(sum(f.sign * f.ces * f.ces), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.rating IS NOT NULL), 0),
    coalesce(sum(f.sign) FILTER (WHERE f.rating = 1), 0),
    coalesce(sum(f.sign * f.rating::numeric), 0),
    coalesce(sum(f.sign * f.rating::numeric * f.rating::numeric), 0)
  FROM f
  JOIN analytics_settings s ON s.org_id = f.org_id AND cardinality(s.dimensions) > 0
  CROSS JOIN LATERAL unnest(array['UTC'] || s.time_zones) AS k(zone)
  CROSS JOIN LATERAL (
    SELECT x AS dim, coalesce(CASE WHEN x LIKE 'attr.%' THEN f.attributes ->> substr(x, 6)
                                   ELSE f.metadata ->> substr(x, 6) END, '') AS value
    FROM unnest(s.dimensions) AS x
  ) AS d
  CROSS JOIN LATERAL (SELECT (f.occurred_at AT TIME ZONE k.zone)::date AS d) AS l
  CROSS JOIN LATERAL (VALUES ('day', l.d), ('week', date_trunc('week', l.d)::date),
                             ('month', date_trunc('month', l.d)::date)) AS g(grain, day)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
$q$
$f$;



-- Move pending sums into the rollup, atomically (a reader sees them either pending or folded, never
-- both). Only one folder at a time: the others return at once (false) rather than wait.
CREATE FUNCTION feedback_rollup_fold() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('northstar.feedback_rollup_fold')) THEN
    RETURN false;
  END IF;
  WITH moved AS (DELETE FROM feedback_rollup_delta RETURNING *)
  INSERT INTO feedback_rollup AS r
  SELECT org_id, zone, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel,
    sum(records), sum(nps_p), sum(nps_pa), sum(nps_d), sum(csat_n), sum(csat_top), sum(csat_sum), sum(csat_sq),
    sum(ces_n), sum(ces_top), sum(ces_sum), sum(ces_sq), sum(rating_n), sum(rating_top), sum(rating_sum), sum(rating_sq)
  FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (org_id, zone, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel) DO UPDATE SET
    records = r.records + excluded.records,
    nps_p = r.nps_p + excluded.nps_p, nps_pa = r.nps_pa + excluded.nps_pa, nps_d = r.nps_d + excluded.nps_d,
    csat_n = r.csat_n + excluded.csat_n, csat_top = r.csat_top + excluded.csat_top,
    csat_sum = r.csat_sum + excluded.csat_sum, csat_sq = r.csat_sq + excluded.csat_sq,
    ces_n = r.ces_n + excluded.ces_n, ces_top = r.ces_top + excluded.ces_top,
    ces_sum = r.ces_sum + excluded.ces_sum, ces_sq = r.ces_sq + excluded.ces_sq,
    rating_n = r.rating_n + excluded.rating_n, rating_top = r.rating_top + excluded.rating_top,
    rating_sum = r.rating_sum + excluded.rating_sum, rating_sq = r.rating_sq + excluded.rating_sq;
  WITH moved AS (DELETE FROM feedback_rollup_segment_delta RETURNING *)
  INSERT INTO feedback_rollup_segment AS r
  SELECT org_id, zone, dim, value, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel,
    sum(records), sum(nps_p), sum(nps_pa), sum(nps_d), sum(csat_n), sum(csat_top), sum(csat_sum), sum(csat_sq),
    sum(ces_n), sum(ces_top), sum(ces_sum), sum(ces_sq), sum(rating_n), sum(rating_top), sum(rating_sum), sum(rating_sq)
  FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  ON CONFLICT (org_id, zone, dim, value, grain, day, survey_id, touchpoint_id, stage_id, journey_id, channel) DO UPDATE SET
    records = r.records + excluded.records,
    nps_p = r.nps_p + excluded.nps_p, nps_pa = r.nps_pa + excluded.nps_pa, nps_d = r.nps_d + excluded.nps_d,
    csat_n = r.csat_n + excluded.csat_n, csat_top = r.csat_top + excluded.csat_top,
    csat_sum = r.csat_sum + excluded.csat_sum, csat_sq = r.csat_sq + excluded.csat_sq,
    ces_n = r.ces_n + excluded.ces_n, ces_top = r.ces_top + excluded.ces_top,
    ces_sum = r.ces_sum + excluded.ces_sum, ces_sq = r.ces_sq + excluded.ces_sq,
    rating_n = r.rating_n + excluded.rating_n, rating_top = r.rating_top + excluded.rating_top,
    rating_sum = r.rating_sum + excluded.rating_sum, rating_sq = r.rating_sq + excluded.rating_sq;
  RETURN true;
END
$$;

-- Statement-level trigger over the transition tables: one aggregated upsert per statement, so a COPY of
-- a million rows costs one grouped upsert rather than a million row-level updates. The function body is
-- generated here from feedback_rollup_sql so that its statements are static: PL/pgSQL then plans them
-- once per connection instead of on every statement (EXECUTE would re-plan each time).
DO $do$
DECLARE
  cols CONSTANT text := 'org_id, occurred_at, survey_id, touchpoint_id, stage_id, journey_id, channel, nps, csat, ces, rating, attributes, metadata';
  upd text;
  changed CONSTANT text := '(o.occurred_at, o.survey_id, o.touchpoint_id, o.stage_id, o.journey_id, o.channel, o.nps, o.csat, o.ces, o.rating, o.attributes, o.metadata) IS DISTINCT FROM (n.occurred_at, n.survey_id, n.touchpoint_id, n.stage_id, n.journey_id, n.channel, n.nps, n.csat, n.ces, n.rating, n.attributes, n.metadata)';
BEGIN
  upd := 'SELECT o.' || replace(cols, ', ', ', o.') || ', -1 AS sign FROM old_rows o JOIN new_rows n USING (org_id, id) WHERE ' || changed
    || ' UNION ALL SELECT n.' || replace(cols, ', ', ', n.') || ', 1 AS sign FROM old_rows o JOIN new_rows n USING (org_id, id) WHERE ' || changed;
  EXECUTE format($fn$
CREATE FUNCTION feedback_rollup_trigger() RETURNS trigger LANGUAGE plpgsql SET work_mem = '64MB' AS $body$
BEGIN
  -- Up to 64 records: appended to the delta tables (no shared row to wait on), and about one write in
  -- 50 folds the deltas if no one else is; more: upserted into the rollup, per day first.
  IF TG_OP = 'INSERT' THEN
    IF (SELECT count(*) FROM new_rows) <= 64 THEN %s; ELSE %s; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF (SELECT count(*) FROM old_rows) <= 64 THEN %s; ELSE %s; END IF;
  ELSE
    -- Only rows whose analysed columns changed move between buckets (enrichment updates cost a join, no write).
    IF (SELECT count(*) FROM new_rows) <= 32 THEN %s; ELSE %s; END IF;
  END IF;
  IF random() < 0.02 THEN
    PERFORM feedback_rollup_fold();
  END IF;
  RETURN NULL;
END
$body$
$fn$,
    feedback_rollup_sql_delta('SELECT ' || cols || ', 1 AS sign FROM new_rows'),
    feedback_rollup_sql('SELECT ' || cols || ', 1 AS sign FROM new_rows'),
    feedback_rollup_sql_delta('SELECT ' || cols || ', -1 AS sign FROM old_rows'),
    feedback_rollup_sql('SELECT ' || cols || ', -1 AS sign FROM old_rows'),
    feedback_rollup_sql_delta(upd),
    feedback_rollup_sql(upd));
END
$do$;

CREATE TRIGGER feedback_rollup_insert AFTER INSERT ON feedback
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_trigger();
CREATE TRIGGER feedback_rollup_update AFTER UPDATE ON feedback
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_trigger();
CREATE TRIGGER feedback_rollup_delete AFTER DELETE ON feedback
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_trigger();

-- Recompute one organisation's rollup from feedback (after its settings change). Takes a SHARE lock on
-- feedback until the end of the transaction, so writes wait and no row is counted twice or missed.
CREATE FUNCTION feedback_rollup_rebuild(org uuid) RETURNS void LANGUAGE plpgsql SET work_mem = '256MB' AS $$
BEGIN
  LOCK TABLE feedback IN SHARE MODE;
  DELETE FROM feedback_rollup WHERE org_id = org;
  DELETE FROM feedback_rollup_segment WHERE org_id = org;
  DELETE FROM feedback_rollup_delta WHERE org_id = org;
  DELETE FROM feedback_rollup_segment_delta WHERE org_id = org;
  EXECUTE feedback_rollup_sql(
    'SELECT org_id, occurred_at, survey_id, touchpoint_id, stage_id, journey_id, channel, nps, csat, ces, rating, '
    || 'attributes, metadata, 1 AS sign FROM feedback WHERE org_id = ' || quote_literal(org));
END
$$;

-- Backfill existing feedback.
DO $$
DECLARE o uuid;
BEGIN
  FOR o IN SELECT DISTINCT org_id FROM feedback LOOP
    PERFORM feedback_rollup_rebuild(o);
  END LOOP;
END
$$;
