/**
 * ExtensionAccessMapping cache (spec §6; design §1.5): one row per (environment, extension
 * component), saying which SSO groups may edit that extension. Rebuilt per environment.
 */
import type { Pool } from 'pg';
import type { ExtensionAccessRow, ExtensionComponentType } from '../../domain/extension-cache.ts';
import { fromRow, toJsonRecordset } from '../sql.ts';

export type { ExtensionComponentType };

/** The cache builder's row, as stored and read back. */
export interface ExtensionAccessMapping extends ExtensionAccessRow {
  /** Multi-install packs only; the cache builder leaves it out (null). */
  extensionGroupId?: string | null;
}

export interface ReplaceResult {
  upserted: number;
  deleted: number;
}

const FIELDS = [
  'environmentId',
  'prodComponentId',
  'componentName',
  'componentType',
  'ownerProcessId',
  'ownerProcessName',
  'devAccountId',
  'devAccountName',
  'authorizedSsoGroups',
  'isConnectionExtension',
  'isSharedComponent',
  'extensionGroupId',
  'lastUpdatedAt',
  'lastUpdatedBy',
] as const satisfies readonly (keyof ExtensionAccessMapping)[];

const COLUMNS = `environment_id, prod_component_id, component_name, component_type, owner_process_id,
  owner_process_name, dev_account_id, dev_account_name, authorized_sso_groups, is_connection_extension,
  is_shared_component, extension_group_id, last_updated_at, last_updated_by`;

const RECORD_TYPE = `r(environment_id text, prod_component_id text, component_name text, component_type text,
  owner_process_id text, owner_process_name text, dev_account_id text, dev_account_name text,
  authorized_sso_groups text[], is_connection_extension boolean, is_shared_component boolean,
  extension_group_id text, last_updated_at timestamptz, last_updated_by text)`;

// One statement, so one round trip and atomic: rows of the environment not in the input are
// deleted, the input rows upserted (disjoint sets, so the two parts never touch the same row).
const REPLACE_FOR_ENVIRONMENT = `
  WITH input AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS ${RECORD_TYPE}),
  deleted AS (
    DELETE FROM extension_access_mappings m
     WHERE m.environment_id = $1
       AND NOT EXISTS (SELECT 1 FROM input i WHERE i.prod_component_id = m.prod_component_id)
    RETURNING 1
  ),
  upserted AS (
    INSERT INTO extension_access_mappings (${COLUMNS})
    SELECT ${COLUMNS} FROM input
    ON CONFLICT (environment_id, prod_component_id) DO UPDATE SET
      component_name = EXCLUDED.component_name, component_type = EXCLUDED.component_type,
      owner_process_id = EXCLUDED.owner_process_id, owner_process_name = EXCLUDED.owner_process_name,
      dev_account_id = EXCLUDED.dev_account_id, dev_account_name = EXCLUDED.dev_account_name,
      authorized_sso_groups = EXCLUDED.authorized_sso_groups,
      is_connection_extension = EXCLUDED.is_connection_extension,
      is_shared_component = EXCLUDED.is_shared_component, extension_group_id = EXCLUDED.extension_group_id,
      last_updated_at = EXCLUDED.last_updated_at, last_updated_by = EXCLUDED.last_updated_by
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM upserted)::int AS upserted, (SELECT count(*) FROM deleted)::int AS deleted`;

export class ExtensionAccessMappingsRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Makes `rows` the environment's whole cache: upserts them and deletes the environment's
   * rows for components no longer present, atomically in one round trip.
   */
  async replaceForEnvironment(
    environmentId: string,
    rows: readonly ExtensionAccessMapping[],
  ): Promise<ReplaceResult> {
    const foreign = rows.find((r) => r.environmentId !== environmentId);
    if (foreign) {
      throw new Error(
        `replaceForEnvironment(${environmentId}) got a row for environment ${foreign.environmentId}`,
      );
    }
    const ids = new Set(rows.map((r) => r.prodComponentId));
    if (ids.size !== rows.length) {
      throw new Error(`replaceForEnvironment(${environmentId}) got the same prodComponentId twice`);
    }
    const result = await this.pool.query<ReplaceResult>(REPLACE_FOR_ENVIRONMENT, [
      environmentId,
      toJsonRecordset(rows, FIELDS),
    ]);
    return result.rows[0]!;
  }

  /** The environment's rows; with `ssoGroupIds`, only rows any of those groups may edit. */
  async listForEnvironment(
    environmentId: string,
    options: { ssoGroupIds?: readonly string[] } = {},
  ): Promise<ExtensionAccessMapping[]> {
    const byGroup = options.ssoGroupIds !== undefined;
    const result = await this.pool.query(
      `SELECT * FROM extension_access_mappings WHERE environment_id = $1
       ${byGroup ? 'AND authorized_sso_groups && $2::text[]' : ''} ORDER BY prod_component_id`,
      byGroup ? [environmentId, options.ssoGroupIds] : [environmentId],
    );
    return result.rows.map((r) => fromRow<ExtensionAccessMapping>(r));
  }

  async get(environmentId: string, prodComponentId: string): Promise<ExtensionAccessMapping | null> {
    const result = await this.pool.query(
      'SELECT * FROM extension_access_mappings WHERE environment_id = $1 AND prod_component_id = $2',
      [environmentId, prodComponentId],
    );
    return result.rows[0] ? fromRow<ExtensionAccessMapping>(result.rows[0]) : null;
  }

  async countForEnvironment(environmentId: string): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM extension_access_mappings WHERE environment_id = $1',
      [environmentId],
    );
    return result.rows[0]?.n ?? 0;
  }
}
