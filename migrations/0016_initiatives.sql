-- 0016: improvement initiatives (what changed, where, from when, and the metric that should move), with
-- their milestones and notes. The effect is computed from feedback when asked, never stored.
--
-- team_id is a plain uuid without a foreign key: teams arrive in another migration (0014), and an
-- initiative must not fail to load where that table is absent.
-- touchpoint_ids and control_touchpoint_ids are arrays checked by the service against the organisation's
-- touchpoints (an empty control list means "every other touchpoint").
--
-- Locking: new, empty tables; nothing else is touched.
CREATE TABLE initiatives (
  org_id                  uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id                      uuid NOT NULL DEFAULT gen_random_uuid(),
  title                   text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  owner_id                uuid,
  team_id                 uuid,
  hypothesis              text NOT NULL DEFAULT '' CHECK (length(hypothesis) <= 4000),
  metric                  text NOT NULL CHECK (metric IN ('nps', 'csat', 'ces', 'rating')),
  touchpoint_ids          uuid[] NOT NULL DEFAULT '{}',
  control_touchpoint_ids  uuid[] NOT NULL DEFAULT '{}',
  themes                  text[] NOT NULL DEFAULT '{}',
  status                  text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'done', 'stopped')),
  started_at              date NOT NULL,
  ended_at                date CHECK (ended_at IS NULL OR ended_at >= started_at),
  period                  text NOT NULL DEFAULT 'week' CHECK (period IN ('week', 'month')),
  minimum_effect          double precision CHECK (minimum_effect IS NULL OR minimum_effect > 0),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX initiatives_started_idx ON initiatives (org_id, started_at DESC);

CREATE TABLE initiative_milestones (
  org_id         uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  initiative_id  uuid NOT NULL,
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  due_on         date,
  done_at        timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, initiative_id) REFERENCES initiatives (org_id, id) ON DELETE CASCADE
);
CREATE INDEX initiative_milestones_initiative_idx ON initiative_milestones (org_id, initiative_id);

CREATE TABLE initiative_notes (
  org_id         uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  initiative_id  uuid NOT NULL,
  -- the user who wrote it; null when written with an API key or after the user was removed
  author_id      uuid,
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, initiative_id) REFERENCES initiatives (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id) ON DELETE SET NULL (author_id)
);
CREATE INDEX initiative_notes_initiative_idx ON initiative_notes (org_id, initiative_id, created_at);
