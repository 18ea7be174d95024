-- 0007: file imports (historical responses, reviews, tickets) with their progress and row errors.
-- New table only.

CREATE TABLE imports (
  org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  kind            text NOT NULL CHECK (kind IN ('responses', 'reviews', 'tickets', 'contacts')),
  file_name       text NOT NULL,
  status          text NOT NULL DEFAULT 'validating'
                  CHECK (status IN ('validating', 'importing', 'done', 'rejected', 'failed')),
  skip_invalid    boolean NOT NULL DEFAULT false,
  total_rows      integer NOT NULL DEFAULT 0,
  processed_rows  integer NOT NULL DEFAULT 0,
  imported        integer NOT NULL DEFAULT 0,
  duplicates      integer NOT NULL DEFAULT 0,
  skipped         integer NOT NULL DEFAULT 0,
  -- the first row errors: [{ row, column, reason }]
  errors          jsonb NOT NULL DEFAULT '[]',
  error_count     integer NOT NULL DEFAULT 0,
  message         text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX imports_time_idx ON imports (org_id, created_at);
