-- Users and invitations managed from the dashboard: when each user last signed in, and invitations by
-- email with a role (a random token, only its SHA-256 digest stored) that the invitee accepts by setting
-- a password or by signing in through single sign-on. `last_sign_in_at` is a nullable column without a
-- default: adding it rewrites nothing and holds the ACCESS EXCLUSIVE lock on users only for an instant.
ALTER TABLE users ADD COLUMN last_sign_in_at timestamptz;

CREATE TABLE user_invitations (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  email       text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  role        text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'agent', 'viewer')),
  token_hash  bytea NOT NULL,
  invited_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  sent_at     timestamptz,
  send_error  text,
  accepted_at timestamptz,
  user_id     uuid,
  revoked_at  timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, invited_by) REFERENCES users (org_id, id) ON DELETE SET NULL (invited_by),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE SET NULL (user_id)
);
-- A token arrives without its organisation: look it up by its digest.
CREATE UNIQUE INDEX user_invitations_token_idx ON user_invitations (token_hash);
-- At most one open invitation per address in an organisation (inviting again replaces it).
CREATE UNIQUE INDEX user_invitations_open_idx ON user_invitations (org_id, email)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
