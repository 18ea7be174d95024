-- 0005: survey invitations (email campaigns and triggered invitations) with per-recipient status.
-- New tables only: no locks on existing data.

CREATE TABLE campaigns (
  org_id                uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id                    uuid NOT NULL DEFAULT gen_random_uuid(),
  survey_id             uuid NOT NULL,
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  channel               text NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
  -- who is invited: { "listId": ... } or { "segmentId": ... }
  audience              jsonb NOT NULL,
  subject               jsonb NOT NULL,
  intro                 jsonb NOT NULL DEFAULT '{}',
  from_address          text,
  language              text NOT NULL DEFAULT 'en',
  reminder_after_hours  integer CHECK (reminder_after_hours >= 1),
  max_reminders         integer NOT NULL DEFAULT 0 CHECK (max_reminders BETWEEN 0 AND 5),
  status                text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'sent')),
  created_at            timestamptz NOT NULL DEFAULT now(),
  launched_at           timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys (org_id, id) ON DELETE CASCADE
);

-- One row per contact asked (or, with status 'suppressed', not asked because of a contact rule or
-- consent): the sample frame of AAPOR response rates. `status` is the furthest state reached;
-- each state also has its own timestamp.
CREATE TABLE invitations (
  org_id          uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  survey_id       uuid NOT NULL,
  campaign_id     uuid,
  contact_id      uuid NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('email', 'link', 'widget', 'sms', 'in_app')),
  source          text NOT NULL DEFAULT 'campaign' CHECK (source IN ('campaign', 'trigger')),
  status          text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'sent', 'bounced', 'opened', 'responded', 'suppressed', 'failed')),
  -- why it was suppressed, bounced or failed
  reason          text,
  -- the nonce of the personal survey token: one response per invitation
  token_nonce     text,
  email           text,
  reminders_sent  integer NOT NULL DEFAULT 0,
  queued_at       timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  opened_at       timestamptz,
  bounced_at      timestamptz,
  responded_at    timestamptz,
  last_sent_at    timestamptz,
  response_id     uuid,
  message_id      text,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, survey_id) REFERENCES surveys (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, campaign_id) REFERENCES campaigns (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
);
-- A contact is invited at most once per campaign.
CREATE UNIQUE INDEX invitations_campaign_contact_key ON invitations (org_id, campaign_id, contact_id)
  WHERE campaign_id IS NOT NULL;
-- Frequency rules look back over a contact's recent invitations.
CREATE INDEX invitations_contact_idx ON invitations (org_id, contact_id, queued_at);
CREATE INDEX invitations_survey_idx ON invitations (org_id, survey_id, channel);
-- Email links and the hosted page find an invitation by its token's nonce.
CREATE UNIQUE INDEX invitations_token_key ON invitations (org_id, token_nonce) WHERE token_nonce IS NOT NULL;

-- A response from the hosted page on an invitation's personal link (idempotency key 'hosted:p:<nonce>')
-- marks the invitation responded; it also replaces the one-click answer recorded from the email, which
-- the page carried over as its first answer, so an invitation never counts twice.
CREATE FUNCTION northstar_invitation_responded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  inv record;
BEGIN
  SELECT id, response_id INTO inv FROM invitations
  WHERE org_id = NEW.org_id AND token_nonce = substr(NEW.idempotency_key, 10) AND survey_id = NEW.survey_id
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  UPDATE invitations SET status = 'responded', responded_at = coalesce(responded_at, NEW.submitted_at),
    response_id = NEW.id
  WHERE org_id = NEW.org_id AND id = inv.id;
  IF inv.response_id IS NOT NULL AND inv.response_id <> NEW.id THEN
    DELETE FROM responses WHERE org_id = NEW.org_id AND id = inv.response_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER responses_invitation AFTER INSERT ON responses
  FOR EACH ROW WHEN (NEW.idempotency_key LIKE 'hosted:p:%')
  EXECUTE FUNCTION northstar_invitation_responded();
