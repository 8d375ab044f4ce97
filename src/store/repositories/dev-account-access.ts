/**
 * DevAccountAccess (design §1.4): which SSO team group may work with which dev account.
 * The design spells isActive as "true"/"false"; here it is a boolean.
 */
import type { Pool } from 'pg';
import { fromRow, lastPerKey, toJsonRecordset } from '../sql.ts';

export interface DevAccountAccess {
  ssoGroupId: string;
  devAccountId: string;
  ssoGroupName: string;
  devAccountName: string;
  isActive: boolean;
}

export interface StoredDevAccountAccess extends DevAccountAccess {
  updatedAt: string;
}

const FIELDS = ['ssoGroupId', 'devAccountId', 'ssoGroupName', 'devAccountName', 'isActive'] as const;

export class DevAccountAccessRepository {
  constructor(private readonly pool: Pool) {}

  /** Inserts or replaces rows by (ssoGroupId, devAccountId), all in one statement (last duplicate wins). */
  async upsertMany(input: readonly DevAccountAccess[]): Promise<number> {
    if (input.length === 0) return 0;
    const rows = lastPerKey(input, (r) => JSON.stringify([r.ssoGroupId, r.devAccountId]));
    const result = await this.pool.query(
      `INSERT INTO dev_account_access (sso_group_id, dev_account_id, sso_group_name, dev_account_name, is_active)
       SELECT sso_group_id, dev_account_id, sso_group_name, dev_account_name, is_active
         FROM jsonb_to_recordset($1::jsonb)
           AS r(sso_group_id text, dev_account_id text, sso_group_name text, dev_account_name text, is_active boolean)
       ON CONFLICT (sso_group_id, dev_account_id) DO UPDATE SET
         sso_group_name = EXCLUDED.sso_group_name, dev_account_name = EXCLUDED.dev_account_name,
         is_active = EXCLUDED.is_active, updated_at = now()`,
      [toJsonRecordset(rows, FIELDS)],
    );
    return result.rowCount ?? 0;
  }

  async get(ssoGroupId: string, devAccountId: string): Promise<StoredDevAccountAccess | null> {
    const result = await this.pool.query(
      'SELECT * FROM dev_account_access WHERE sso_group_id = $1 AND dev_account_id = $2',
      [ssoGroupId, devAccountId],
    );
    return result.rows[0] ? fromRow<StoredDevAccountAccess>(result.rows[0]) : null;
  }

  /** Active rows for a set of dev accounts — one round trip however large the set. */
  async findActiveByDevAccountIds(devAccountIds: readonly string[]): Promise<StoredDevAccountAccess[]> {
    if (devAccountIds.length === 0) return [];
    const result = await this.pool.query(
      `SELECT * FROM dev_account_access WHERE is_active AND dev_account_id = ANY($1::text[])
       ORDER BY dev_account_id, sso_group_id`,
      [devAccountIds],
    );
    return result.rows.map((r) => fromRow<StoredDevAccountAccess>(r));
  }

  async list(): Promise<StoredDevAccountAccess[]> {
    const result = await this.pool.query(
      'SELECT * FROM dev_account_access ORDER BY sso_group_id, dev_account_id',
    );
    return result.rows.map((r) => fromRow<StoredDevAccountAccess>(r));
  }

  async delete(ssoGroupId: string, devAccountId: string): Promise<boolean> {
    const result = await this.pool.query(
      'DELETE FROM dev_account_access WHERE sso_group_id = $1 AND dev_account_id = $2',
      [ssoGroupId, devAccountId],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
