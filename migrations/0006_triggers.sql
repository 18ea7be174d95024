-- 0006: the trigger API's rules and its decision log. New tables only.

-- When a contact finishes a touchpoint, which survey to send, on which channel, to what share of
-- contacts, and not during the contact's quiet hours (local time, from their timeZone attribute).
CREATE TABLE trigger_rules (
  org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  touchpoint_id  uuid NOT NULL,
  survey_id      uuid NOT NULL,
  channel        text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'link')),
  sample_rate    real NOT NULL DEFAULT 1 CHECK (sample_rate > 0 AND sample_rate <= 1),
  -- quiet hours [start, end) in the contact's local time, e.g. 21 -> 8; null: none
  quiet_start    smallint CHECK (quiet_start BETWEEN 0 AND 23),
  quiet_end      smallint CHECK (quiet_end BETWEEN 0 AND 23),
  default_time_zone text NOT NULL DEFAULT 'UTC',
  -- attribute conditions the trigger's contact must meet (segment rule syntax)
  conditions     jsonb,
  enabled        boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys (org_id, id) ON DELETE CASCADE
);

-- Every trigger received and what was decided, with the reason when no invitation was sent.
CREATE TABLE trigger_decisions (
  org_id         uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  touchpoint_id  uuid NOT NULL,
  contact_id     uuid,
  rule_id        uuid,
  survey_id      uuid,
  decision       text NOT NULL CHECK (decision IN ('invite', 'skip')),
  reason         text NOT NULL,
  channel        text,
  invitation_id  uuid,
  send_at        timestamptz,
  attributes     jsonb NOT NULL DEFAULT '{}',
  event_id       text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX trigger_decisions_time_idx ON trigger_decisions (org_id, created_at);
-- A retried trigger (same event id) is decided once.
CREATE UNIQUE INDEX trigger_decisions_event_key ON trigger_decisions (org_id, event_id, rule_id)
  WHERE event_id IS NOT NULL;
