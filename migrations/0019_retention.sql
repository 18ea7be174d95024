-- 0019: retention of feedback per organisation. An organisation may keep feedback for a number of
-- months; a daily job then deletes what is older, or anonymises it (comment text, free-text and
-- contact answers, and the link to the contact removed; scores, dates and slices kept). Rollups stay
-- exact either way: deletions go through the feedback triggers, and anonymising changes no column a
-- rollup reads. A new small table: no lock on existing ones.
CREATE TABLE retention_settings (
  org_id           uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  -- null: kept for ever (the default for every organisation)
  months           integer CHECK (months BETWEEN 1 AND 1200),
  mode             text NOT NULL DEFAULT 'delete' CHECK (mode IN ('delete', 'anonymise')),
  -- the day the daily job was last queued (one queueing per organisation and day, whatever the workers)
  queued_on        date,
  last_run_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
