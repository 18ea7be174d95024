-- 0040: a change stamp on contacts, so the in-memory contact index (listen/contacts/contact-index*.ts)
-- catches up with the contacts changed since the snapshot it was read in instead of reloading.
--
-- changed_xid: the transaction that inserted the row (column default) or last updated it (a BEFORE
-- UPDATE row trigger). Rows already there keep NULL: every snapshot read after this migration sees
-- them. No table rewrite: the default applies to new rows only. Deletes are seen by the reader from the
-- kept count (migration 0039): more indexed contacts than counted ones means a reload.
ALTER TABLE contacts ADD COLUMN changed_xid xid8;
ALTER TABLE contacts ALTER COLUMN changed_xid SET DEFAULT pg_current_xact_id();

CREATE FUNCTION contacts_changed_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_xid := pg_current_xact_id();
  RETURN NEW;
END
$$;

CREATE TRIGGER contacts_changed_xid BEFORE UPDATE ON contacts
  FOR EACH ROW EXECUTE FUNCTION contacts_changed_xid();

CREATE INDEX contacts_changed_xid_idx ON contacts (org_id, changed_xid) WHERE changed_xid IS NOT NULL;
