-- 0039: the number of contacts of each organisation, kept beside the table, so the contacts page's
-- "every contact" count does not count 2 M rows on each visit.
--
-- contact_deltas: one row per statement that inserts or deletes an organisation's contacts, written by
-- statement-level triggers from their transition tables (n = rows inserted, or minus rows deleted; an
-- INSERT ... ON CONFLICT DO UPDATE lists only the rows it inserted). Only inserts, so concurrent writers
-- (intake creating contacts, imports, erasure) never wait on one another's counter row; updates write
-- nothing. The organisation's count is sum(n). Readers, and the worker's sweep, fold an organisation's
-- rows into one when they pile up (one DELETE ... RETURNING feeding one INSERT: the sum never changes).
-- No foreign key: deleting an organisation deletes its contacts, whose trigger then writes a row for the
-- organisation being deleted.
--
-- Locking: CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock on contacts until this migration commits, so
-- the first rows (the count of every organisation, read after the triggers exist) miss no write. That
-- read scans contacts once (about 0.3 s per million contacts); writes wait meanwhile.
CREATE TABLE contact_deltas (
  org_id  uuid NOT NULL,
  n       bigint NOT NULL
);
CREATE INDEX contact_deltas_org_idx ON contact_deltas (org_id);

CREATE FUNCTION contact_deltas_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO contact_deltas (org_id, n) SELECT org_id, count(*) FROM new_rows GROUP BY org_id;
  ELSE
    INSERT INTO contact_deltas (org_id, n) SELECT org_id, -count(*) FROM old_rows GROUP BY org_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER contacts_deltas_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_deltas_add();
CREATE TRIGGER contacts_deltas_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_deltas_add();

INSERT INTO contact_deltas (org_id, n) SELECT org_id, count(*) FROM contacts GROUP BY org_id;
