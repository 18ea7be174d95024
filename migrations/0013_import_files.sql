-- 0013: files sent to POST /api/v1/imports wait here for their worker, instead of inside the job's
-- payload: pg-boss keeps finished jobs in its archive for days, and a file of customer reviews or
-- tickets (up to 32 MB) does not belong there. The worker deletes the file once the import has ended.
--
-- Locking: a new, empty table; nothing else is touched.
CREATE TABLE import_files (
  org_id      uuid NOT NULL,
  import_id   uuid NOT NULL,
  content     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, import_id),
  FOREIGN KEY (org_id, import_id) REFERENCES imports (org_id, id) ON DELETE CASCADE
);
