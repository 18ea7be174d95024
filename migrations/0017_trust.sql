-- 0017: API keys with a role and an expiry, login lockout per account, and the audit log.
-- Adding columns with constant defaults rewrites nothing (PostgreSQL 11+); api_keys is small.

-- Keys made before this migration acted as administrators: they keep that role.
ALTER TABLE api_keys
  ADD COLUMN role text NOT NULL DEFAULT 'admin' CHECK (role IN ('viewer', 'agent', 'analyst', 'admin')),
  ADD COLUMN expires_at timestamptz;

-- Failed logins per account (lower-cased email, whatever organisation): after a few, the account is
-- locked for a time that doubles with each further failure. A successful login clears the row.
CREATE TABLE login_failures (
  email           text PRIMARY KEY,
  failures        integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  locked_until    timestamptz
);

-- Who did what, when and from where. Append-only: the triggers below refuse UPDATE, DELETE and
-- TRUNCATE for every role, the owner included (no foreign key, so deleting an organisation does not
-- cascade into its history).
CREATE TABLE audit_log (
  org_id  uuid NOT NULL,
  id      bigint GENERATED ALWAYS AS IDENTITY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  target  text,
  ip      text,
  detail  jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_log_at_idx ON audit_log (org_id, at DESC, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
