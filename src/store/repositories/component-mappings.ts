/**
 * ComponentMapping (design §1.3): dev component in a dev account → production component.
 * Several dev ids may map to one production id (admin-seeded connections), so the cache
 * refresh reads all rows for a set of production ids in one query.
 */
import type { Pool } from 'pg';
import { fromRow, lastPerKey, toJsonRecordset } from '../sql.ts';

export type MappingSource = 'PROMOTION_ENGINE' | 'ADMIN_SEEDING';

export interface ComponentMapping {
  devComponentId: string;
  devAccountId: string;
  prodComponentId: string;
  componentName: string;
  componentType: string;
  prodAccountId: string;
  prodLatestVersion: number;
  lastPromotedAt: string;
  lastPromotedBy: string;
  mappingSource: MappingSource | null;
}

export interface StoredComponentMapping extends ComponentMapping {
  updatedAt: string;
}

const FIELDS = [
  'devComponentId',
  'devAccountId',
  'prodComponentId',
  'componentName',
  'componentType',
  'prodAccountId',
  'prodLatestVersion',
  'lastPromotedAt',
  'lastPromotedBy',
  'mappingSource',
] as const satisfies readonly (keyof ComponentMapping)[];

const RECORD_TYPE = `r(dev_component_id text, dev_account_id text, prod_component_id text, component_name text,
  component_type text, prod_account_id text, prod_latest_version integer, last_promoted_at timestamptz,
  last_promoted_by text, mapping_source text)`;

const COLUMNS = `dev_component_id, dev_account_id, prod_component_id, component_name, component_type,
  prod_account_id, prod_latest_version, last_promoted_at, last_promoted_by, mapping_source`;

export class ComponentMappingsRepository {
  constructor(private readonly pool: Pool) {}

  /** Inserts or replaces rows by (devComponentId, devAccountId), all in one statement (last duplicate wins). */
  async upsertMany(input: readonly ComponentMapping[]): Promise<number> {
    if (input.length === 0) return 0;
    const mappings = lastPerKey(input, (m) => JSON.stringify([m.devComponentId, m.devAccountId]));
    const result = await this.pool.query(
      `INSERT INTO component_mappings (${COLUMNS})
       SELECT ${COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS ${RECORD_TYPE}
       ON CONFLICT (dev_component_id, dev_account_id) DO UPDATE SET
         prod_component_id = EXCLUDED.prod_component_id, component_name = EXCLUDED.component_name,
         component_type = EXCLUDED.component_type, prod_account_id = EXCLUDED.prod_account_id,
         prod_latest_version = EXCLUDED.prod_latest_version, last_promoted_at = EXCLUDED.last_promoted_at,
         last_promoted_by = EXCLUDED.last_promoted_by, mapping_source = EXCLUDED.mapping_source,
         updated_at = now()`,
      [toJsonRecordset(mappings, FIELDS)],
    );
    return result.rowCount ?? 0;
  }

  async get(devComponentId: string, devAccountId: string): Promise<StoredComponentMapping | null> {
    const result = await this.pool.query(
      'SELECT * FROM component_mappings WHERE dev_component_id = $1 AND dev_account_id = $2',
      [devComponentId, devAccountId],
    );
    return result.rows[0] ? fromRow<StoredComponentMapping>(result.rows[0]) : null;
  }

  /** Every mapping whose production id is in the set — one round trip however large the set. */
  async findByProdComponentIds(prodComponentIds: readonly string[]): Promise<StoredComponentMapping[]> {
    if (prodComponentIds.length === 0) return [];
    const result = await this.pool.query(
      `SELECT * FROM component_mappings WHERE prod_component_id = ANY($1::text[])
       ORDER BY prod_component_id, dev_account_id, dev_component_id`,
      [prodComponentIds],
    );
    return result.rows.map((r) => fromRow<StoredComponentMapping>(r));
  }

  /**
   * Which dev accounts each production component came from: only what the extension-access cache
   * needs, so a refresh over 10,000 components does not fetch and parse every mapping's columns.
   */
  async devAccountsOf(
    prodComponentIds: readonly string[],
  ): Promise<{ prodComponentId: string; devAccountId: string }[]> {
    if (prodComponentIds.length === 0) return [];
    const result = await this.pool.query<{ p: string; d: string }>(
      `SELECT DISTINCT prod_component_id AS p, dev_account_id AS d FROM component_mappings
        WHERE prod_component_id = ANY($1::text[])`,
      [prodComponentIds],
    );
    return result.rows.map((row) => ({ prodComponentId: row.p, devAccountId: row.d }));
  }

  async listByDevAccount(devAccountId: string): Promise<StoredComponentMapping[]> {
    const result = await this.pool.query(
      'SELECT * FROM component_mappings WHERE dev_account_id = $1 ORDER BY dev_component_id',
      [devAccountId],
    );
    return result.rows.map((r) => fromRow<StoredComponentMapping>(r));
  }

  async delete(devComponentId: string, devAccountId: string): Promise<boolean> {
    const result = await this.pool.query(
      'DELETE FROM component_mappings WHERE dev_component_id = $1 AND dev_account_id = $2',
      [devComponentId, devAccountId],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
