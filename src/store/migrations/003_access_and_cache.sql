-- ComponentMapping, DevAccountAccess and ExtensionAccessMapping (design §1.3–§1.5), and the
-- admin-managed deployment-target registry (account group → environments, spec §4).

CREATE TABLE component_mappings (
  dev_component_id text NOT NULL,
  dev_account_id text NOT NULL,
  prod_component_id text NOT NULL,
  component_name text NOT NULL,
  component_type text NOT NULL,
  prod_account_id text NOT NULL,
  prod_latest_version integer NOT NULL CHECK (prod_latest_version >= 0),
  last_promoted_at timestamptz NOT NULL,
  last_promoted_by text NOT NULL,
  mapping_source text CHECK (mapping_source IN ('PROMOTION_ENGINE', 'ADMIN_SEEDING')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dev_component_id, dev_account_id)
);
-- The cache refresh looks mappings up by production id (several dev ids may share one).
CREATE INDEX component_mappings_prod_idx ON component_mappings (prod_component_id);

CREATE TABLE dev_account_access (
  sso_group_id text NOT NULL,
  dev_account_id text NOT NULL,
  sso_group_name text NOT NULL,
  dev_account_name text NOT NULL,
  is_active boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sso_group_id, dev_account_id)
);
CREATE INDEX dev_account_access_active_idx ON dev_account_access (dev_account_id) WHERE is_active;

CREATE TABLE extension_access_mappings (
  environment_id text NOT NULL,
  prod_component_id text NOT NULL,
  component_name text NOT NULL,
  component_type text NOT NULL CHECK (component_type IN (
    'connection', 'operation', 'tradingPartner', 'sharedCommunication', 'processProperty')),
  owner_process_id text NOT NULL,
  owner_process_name text NOT NULL,
  dev_account_id text NOT NULL,
  dev_account_name text NOT NULL,
  authorized_sso_groups text[] NOT NULL DEFAULT '{}',
  is_connection_extension boolean NOT NULL,
  is_shared_component boolean NOT NULL DEFAULT false,
  -- Multi-install packs only; the cache builder never sets it.
  extension_group_id text,
  last_updated_at timestamptz NOT NULL,
  last_updated_by text NOT NULL,
  PRIMARY KEY (environment_id, prod_component_id)
);

CREATE TABLE account_group_environments (
  account_group_id text NOT NULL,
  environment_id text NOT NULL,
  environment_name text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  PRIMARY KEY (account_group_id, environment_id)
);
