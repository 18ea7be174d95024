-- Read-only share links of a dashboard view: a random token (only its SHA-256 digest is stored) that lets
-- whoever holds it read the analytics of one organisation until it expires or is revoked.
CREATE TABLE share_links (
  org_id      uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  -- The view: a dashboard path with its query string (the filters), e.g. /gaps?range=90d.
  path        text NOT NULL CHECK (path LIKE '/%' AND length(path) <= 2000),
  token_hash  bytea NOT NULL,
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  last_used_at timestamptz,
  PRIMARY KEY (org_id, id)
);
-- A token arrives without its organisation: look it up by its digest.
CREATE UNIQUE INDEX share_links_token_idx ON share_links (token_hash);
