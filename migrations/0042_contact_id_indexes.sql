-- 0042: the rows of a contact, found by the contact.
--
-- responses, respondent_sessions, trigger_decisions and contact_list_members name a contact but had no
-- index leading with it. Erasing a contact (and exporting their data) deletes and reads the rows of every
-- table naming them, and deleting the contact checks the foreign keys of responses: each was a scan of
-- the table (6.5 s a statement at 10 M responses, several per erasure, with the contact's row locked).
-- Partial where the column may be null: anonymous responses and sessions have no contact.
--
-- Locking: building them reads each table once under a SHARE lock (writes wait: a few seconds per 1 M
-- rows).
CREATE INDEX responses_contact_idx ON responses (org_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX respondent_sessions_contact_idx ON respondent_sessions (org_id, contact_id)
  WHERE contact_id IS NOT NULL;
CREATE INDEX trigger_decisions_contact_idx ON trigger_decisions (org_id, contact_id)
  WHERE contact_id IS NOT NULL;
CREATE INDEX contact_list_members_contact_idx ON contact_list_members (org_id, contact_id);
