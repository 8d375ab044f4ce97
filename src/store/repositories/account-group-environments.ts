/**
 * The deployment-target registry (spec §4): which environments an account group deploys to.
 * Admin-managed; classifications are checked against Boomi at request time, not stored.
 */
import type { Pool } from 'pg';
import { fromRow, withTransaction } from '../sql.ts';

export interface AccountGroupEnvironment {
  accountGroupId: string;
  environmentId: string;
  environmentName: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface RegisteredEnvironment {
  environmentId: string;
  environmentName?: string | null;
}

export class AccountGroupEnvironmentsRepository {
  constructor(private readonly pool: Pool) {}

  /** Makes `environments` the group's whole list (replacing the previous one) in one transaction. */
  async replaceForGroup(
    accountGroupId: string,
    environments: readonly RegisteredEnvironment[],
    updatedBy: string | null = null,
  ): Promise<AccountGroupEnvironment[]> {
    return withTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM account_group_environments WHERE account_group_id = $1', [
        accountGroupId,
      ]);
      if (environments.length === 0) return [];
      const result = await client.query(
        `INSERT INTO account_group_environments (account_group_id, environment_id, environment_name, updated_by)
         SELECT $1, e.environment_id, e.environment_name, $3
           FROM jsonb_to_recordset($2::jsonb) AS e(environment_id text, environment_name text)
         ON CONFLICT (account_group_id, environment_id) DO UPDATE SET environment_name = EXCLUDED.environment_name
         RETURNING *`,
        [
          accountGroupId,
          JSON.stringify(
            environments.map((e) => ({
              environment_id: e.environmentId,
              environment_name: e.environmentName ?? null,
            })),
          ),
          updatedBy,
        ],
      );
      return result.rows
        .map((r) => fromRow<AccountGroupEnvironment>(r))
        .sort((a, b) => a.environmentId.localeCompare(b.environmentId));
    });
  }

  async listForGroup(accountGroupId: string): Promise<AccountGroupEnvironment[]> {
    const result = await this.pool.query(
      'SELECT * FROM account_group_environments WHERE account_group_id = $1 ORDER BY environment_id',
      [accountGroupId],
    );
    return result.rows.map((r) => fromRow<AccountGroupEnvironment>(r));
  }

  /** Every registered group id, sorted. */
  async listGroups(): Promise<string[]> {
    const result = await this.pool.query<{ account_group_id: string }>(
      'SELECT DISTINCT account_group_id FROM account_group_environments ORDER BY account_group_id',
    );
    return result.rows.map((r) => r.account_group_id);
  }
}
