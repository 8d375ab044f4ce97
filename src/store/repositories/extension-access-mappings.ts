/**
 * ExtensionAccessMapping cache (spec §6; design §1.5): one row per (environment, extension
 * component), saying which SSO groups may edit that extension. Rebuilt per environment.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { ExtensionAccessRow, ExtensionComponentType } from '../../domain/extension-cache.ts';
import { fromRow, withTransaction } from '../sql.ts';

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

const COLUMNS = `environment_id, prod_component_id, component_name, component_type, owner_process_id,
  owner_process_name, dev_account_id, dev_account_name, authorized_sso_groups, is_connection_extension,
  is_shared_component, extension_group_id, last_updated_at, last_updated_by`;

// Column arrays, one per field, unnested side by side: no per-row JSON to build or parse.
// The SSO groups travel as array literals ('{"a","b"}'), since arrays of arrays cannot be ragged.
const INPUT = `SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::boolean[], $11::boolean[], $12::text[], $13::timestamptz[], $14::text[])
  AS i(prod_component_id, component_name, component_type, owner_process_id, owner_process_name,
    dev_account_id, dev_account_name, groups_literal, is_connection_extension, is_shared_component,
    extension_group_id, last_updated_at, last_updated_by)`;

/** The columns whose change makes a row new; `last_updated_*` say when that last happened. */
const CONTENT = [
  'component_name',
  'component_type',
  'owner_process_id',
  'owner_process_name',
  'dev_account_id',
  'dev_account_name',
  'authorized_sso_groups',
  'is_connection_extension',
  'is_shared_component',
  'extension_group_id',
];

// The digest of what the cache now holds ($15, $16), stored by the same statement as the rows.
const STORE_DIGEST = `digest AS (
    INSERT INTO extension_cache_digests (environment_id, content_digest, row_count, updated_at)
    VALUES ($1, $15, $16, now())
    ON CONFLICT (environment_id) DO UPDATE SET
      content_digest = EXCLUDED.content_digest, row_count = EXCLUDED.row_count, updated_at = now()
    RETURNING 1
  )`;

// One statement, so one round trip and atomic: rows of the environment not in the input are
// deleted, new rows inserted, and a present row rewritten only if its content changed — an
// unchanged row keeps its lastUpdatedAt/By and is not even touched: the comparison happens in a
// join before the INSERT, because ON CONFLICT … DO UPDATE … WHERE locks (writes) every
// conflicting row, changed or not. `upserted` counts rows written.
const REPLACE_FOR_ENVIRONMENT = `
  WITH input AS (
    SELECT $1::text AS environment_id, prod_component_id, component_name, component_type,
      owner_process_id, owner_process_name, dev_account_id, dev_account_name,
      groups_literal::text[] AS authorized_sso_groups, is_connection_extension, is_shared_component,
      extension_group_id, last_updated_at, last_updated_by
    FROM (${INPUT}) raw
  ),
  changed AS (
    SELECT i.* FROM input i
      LEFT JOIN extension_access_mappings m
        ON m.environment_id = $1 AND m.prod_component_id = i.prod_component_id
     WHERE m.prod_component_id IS NULL
        OR (${CONTENT.map((c) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${CONTENT.map((c) => `i.${c}`).join(', ')})
  ),
  deleted AS (
    DELETE FROM extension_access_mappings m
     WHERE m.environment_id = $1
       AND NOT EXISTS (SELECT 1 FROM input i WHERE i.prod_component_id = m.prod_component_id)
    RETURNING 1
  ),
  upserted AS (
    INSERT INTO extension_access_mappings AS m (${COLUMNS})
    SELECT ${COLUMNS} FROM changed
    ON CONFLICT (environment_id, prod_component_id) DO UPDATE SET
      ${[...CONTENT, 'last_updated_at', 'last_updated_by'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
    WHERE (${CONTENT.map((c) => `m.${c}`).join(', ')})
      IS DISTINCT FROM (${CONTENT.map((c) => `EXCLUDED.${c}`).join(', ')})
    RETURNING 1
  ),
  ${STORE_DIGEST}
  SELECT (SELECT count(*) FROM upserted)::int AS upserted, (SELECT count(*) FROM deleted)::int AS deleted,
    (SELECT count(*) FROM digest)::int AS digests`;

// An environment with no cache yet: its rows are only inserted (nothing to compare or delete).
const FILL_EMPTY_ENVIRONMENT = `
  WITH inserted AS (
    INSERT INTO extension_access_mappings (${COLUMNS})
    SELECT $1::text, prod_component_id, component_name, component_type, owner_process_id,
      owner_process_name, dev_account_id, dev_account_name, groups_literal::text[],
      is_connection_extension, is_shared_component, extension_group_id, last_updated_at, last_updated_by
    FROM (${INPUT}) raw
    RETURNING 1
  ),
  ${STORE_DIGEST}
  SELECT (SELECT count(*) FROM inserted)::int AS upserted, 0 AS deleted,
    (SELECT count(*) FROM digest)::int AS digests`;

/** One refresh of an environment at a time, so the digest always describes the rows beside it. */
const LOCK_AND_READ_DIGEST = `
  SELECT pg_advisory_xact_lock(hashtextextended('extension-cache:' || $1, 0)),
    (SELECT content_digest FROM extension_cache_digests WHERE environment_id = $1) AS content_digest,
    EXISTS (SELECT 1 FROM extension_access_mappings WHERE environment_id = $1) AS has_rows`;

/** The digest of the rows' content, in prodComponentId order, stamps left out. */
function contentDigest(rows: readonly ExtensionAccessMapping[]): string {
  const ordered = [...rows].sort((a, b) => (a.prodComponentId < b.prodComponentId ? -1 : 1));
  const content = ordered.map((r) => [
    r.prodComponentId,
    r.componentName,
    r.componentType,
    r.ownerProcessId,
    r.ownerProcessName,
    r.devAccountId,
    r.devAccountName,
    r.authorizedSsoGroups,
    r.isConnectionExtension,
    r.isSharedComponent,
    r.extensionGroupId ?? null,
  ]);
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

/** A PostgreSQL array literal of text values, every element quoted. */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** The rows as one array per column, in INPUT's order. */
function columnArrays(rows: readonly ExtensionAccessMapping[]): unknown[] {
  const column = <T>(pick: (row: ExtensionAccessMapping) => T) => rows.map(pick);
  return [
    column((r) => r.prodComponentId),
    column((r) => r.componentName),
    column((r) => r.componentType),
    column((r) => r.ownerProcessId),
    column((r) => r.ownerProcessName),
    column((r) => r.devAccountId),
    column((r) => r.devAccountName),
    column((r) => textArrayLiteral(r.authorizedSsoGroups)),
    column((r) => r.isConnectionExtension),
    column((r) => r.isSharedComponent),
    column((r) => r.extensionGroupId ?? null),
    column((r) => r.lastUpdatedAt),
    column((r) => r.lastUpdatedBy),
  ];
}

export class ExtensionAccessMappingsRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Makes `rows` the environment's whole cache: inserts new rows, rewrites changed ones (an
   * unchanged row keeps its lastUpdatedAt/By) and deletes the environment's rows for components
   * no longer present, atomically. Rows whose content digest matches the one stored with the
   * cache are not sent at all (nothing changed). `upserted` counts the rows written.
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
    const digest = contentDigest(rows);
    return withTransaction(this.pool, async (client) => {
      const held = await client.query<{ content_digest: string | null; has_rows: boolean }>(
        LOCK_AND_READ_DIGEST,
        [environmentId],
      );
      if (held.rows[0]?.content_digest === digest) return { upserted: 0, deleted: 0 };
      const statement = held.rows[0]?.has_rows === false ? FILL_EMPTY_ENVIRONMENT : REPLACE_FOR_ENVIRONMENT;
      const result = await client.query<ReplaceResult>(statement, [
        environmentId,
        ...columnArrays(rows),
        digest,
        rows.length,
      ]);
      const { upserted, deleted } = result.rows[0]!;
      return { upserted, deleted };
    });
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
