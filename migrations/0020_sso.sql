-- Single sign-on with OpenID Connect.
-- Users who only ever sign in through the identity provider have no password: password_hash becomes
-- optional (dropping NOT NULL only touches the catalogue; no rows are rewritten).
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- A login on its way through the provider: state (stored as its digest), nonce and PKCE verifier,
-- kept ten minutes and used once (the callback deletes the row it reads, so a replayed callback finds
-- nothing). Not tied to an organisation until the provider has answered.
CREATE TABLE oidc_logins (
  state_hash     bytea PRIMARY KEY,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  return_to      text NOT NULL DEFAULT '/',
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expires_idx ON oidc_logins (expires_at);

-- Which user a provider's subject is: the issuer and `sub` claim identify a person for good, where an
-- email address can change or be reassigned.
CREATE TABLE user_identities (
  issuer         text NOT NULL,
  subject        text NOT NULL,
  org_id         uuid NOT NULL,
  user_id        uuid NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX user_identities_user_idx ON user_identities (org_id, user_id);
