-- 0015: prove. Business outcomes per contact (money exact, in minor units), stored churn models and
-- per-contact risk scores, and the programme-maturity questionnaire with its assessment history.
-- New tables only: no lock on existing tables beyond the brief share locks of the new foreign keys.

-- A business event or fact about a contact on a date: an order, an invoice, MRR, a renewal, a churn, a
-- complaint, a support cost, or any numeric / yes-no outcome the organisation names (`kind`).
-- Money is `amount_minor` (bigint minor units: cents, pence; yen have none) with its ISO 4217 `currency`;
-- other quantities are `value` (numeric, exact); yes/no outcomes are `flag`. Never floating point.
-- `source_id` is the caller's idempotency key: the same (source, source_id) is stored once.
CREATE TABLE outcomes (
  org_id        uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  contact_id    uuid NOT NULL,
  kind          text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,39}$'),
  occurred_at   timestamptz NOT NULL,
  amount_minor  bigint,
  currency      text CHECK (currency ~ '^[A-Z]{3}$'),
  value         numeric,
  flag          boolean,
  source        text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'import', 'demo')),
  source_id     text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, source, source_id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE,
  CHECK ((amount_minor IS NULL) = (currency IS NULL))
);
CREATE INDEX outcomes_contact_idx ON outcomes (org_id, contact_id, kind, occurred_at);
CREATE INDEX outcomes_kind_idx ON outcomes (org_id, kind, occurred_at);

-- A trained churn model (format northstar-churn): features, trees and the cross-validation report.
CREATE TABLE churn_models (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  trained_at  timestamptz NOT NULL DEFAULT now(),
  -- the churn outcome kind and the horizon (days) the model predicts
  outcome     text NOT NULL,
  horizon_days integer NOT NULL,
  rows        integer NOT NULL,
  positives   integer NOT NULL,
  report      jsonb NOT NULL,
  model       jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX churn_models_time_idx ON churn_models (org_id, trained_at DESC);

-- The latest risk of each contact, with the model that made it and its top reasons.
CREATE TABLE churn_scores (
  org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  contact_id   uuid NOT NULL,
  model_id     uuid NOT NULL,
  probability  double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  band         text NOT NULL CHECK (band IN ('low', 'medium', 'high')),
  reasons      jsonb NOT NULL DEFAULT '[]',
  scored_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, contact_id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, model_id) REFERENCES churn_models (org_id, id) ON DELETE CASCADE
);
CREATE INDEX churn_scores_risk_idx ON churn_scores (org_id, probability DESC);

-- The CX lead's answers to the maturity questionnaire (one current set per organisation).
CREATE TABLE maturity_questionnaires (
  org_id      uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  answers     jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  uuid
);

-- Each assessment as it was made, for the history of the stage over time.
CREATE TABLE maturity_assessments (
  org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  assessed_at  timestamptz NOT NULL DEFAULT now(),
  stage        smallint NOT NULL CHECK (stage BETWEEN 1 AND 6),
  evidence     jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX maturity_assessments_time_idx ON maturity_assessments (org_id, assessed_at);

-- Each contact's feedback in time order: the value analyses join every answer to the outcomes after it,
-- per contact. Locking: CREATE INDEX takes a SHARE lock on feedback (writes wait, reads go on) for the
-- length of the build, about a second per million rows here; run before traffic on large installations.
CREATE INDEX feedback_contact_time_idx ON feedback (org_id, contact_id, occurred_at) WHERE contact_id IS NOT NULL;
