-- 0001: the core model. Every table carries org_id, and every primary, unique and foreign key
-- leads with it, so the schema can later be distributed by tenant. Runs on an empty database:
-- no locking concerns.

CREATE TABLE organisations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  email          text NOT NULL CHECK (email = lower(email)),
  name           text NOT NULL,
  role           text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'agent', 'viewer')),
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, email)
);
-- Login finds a user by email before the organisation is known.
CREATE INDEX users_email_idx ON users (email);

CREATE TABLE sessions (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL,
  token_hash  bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
-- A session cookie arrives without its organisation: look it up by the hash of its secret.
CREATE INDEX sessions_token_idx ON sessions (token_hash);

CREATE TABLE api_keys (
  org_id        uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  prefix        text NOT NULL,
  key_hash      bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX api_keys_prefix_idx ON api_keys (prefix);

CREATE TABLE journeys (
  org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, name)
);

CREATE TABLE stages (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  journey_id  uuid NOT NULL,
  name        text NOT NULL,
  position    integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, journey_id, name),
  FOREIGN KEY (org_id, journey_id) REFERENCES journeys (org_id, id) ON DELETE CASCADE
);

CREATE TABLE touchpoints (
  org_id       uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  journey_id   uuid NOT NULL,
  stage_id     uuid,
  name         text NOT NULL,
  channel      text,
  description  text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, journey_id, name),
  FOREIGN KEY (org_id, journey_id) REFERENCES journeys (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, stage_id) REFERENCES stages (org_id, id)
);

-- Declared types of contact attributes, so values are checked on the way in.
CREATE TABLE contact_attributes (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  key         text NOT NULL CHECK (key ~ '^[a-zA-Z][a-zA-Z0-9_]{0,62}$'),
  type        text NOT NULL CHECK (type IN ('string', 'number', 'boolean', 'date')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);

CREATE TABLE contacts (
  org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id  text,
  email        text CHECK (email = lower(email)),
  name         text,
  attributes   jsonb NOT NULL DEFAULT '{}',
  consent      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, external_id)
);
CREATE UNIQUE INDEX contacts_email_key ON contacts (org_id, email) WHERE email IS NOT NULL;

CREATE TABLE surveys (
  org_id           uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  name             text NOT NULL,
  status           text NOT NULL DEFAULT 'live' CHECK (status IN ('draft', 'live', 'closed')),
  current_version  integer NOT NULL DEFAULT 1,
  touchpoint_id    uuid,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id)
);

-- Definitions are immutable once written: editing a survey adds a version.
CREATE TABLE survey_versions (
  org_id      uuid NOT NULL,
  survey_id   uuid NOT NULL,
  version     integer NOT NULL CHECK (version >= 1),
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, survey_id, version),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys (org_id, id) ON DELETE CASCADE
);

CREATE TABLE responses (
  org_id           uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  survey_id        uuid NOT NULL,
  survey_version   integer NOT NULL,
  contact_id       uuid,
  touchpoint_id    uuid,
  channel          text NOT NULL,
  answers          jsonb NOT NULL,
  metadata         jsonb NOT NULL DEFAULT '{}',
  language         text,
  started_at       timestamptz,
  submitted_at     timestamptz NOT NULL DEFAULT now(),
  idempotency_key  text,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, survey_id, survey_version) REFERENCES survey_versions (org_id, survey_id, version),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
  FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id)
);
-- A retried submission with the same key never creates a second response.
CREATE UNIQUE INDEX responses_idempotency_key ON responses (org_id, survey_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX responses_survey_idx ON responses (org_id, survey_id, submitted_at);

-- The unified feedback record: whatever arrives (survey answer, review, ticket, social post)
-- becomes one row here, and analytics reads only this table.
CREATE TABLE feedback (
  org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  source         text NOT NULL CHECK (source IN ('survey', 'review', 'ticket', 'social', 'import', 'api')),
  source_id      text NOT NULL,
  response_id    uuid,
  survey_id      uuid,
  contact_id     uuid,
  journey_id     uuid,
  stage_id       uuid,
  touchpoint_id  uuid,
  channel        text NOT NULL,
  occurred_at    timestamptz NOT NULL,
  nps            smallint CHECK (nps BETWEEN 0 AND 10),
  csat           smallint CHECK (csat BETWEEN 1 AND 5),
  ces            smallint CHECK (ces BETWEEN 1 AND 7),
  rating         real CHECK (rating BETWEEN 0 AND 1),
  rating_scale   smallint CHECK (rating_scale >= 2),
  text           text,
  language       text,
  -- contact attributes as they were when the feedback arrived, for slicing
  attributes     jsonb NOT NULL DEFAULT '{}',
  -- response or import metadata (page, device, order id...)
  metadata       jsonb NOT NULL DEFAULT '{}',
  enrichment     jsonb,
  enrichment_version text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, source, source_id),
  FOREIGN KEY (org_id, response_id) REFERENCES responses (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys (org_id, id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
  FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id)
);
CREATE INDEX feedback_time_idx ON feedback (org_id, occurred_at);
CREATE INDEX feedback_touchpoint_idx ON feedback (org_id, touchpoint_id, occurred_at);
CREATE INDEX feedback_survey_idx ON feedback (org_id, survey_id, occurred_at);
