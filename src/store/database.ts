/**
 * Opens the service's database: an external PostgreSQL when a URL is given, otherwise the
 * embedded cluster in the data directory. Either way the schema is migrated before use and
 * DBOS gets a system database beside ours (`<name>_dbos_sys`).
 */
import pg from 'pg';
import { type StoreLog, silentLog, startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';

export interface Database {
  pool: pg.Pool;
  /** URL of the service's database. */
  url: string;
  /** URL of the DBOS system database on the same server (created by DBOS on launch). */
  systemDatabaseUrl: string;
  embedded: boolean;
  /** Ends the pool and, when embedded, stops PostgreSQL and releases the data dir. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** External PostgreSQL 15+; when unset, embedded PostgreSQL in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  log?: StoreLog;
  /** Pool size, default 20. */
  poolSize?: number;
}

export const EMBEDDED_DATABASE_NAME = 'promo';

export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function databaseName(url: string): string {
  const u = new URL(url);
  return decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
}

export function systemDatabaseUrlFor(url: string): string {
  return withDatabaseName(url, `${databaseName(url)}_dbos_sys`);
}

/** The URL must never reach a log: it carries the password. */
function describe(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}/${databaseName(url)}`;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile
  } finally {
    await client.end();
  }
}

async function openPool(url: string, options: OpenDatabaseOptions, log: StoreLog): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 20 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => log.warn(`PostgreSQL connection error: ${error.message}`));
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) log.info(`Applied migrations: ${applied.join(', ')}`);
    return pool;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const log = options.log ?? silentLog;
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const pool = await openPool(url, options, log);
    log.info(`Using PostgreSQL at ${describe(url)}`);
    return {
      pool,
      url,
      systemDatabaseUrl: systemDatabaseUrlFor(url),
      embedded: false,
      close: () => pool.end(),
    };
  }
  const cluster = await startEmbeddedPostgres({ dataDir: options.dataDir, log });
  try {
    await ensureDatabase(cluster.adminUrl, EMBEDDED_DATABASE_NAME);
    const url = withDatabaseName(cluster.adminUrl, EMBEDDED_DATABASE_NAME);
    const pool = await openPool(url, options, log);
    let closing: Promise<void> | null = null;
    return {
      pool,
      url,
      systemDatabaseUrl: systemDatabaseUrlFor(url),
      embedded: true,
      close() {
        closing ??= pool.end().finally(() => cluster.stop());
        return closing;
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
