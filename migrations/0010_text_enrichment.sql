-- 0010: text analytics in the server. Per-organisation text settings (taxonomy, active models, whether
-- the original comment text is kept), organisation models, background runs with progress, hand-tagged
-- themes, and two columns on feedback: the settings revision an enrichment was computed with (the
-- stale-result guard compares it in the UPDATE's WHERE) and the original text where it is kept.
--
-- Locking: each ALTER TABLE feedback ADD COLUMN takes a brief ACCESS EXCLUSIVE lock on feedback. The
-- columns are nullable without a default, so this is a catalogue change: no rewrite, no scan, and the
-- lock is held only for the length of the migration transaction. The new tables are empty.

ALTER TABLE feedback ADD COLUMN enrichment_revision bigint;
-- The comment as the customer wrote it, kept only where text_settings.keep_original_text is true;
-- feedback.text holds the text with personal data redacted once the enrichment job has run.
ALTER TABLE feedback ADD COLUMN text_original text;

-- Organisation models: sentiment models trained on the organisation's scores, theme classifiers
-- trained on its hand-tagged comments. `file` is the model file (format northstar-text-model).
CREATE TABLE text_models (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('sentiment', 'themes')),
  version     text NOT NULL,
  file        jsonb NOT NULL,
  report      jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

-- One row per organisation that changed anything; absent means: starter taxonomy, default model,
-- original text not kept. `revision` goes up by one on every change that alters enrichment results
-- (taxonomy, active models, a requested re-run); every stored enrichment carries the revision it
-- was computed with.
CREATE TABLE text_settings (
  org_id              uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  revision            bigint NOT NULL DEFAULT 1 CHECK (revision >= 1),
  keep_original_text  boolean NOT NULL DEFAULT false,
  -- null: the starter taxonomy
  taxonomy            jsonb,
  taxonomy_version    integer NOT NULL DEFAULT 0,
  sentiment_model_id  uuid,
  theme_model_id      uuid,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, sentiment_model_id) REFERENCES text_models (org_id, id),
  FOREIGN KEY (org_id, theme_model_id) REFERENCES text_models (org_id, id)
);

-- Background work with progress: re-enrichment after a change, model training.
CREATE TABLE text_runs (
  org_id       uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('rerun', 'train')),
  status       text NOT NULL DEFAULT 'queued'
               CHECK (status IN ('queued', 'running', 'done', 'failed', 'superseded')),
  reason       text NOT NULL DEFAULT '',
  -- the settings revision a re-run brings every comment to
  revision     bigint,
  done         bigint NOT NULL DEFAULT 0,
  total        bigint,
  -- keyset position of a re-run: the last feedback id processed
  cursor       uuid,
  options      jsonb NOT NULL DEFAULT '{}',
  result       jsonb,
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX text_runs_recent_idx ON text_runs (org_id, created_at DESC);

-- Themes assigned by hand: kept apart from the computed enrichment so re-runs never lose them, and
-- the training data of theme classifiers.
CREATE TABLE feedback_theme_tags (
  org_id       uuid NOT NULL,
  feedback_id  uuid NOT NULL,
  theme_id     text NOT NULL CHECK (length(theme_id) BETWEEN 1 AND 100),
  created_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, feedback_id, theme_id),
  FOREIGN KEY (org_id, feedback_id) REFERENCES feedback (org_id, id) ON DELETE CASCADE
);
