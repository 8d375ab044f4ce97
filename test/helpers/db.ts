/**
 * A fresh database per caller, cloned from the migrated template on the shared test cluster
 * (see test/global-setup.ts). Cloning copies files, so each database costs milliseconds.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const TEMPLATE_DATABASE = 'promo_template';

export interface TestDatabase {
  pool: pg.Pool;
  /** Connection URL of this database (superuser). */
  url: string;
  /** Name of this database; DBOS puts its system database beside it as `<name>_dbos_sys`. */
  name: string;
  /** Ends the pool and drops the database (and its DBOS system database, if any). */
  drop(): Promise<void>;
}

export function testClusterAdminUrl(): string {
  const url = inject('pgAdminUrl');
  if (!url) throw new Error('pgAdminUrl not provided: register test/global-setup.ts in vitest.config.ts');
  return url;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testClusterAdminUrl() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty (unmigrated) database, for migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  return create(null);
}

/** Creates a migrated database cloned from the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return create(TEMPLATE_DATABASE);
}

/** PostgreSQL refuses to clone a template while another clone is reading it (55006); wait and retry. */
async function createDatabaseRetrying(name: string, template: string | null): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

async function create(template: string | null): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await createDatabaseRetrying(name, template);
  const url = databaseUrl(testClusterAdminUrl(), name);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client cut by the server (a forced drop, a loaded machine) must not become an unhandled error.
  pool.on('error', () => undefined);
  let dropped = false;
  return {
    pool,
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end();
      await withAdmin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${name}_dbos_sys WITH (FORCE)`);
      });
    },
  };
}
