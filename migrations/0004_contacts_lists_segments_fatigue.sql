-- 0004: contact lists, dynamic segments and contact-frequency (fatigue) rules.
-- New tables and one new index on contacts (built under a SHARE lock: writes to contacts wait for the
-- build, reads do not; contacts is small next to feedback).

-- A static list of contacts (a CSV upload, a hand-picked panel).
CREATE TABLE contact_lists (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, name)
);

CREATE TABLE contact_list_members (
  org_id      uuid NOT NULL,
  list_id     uuid NOT NULL,
  contact_id  uuid NOT NULL,
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, list_id, contact_id),
  FOREIGN KEY (org_id, list_id) REFERENCES contact_lists (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
);

-- A dynamic segment: rules on contact attributes, evaluated in SQL each time it is used.
CREATE TABLE segments (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  rules       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, name)
);

-- Contact-frequency rules: at most `max_invitations` per contact in `window_days`, for one survey
-- (survey_id set) or across every survey and channel (survey_id null). Reminders are exempt.
CREATE TABLE contact_frequency_rules (
  org_id           uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  survey_id        uuid,
  max_invitations  integer NOT NULL CHECK (max_invitations >= 1),
  window_days      integer NOT NULL CHECK (window_days BETWEEN 1 AND 3660),
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys (org_id, id) ON DELETE CASCADE
);

-- Segment rules filter on attributes: a GIN index serves equality and containment tests.
CREATE INDEX contacts_attributes_idx ON contacts USING gin (attributes jsonb_path_ops);
