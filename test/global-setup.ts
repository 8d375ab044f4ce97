/**
 * One embedded PostgreSQL cluster for the whole test run, with a migrated `promo_template`
 * database; each test file clones its own database from it (test/helpers/db.ts).
 * The admin URL reaches workers through vitest's provide/inject.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/store/migrate.ts';
import { freeLoopbackPort } from '../src/store/free-port.ts';
import { importEmbeddedPostgres } from '../src/store/embedded.ts';
import { ensureTraversableByOthers, runsAsRoot } from '../src/store/postgres-user-access.ts';

export const TEMPLATE_DATABASE = 'promo_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the shared test cluster, database `postgres`. */
    pgAdminUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(path.join(tmpdir(), 'promo-test-pg-'));
  // The cluster runs as the `postgres` OS user, which must be able to traverse the parent.
  await chmod(root, 0o755);
  if (runsAsRoot()) await ensureTraversableByOthers(root);
  const port = await freeLoopbackPort();
  const password = randomBytes(12).toString('hex');
  // Without the package's exit hooks: they call process.exit(0) on beforeExit and would turn
  // a failed run into exit code 0.
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: path.join(root, 'pg'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    // Throwaway data: durability settings off for speed; TCP on loopback only.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=400',
    ],
    onLog: () => {},
    onError: () => {},
  });
  await cluster.initialise();
  await cluster.start();

  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templatePool = new pg.Pool({ connectionString: withDatabase(adminUrl, TEMPLATE_DATABASE), max: 1 });
  await migrate(templatePool);
  // No session may stay connected to a template while it is being cloned.
  await templatePool.end();

  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  };
}
