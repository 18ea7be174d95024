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

-- Analytics version per organisation, for HTTP caching of analytics reads (ETag / If-None-Match → 304).
-- It grows in the same transaction as any change the score reads could show: feedback (their rollups
-- follow from it), analytics settings, and the surveys, journeys, stages and touchpoints whose names
-- and mirror links the reads use. A reader takes the version before it computes, so an answer is never
-- cached under a version older than the data it was computed from.
-- Spread over 16 rows per organisation, picked by the writing backend's process id: concurrent
-- submissions of one organisation rarely wait on the same row, where a single counter row would
-- serialise them until each commit (see 0009). The version is the sum of the rows, which only grows.
-- Creating the triggers takes a brief SHARE ROW EXCLUSIVE lock on each table (no rewrite).
CREATE TABLE analytics_versions (
  org_id  uuid NOT NULL,
  shard   smallint NOT NULL,
  n       bigint NOT NULL,
  PRIMARY KEY (org_id, shard)
);

CREATE FUNCTION analytics_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_versions AS v (org_id, shard, n)
    SELECT DISTINCT org_id, (pg_backend_pid() % 16)::smallint, 1 FROM old_rows ORDER BY 1
    ON CONFLICT (org_id, shard) DO UPDATE SET n = v.n + 1;
  ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'feedback' THEN
    -- Enrichment rewrites text columns only: no new version unless an analysed column changed.
    INSERT INTO analytics_versions AS v (org_id, shard, n)
    SELECT DISTINCT n.org_id, (pg_backend_pid() % 16)::smallint, 1
    FROM old_rows o JOIN new_rows n USING (org_id, id)
    WHERE (o.occurred_at, o.survey_id, o.touchpoint_id, o.stage_id, o.journey_id, o.channel, o.nps, o.csat,
           o.ces, o.rating, o.attributes, o.metadata)
      IS DISTINCT FROM (n.occurred_at, n.survey_id, n.touchpoint_id, n.stage_id, n.journey_id, n.channel,
           n.nps, n.csat, n.ces, n.rating, n.attributes, n.metadata)
    ORDER BY 1
    ON CONFLICT (org_id, shard) DO UPDATE SET n = v.n + 1;
  ELSE
    INSERT INTO analytics_versions AS v (org_id, shard, n)
    SELECT DISTINCT org_id, (pg_backend_pid() % 16)::smallint, 1 FROM new_rows ORDER BY 1
    ON CONFLICT (org_id, shard) DO UPDATE SET n = v.n + 1;
  END IF;
  RETURN NULL;
END
$$;

-- Transition tables allow one event per trigger: three triggers per table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['feedback', 'analytics_settings', 'surveys', 'journeys', 'stages', 'touchpoints'] LOOP
    EXECUTE format('CREATE TRIGGER %1$s_analytics_version_insert AFTER INSERT ON %1$I
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_version_bump()', t);
    EXECUTE format('CREATE TRIGGER %1$s_analytics_version_update AFTER UPDATE ON %1$I
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_version_bump()', t);
    EXECUTE format('CREATE TRIGGER %1$s_analytics_version_delete AFTER DELETE ON %1$I
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_version_bump()', t);
  END LOOP;
END
$$;
