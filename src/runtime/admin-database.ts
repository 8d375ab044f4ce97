/**
 * The database for the CLI commands that work on it directly (`token`, `migrate`): DATABASE_URL when
 * set; otherwise the embedded cluster in the data directory — started for the command when no
 * service runs, or, when `promo start` holds the directory, reached on the port that running
 * cluster listens on (PostgreSQL records it in postmaster.pid; the password file sits beside it).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createApiTokenAdmin, type ApiTokenAdmin } from '../app/api-tokens.ts';
import type { Config } from '../config.ts';
import { PromoError } from '../domain/errors.ts';
import {
  EMBEDDED_DATABASE_NAME,
  openDatabase,
  systemDatabaseUrlFor,
  withDatabaseName,
} from '../store/database.ts';
import { DataDirInUseError } from '../store/data-dir-lock.ts';
import { prepareSystemDatabase } from '../store/dbos.ts';
import { migrate } from '../store/migrate.ts';
import { ApiTokensRepository } from '../store/repositories/api-tokens.ts';

export interface AdminDatabase {
  /** Migrations applied while opening (a fresh embedded cluster is migrated on open). */
  applied: string[];
  /** API token management (`promo token …`). */
  apiTokens: ApiTokenAdmin;
  /** Creates or migrates DBOS's system database beside it (`promo migrate`). */
  prepareSystemDatabase(): Promise<void>;
  close(): Promise<void>;
}

function adminDatabase(
  pool: pg.Pool,
  applied: string[],
  systemDatabaseUrl: string,
  close: () => Promise<void>,
): AdminDatabase {
  return {
    applied,
    apiTokens: createApiTokenAdmin(new ApiTokensRepository(pool)),
    prepareSystemDatabase: () => prepareSystemDatabase(pool, systemDatabaseUrl),
    close,
  };
}

/** The running embedded cluster's port: line 4 of PostgreSQL's postmaster.pid. */
async function runningClusterUrl(dataDir: string): Promise<string> {
  const pidFile = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  const port = Number(pidFile.split('\n')[3]);
  const password = (await readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
  if (!Number.isInteger(port) || port <= 0) throw new Error('postmaster.pid names no port');
  const admin = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return withDatabaseName(admin, EMBEDDED_DATABASE_NAME);
}

async function attach(url: string): Promise<AdminDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  try {
    const applied = await migrate(pool);
    return adminDatabase(pool, applied, systemDatabaseUrlFor(url), () => pool.end());
  } catch (error) {
    await pool.end();
    throw error;
  }
}

export async function openAdminDatabase(config: Config): Promise<AdminDatabase> {
  if (config.databaseUrl) return attach(config.databaseUrl);
  try {
    const applied: string[] = [];
    const database = await openDatabase({
      dataDir: config.dataDir,
      poolSize: 2,
      log: {
        info: (message) => {
          const match = /^Applied migrations: (.*)$/.exec(message);
          if (match?.[1]) applied.push(...match[1].split(', '));
        },
        warn: () => {},
      },
    });
    return adminDatabase(database.pool, applied, database.systemDatabaseUrl, () => database.close());
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    try {
      return await attach(await runningClusterUrl(config.dataDir));
    } catch (reason) {
      throw new PromoError(
        'SERVICE_UNAVAILABLE',
        `${config.dataDir} is in use by a running promo and its database could not be reached (${(reason as Error).message})`,
      );
    }
  }
}
