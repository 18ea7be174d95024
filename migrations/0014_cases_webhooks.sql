-- 0014: act — teams, case rules, cases with their history, notes and messages, and outbound webhooks
-- from a transactional outbox. New tables, one statement-level trigger on feedback, and one widened
-- CHECK on invitations (a recovery email is an invitation with source 'case').
-- Creating the trigger takes a SHARE ROW EXCLUSIVE lock on feedback until commit; changing the CHECK
-- takes an ACCESS EXCLUSIVE lock on invitations and re-checks its rows.

CREATE TABLE teams (
  org_id        uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- where breaches of the team's cases are escalated: { "emails": [...], "slackUrl": "..." }
  escalation    jsonb NOT NULL DEFAULT '{}',
  -- the member who got the last round-robin case
  last_assigned uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, name)
);

CREATE TABLE team_members (
  org_id   uuid NOT NULL,
  team_id  uuid NOT NULL,
  user_id  uuid NOT NULL,
  PRIMARY KEY (org_id, team_id, user_id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);

-- A touchpoint has at most one owning team; its feedback's cases go to that team by default.
CREATE TABLE team_touchpoints (
  org_id         uuid NOT NULL,
  touchpoint_id  uuid NOT NULL,
  team_id        uuid NOT NULL,
  PRIMARY KEY (org_id, touchpoint_id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id) ON DELETE CASCADE
);

CREATE TABLE case_rules (
  org_id           uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- rules are tried in this order; the first that matches opens the case
  position         integer NOT NULL DEFAULT 0,
  enabled          boolean NOT NULL DEFAULT true,
  conditions       jsonb NOT NULL,
  -- conditions read sentiment or themes: evaluation waits for the comment's enrichment
  needs_enrichment boolean NOT NULL DEFAULT false,
  assign_team_id   uuid,
  assign_user_id   uuid,
  assign_strategy  text NOT NULL DEFAULT 'round_robin' CHECK (assign_strategy IN ('round_robin', 'least_loaded', 'none')),
  priority         text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  sla_hours        numeric NOT NULL CHECK (sla_hours > 0 AND sla_hours <= 8760),
  -- { "timeZone": "Europe/Paris", "days": [1,2,3,4,5], "start": 9, "end": 17 } or null (calendar hours)
  business_hours   jsonb,
  -- { "emails": [...], "slackUrl": "...", "owner": true }
  notify           jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, assign_team_id) REFERENCES teams (org_id, id) ON DELETE SET NULL (assign_team_id),
  FOREIGN KEY (org_id, assign_user_id) REFERENCES users (org_id, id) ON DELETE SET NULL (assign_user_id)
);

CREATE TABLE cases (
  org_id              uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  feedback_id         uuid NOT NULL,
  rule_id             uuid,
  contact_id          uuid,
  touchpoint_id       uuid,
  survey_id           uuid,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'waiting', 'closed')),
  priority            text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  team_id             uuid,
  owner_id            uuid,
  -- the triggering measure, kept for stats (detractor cases) without a join
  nps                 smallint,
  sla_hours           numeric NOT NULL,
  business_hours      jsonb,
  due_at              timestamptz NOT NULL,
  breached_at         timestamptz,
  escalated_at        timestamptz,
  first_response_at   timestamptz,
  closed_at           timestamptz,
  -- the first close, for time to close and within-SLA shares (a reopened case keeps it)
  first_closed_at     timestamptz,
  closed_within_sla   boolean,
  resolution          text,
  root_cause          text,
  reopened            integer NOT NULL DEFAULT 0,
  -- when the customer was asked the recovery question, and the invitation that asked it
  recovery_asked_at      timestamptz,
  recovery_invitation_id uuid,
  recovery_feedback_id   uuid,
  recovery_score         smallint,
  recovery_answered_at   timestamptz,
  -- Message-ID of the last email to the customer, for threading
  thread_message_id   text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  -- one case per feedback record, whatever retries or replays happen
  UNIQUE (org_id, feedback_id),
  FOREIGN KEY (org_id, feedback_id) REFERENCES feedback (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, rule_id) REFERENCES case_rules (org_id, id) ON DELETE SET NULL (rule_id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE SET NULL (team_id),
  FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id) ON DELETE SET NULL (owner_id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE SET NULL (contact_id)
);
-- The inbox: open cases newest first, by status, team, owner; the cursor is (created_at, id).
CREATE INDEX cases_list_idx ON cases (org_id, created_at DESC, id DESC);
CREATE INDEX cases_status_idx ON cases (org_id, status, created_at DESC, id DESC);
CREATE INDEX cases_owner_idx ON cases (org_id, owner_id, status) WHERE owner_id IS NOT NULL;
CREATE INDEX cases_team_idx ON cases (org_id, team_id, status);
CREATE INDEX cases_contact_idx ON cases (org_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX cases_recovery_idx ON cases (org_id, recovery_invitation_id) WHERE recovery_invitation_id IS NOT NULL;

-- Append-only history: who changed what and when.
CREATE TABLE case_events (
  org_id      uuid NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  case_id     uuid NOT NULL,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
  actor_id    uuid,
  kind        text NOT NULL,
  changes     jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, case_id) REFERENCES cases (org_id, id) ON DELETE CASCADE
);
CREATE INDEX case_events_case_idx ON case_events (org_id, case_id, id);

CREATE TABLE case_notes (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id     uuid NOT NULL,
  author_kind text NOT NULL,
  author_id   uuid,
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, case_id) REFERENCES cases (org_id, id) ON DELETE CASCADE
);
CREATE INDEX case_notes_case_idx ON case_notes (org_id, case_id, created_at);

-- Emails to the customer from a case, threaded.
CREATE TABLE case_messages (
  org_id       uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL,
  author_id    uuid,
  to_address   text NOT NULL,
  subject      text NOT NULL,
  body         text NOT NULL,
  message_id   text,
  in_reply_to  text,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'suppressed', 'bounced', 'failed')),
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, case_id) REFERENCES cases (org_id, id) ON DELETE CASCADE
);

-- Settings of the loop per organisation: the survey that recovery emails ask, the last digest day.
CREATE TABLE act_settings (
  org_id              uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  recovery_survey_id  uuid,
  -- the UTC day the owners' daily digest last went out
  digest_sent_on      date
);

-- Feedback waiting for its case rules and outbound events: written by the trigger below in the same
-- transaction as the feedback, so a crash between commit and evaluation loses nothing. The worker
-- deletes a row in the transaction that acts on it.
CREATE TABLE case_intake (
  org_id            uuid NOT NULL,
  feedback_id       uuid NOT NULL,
  needs_enrichment  boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  -- after a failed evaluation, the next try waits
  not_before        timestamptz NOT NULL DEFAULT now(),
  failures          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, feedback_id),
  FOREIGN KEY (org_id, feedback_id) REFERENCES feedback (org_id, id) ON DELETE CASCADE
);
CREATE INDEX case_intake_age_idx ON case_intake (created_at);

CREATE TABLE webhook_endpoints (
  org_id           uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  url              text NOT NULL,
  description      text,
  events           text[] NOT NULL,
  -- the signing key (whsec_…), sealed with AES-256-GCM when NORTHSTAR_SECRET_KEY is set
  secret           text NOT NULL,
  enabled          boolean NOT NULL DEFAULT true,
  disabled_reason  text,
  disabled_at      timestamptz,
  -- first failure of the current run of failures (null after a success)
  failing_since    timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

-- The outbox: one row per event and endpoint, written in the transaction of the change it reports.
CREATE TABLE webhook_deliveries (
  org_id           uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  endpoint_id      uuid NOT NULL,
  -- the webhook-id header: stable across retries
  message_id       text NOT NULL,
  event_type       text NOT NULL,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, endpoint_id) REFERENCES webhook_endpoints (org_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (org_id, endpoint_id, created_at DESC);

-- The delivery log: every attempt with its outcome.
CREATE TABLE webhook_attempts (
  org_id       uuid NOT NULL,
  id           bigint GENERATED ALWAYS AS IDENTITY,
  delivery_id  uuid NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  status_code  integer,
  error        text,
  duration_ms  integer NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, delivery_id) REFERENCES webhook_deliveries (org_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (org_id, delivery_id, id);

-- New feedback of an organisation that has case rules, webhooks for feedback or responses, or a
-- recovery survey waits in case_intake. One statement per insert statement (a batch costs one), and
-- nothing for organisations that use none of these.
CREATE FUNCTION northstar_case_intake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_intake (org_id, feedback_id, needs_enrichment)
  SELECT n.org_id, n.id,
    n.text IS NOT NULL AND EXISTS (
      SELECT 1 FROM case_rules r WHERE r.org_id = n.org_id AND r.enabled AND r.needs_enrichment)
  FROM new_rows n
  WHERE EXISTS (SELECT 1 FROM case_rules r WHERE r.org_id = n.org_id AND r.enabled)
     OR EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.org_id = n.org_id AND w.enabled
                AND w.events && ARRAY['feedback.created', 'response.created'])
     OR EXISTS (SELECT 1 FROM act_settings s WHERE s.org_id = n.org_id AND s.recovery_survey_id = n.survey_id)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER feedback_case_intake AFTER INSERT ON feedback
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION northstar_case_intake();

ALTER TABLE invitations DROP CONSTRAINT invitations_source_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_source_check CHECK (source IN ('campaign', 'trigger', 'case'));
