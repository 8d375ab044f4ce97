-- What each environment's extension-access cache holds, as one digest of its rows' content (not
-- their lastUpdated* stamps), written with the rows. A refresh that builds rows of the same
-- digest has nothing to write, and skips the write statement altogether (issue 16).
CREATE TABLE extension_cache_digests (
  environment_id text PRIMARY KEY,
  content_digest text NOT NULL,
  row_count integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
