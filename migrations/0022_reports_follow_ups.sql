-- 0022: scheduled digests (report subscriptions), "you said, we did" follow-ups of initiatives, and two
-- more initiative metrics (a theme's share of comments, the case recovery rate).
--
-- A report is a stored digest definition: whose touchpoints (a team's, or a list), how often, and who
-- gets it. next_run_at is when the next digest is due; the sending job moves it on.
-- team_id is a plain uuid checked by the service (teams are another module's table).
--
-- Locking: two new tables; the initiatives CHECK is replaced (ACCESS EXCLUSIVE on initiatives while its
-- rows are re-checked; the table is small).
CREATE TABLE report_subscriptions (
  org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  team_id         uuid,
  touchpoint_ids  uuid[] NOT NULL DEFAULT '{}',
  frequency       text NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
  recipients      text[] NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 50),
  next_run_at     timestamptz NOT NULL,
  last_sent_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX report_subscriptions_due_idx ON report_subscriptions (next_run_at);

-- One follow-up email campaign of an initiative: the campaign (and the contact list it was sent to)
-- live in the email channel's tables; this row ties them to the initiative, with the owner's message.
CREATE TABLE initiative_follow_ups (
  org_id         uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  initiative_id  uuid NOT NULL,
  campaign_id    uuid NOT NULL,
  list_id        uuid NOT NULL,
  message        text NOT NULL CHECK (length(message) BETWEEN 1 AND 4000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, initiative_id) REFERENCES initiatives (org_id, id) ON DELETE CASCADE
);
CREATE INDEX initiative_follow_ups_initiative_idx ON initiative_follow_ups (org_id, initiative_id);

ALTER TABLE initiatives DROP CONSTRAINT initiatives_metric_check;
ALTER TABLE initiatives ADD CONSTRAINT initiatives_metric_check
  CHECK (metric IN ('nps', 'csat', 'ces', 'rating', 'theme_share', 'recovery_rate'));
