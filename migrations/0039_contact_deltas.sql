-- 0039: the number of contacts of each organisation, kept beside the table, so the contacts page's
-- "every contact" count does not count 2 M rows on each visit; and a change stamp of the organisation's
-- contacts for readers that keep answers about them.
--
-- contact_deltas: one row per statement that inserts, updates or deletes an organisation's contacts,
-- written by statement-level triggers from their transition tables: n = rows inserted - rows deleted,
-- changes = rows touched. Only inserts, so concurrent writers (intake creating contacts, imports,
-- erasure) never wait on one another's counter row. The organisation's count is sum(n), its change stamp
-- sum(changes) (it only grows). Readers fold an organisation's rows into one when they pile up (one
-- DELETE ... RETURNING feeding one INSERT: the sums never change). No foreign key: deleting an
-- organisation deletes its contacts, whose trigger then writes a row for the organisation being deleted.
--
-- Locking: CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock on contacts until this migration commits, so
-- the first rows (the count of every organisation, read after the triggers exist) miss no write. That
-- read scans contacts once (about 0.3 s per million contacts); writes wait meanwhile.
CREATE TABLE contact_deltas (
  org_id  uuid NOT NULL,
  n       bigint NOT NULL,
  changes bigint NOT NULL
);
CREATE INDEX contact_deltas_org_idx ON contact_deltas (org_id);

CREATE FUNCTION contact_deltas_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO contact_deltas (org_id, n, changes) SELECT org_id, count(*), count(*) FROM new_rows GROUP BY org_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO contact_deltas (org_id, n, changes) SELECT org_id, -count(*), count(*) FROM old_rows GROUP BY org_id;
  ELSE
    -- org_id never changes in place (the primary key's first column, and every reference carries it).
    INSERT INTO contact_deltas (org_id, n, changes) SELECT org_id, 0, count(*) FROM new_rows GROUP BY org_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER contacts_deltas_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_deltas_add();
CREATE TRIGGER contacts_deltas_update AFTER UPDATE ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_deltas_add();
CREATE TRIGGER contacts_deltas_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_deltas_add();

INSERT INTO contact_deltas (org_id, n, changes) SELECT org_id, count(*), 0 FROM contacts GROUP BY org_id;
