-- 0040: a change stamp on contacts, so the in-memory contact index (listen/contacts/contact-index*.ts)
-- catches up with the contacts changed since the snapshot it was read in instead of reloading.
--
-- changed_xid: the transaction that inserted the row (column default) or last changed what the index
-- reads (a BEFORE UPDATE row trigger). Rows already there keep NULL: every snapshot read after this migration sees
-- them. No table rewrite: the default applies to new rows only. Deletes are seen by the reader from the
-- kept count (migration 0039): more indexed contacts than counted ones means a reload.
ALTER TABLE contacts ADD COLUMN changed_xid xid8;
ALTER TABLE contacts ALTER COLUMN changed_xid SET DEFAULT pg_current_xact_id();

-- Only a change of what the index reads moves the stamp (email, external id, name, attributes: keep this
-- list in step with contact-index-rows.ts). Intake upserts a returning contact on every answer, mostly
-- with nothing new: its row then keeps its stamp, so the update stays a heap-only (HOT) update that
-- touches no index.
CREATE FUNCTION contacts_changed_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.email IS DISTINCT FROM OLD.email OR NEW.external_id IS DISTINCT FROM OLD.external_id
     OR NEW.name IS DISTINCT FROM OLD.name OR NEW.attributes IS DISTINCT FROM OLD.attributes THEN
    NEW.changed_xid := pg_current_xact_id();
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER contacts_changed_xid BEFORE UPDATE ON contacts
  FOR EACH ROW EXECUTE FUNCTION contacts_changed_xid();

CREATE INDEX contacts_changed_xid_idx ON contacts (org_id, changed_xid) WHERE changed_xid IS NOT NULL;
