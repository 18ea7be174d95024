-- Public survey channels: the hosted link page (/s/{survey}) and the website widget.
-- New tables only, plus one index on surveys: no rewrite of existing rows, brief locks.

-- Signing keys for survey tokens (HMAC-SHA256), one per organisation, created on first use. Kept in the
-- database so every web process of an installation signs and verifies with the same key; `id` is the key
-- version written into each token, so a key can be rotated while older tokens still verify.
CREATE TABLE signing_keys (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          smallint NOT NULL DEFAULT 1,
  secret      bytea NOT NULL CHECK (length(secret) >= 32),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

-- Public links name the survey alone; this index finds its organisation. (Builds under a SHARE lock on
-- surveys, which is small: writes to surveys wait for the build, reads do not.)
CREATE INDEX surveys_public_id_idx ON surveys (id);

-- A respondent's progress on the hosted page, saved as they go so they can resume.
-- `session_key` is 'c:<sha256 of the session cookie>' for anonymous links, or 'p:<nonce>' for a personal
-- token (so a personal link resumes on any device). `done` lists the questions the respondent has passed.
CREATE TABLE respondent_sessions (
  org_id        uuid NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  survey_id     uuid NOT NULL,
  session_key   text NOT NULL,
  contact_id    uuid,
  language      text,
  answers       jsonb NOT NULL DEFAULT '{}',
  done          text[] NOT NULL DEFAULT '{}',
  response_id   uuid,
  started_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, survey_id, session_key),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);
CREATE INDEX respondent_sessions_open_idx ON respondent_sessions (org_id, survey_id, updated_at)
  WHERE completed_at IS NULL;

-- Websites that embed the widget: a public site key, the origins allowed to call the widget endpoints,
-- and the surveys shown there with their triggers, targeting and sampling.
CREATE TABLE widget_sites (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  site_key    text NOT NULL UNIQUE CHECK (site_key ~ '^ws_[A-Za-z0-9_-]{16,64}$'),
  name        text NOT NULL,
  origins     text[] NOT NULL DEFAULT '{}',
  surveys     jsonb NOT NULL DEFAULT '[]',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
