-- 0037: the organisation's language, and personal links recorded as invitations.
--
-- organisations.language: the language the organisation writes in (one of those the product's own words
-- are written in: en, fr, de, es). It is the default language of an invitation email whose campaign names
-- none, and of a new survey whose definition names none. A constant default: no rewrite of the table
-- (a brief ACCESS EXCLUSIVE lock for the catalogue change only).
ALTER TABLE organisations ADD COLUMN language text NOT NULL DEFAULT 'en'
  CHECK (language IN ('en', 'fr', 'de', 'es'));

-- A personal link made for a contact is an invitation of the 'link' channel with source 'personal', so
-- that it counts toward the contact-frequency rules and shows in per-channel response rates. The check
-- is added NOT VALID and then validated: the validation reads invitations under a SHARE UPDATE
-- EXCLUSIVE lock, so invitations are written meanwhile.
ALTER TABLE invitations DROP CONSTRAINT invitations_source_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_source_check
  CHECK (source IN ('campaign', 'trigger', 'case', 'personal')) NOT VALID;
ALTER TABLE invitations VALIDATE CONSTRAINT invitations_source_check;
