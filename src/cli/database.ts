/**
 * The database for the commands that work on it directly (`token`, `migrate`): DATABASE_URL when
 * set; otherwise the embedded cluster in the data directory — started for the command when no
 * service runs, or, when `promo start` holds the directory, reached on the port that running
 * cluster listens on (PostgreSQL records it in postmaster.pid; the password file sits beside it).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import {
  EMBEDDED_DATABASE_NAME,
  openDatabase,
  systemDatabaseUrlFor,
  withDatabaseName,
} from '../store/database.ts';
import { DataDirInUseError } from '../store/data-dir-lock.ts';
import { migrate } from '../store/migrate.ts';
import { CliError } from './errors.ts';

export interface CliDatabase {
  pool: pg.Pool;
  /** Migrations applied while opening (a fresh embedded cluster is migrated on open). */
  applied: string[];
  /** DBOS's system database beside it (`promo migrate` prepares it). */
  systemDatabaseUrl: string;
  close(): Promise<void>;
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

async function attach(url: string): Promise<CliDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  try {
    const applied = await migrate(pool);
    return { pool, applied, systemDatabaseUrl: systemDatabaseUrlFor(url), close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

export async function openCliDatabase(config: Config): Promise<CliDatabase> {
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
    return {
      pool: database.pool,
      applied,
      systemDatabaseUrl: database.systemDatabaseUrl,
      close: () => database.close(),
    };
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    try {
      return await attach(await runningClusterUrl(config.dataDir));
    } catch (reason) {
      throw new CliError(
        'SERVICE_UNAVAILABLE',
        `${config.dataDir} is in use by a running promo and its database could not be reached (${(reason as Error).message})`,
      );
    }
  }
}
