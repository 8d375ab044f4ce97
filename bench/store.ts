/**
 * Storage benchmark (not a test): run with `node --import tsx bench/store.ts`.
 * 1. Embedded PostgreSQL: first start (initdb + start + migrations) and restart times.
 * 2. Cache-refresh reads for 10,000 prodComponentIds over 50,000 ComponentMapping rows:
 *    the batch queries (one round trip each) against a one-query-per-component baseline,
 *    plus the one-statement replace of 10,000 ExtensionAccessMapping rows.
 * Prints figures, then ratio lines last.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { openDatabase } from '../src/store/database.ts';
import {
  type ComponentMapping,
  type DevAccountAccess,
  type ExtensionAccessMapping,
  createRepositories,
} from '../src/store/repositories/index.ts';

const MAPPINGS = 50_000;
const QUERIED_IDS = 10_000;
const DEV_ACCOUNTS = 200;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Counts round trips by counting pool.query calls (each is one request/response exchange). */
function countQueries(pool: Pool): { reset(): void; count(): number } {
  let n = 0;
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    n += 1;
    return original(...args);
  };
  return { reset: () => (n = 0), count: () => n };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const dataDir = await mkdtemp(path.join(tmpdir(), 'promo-bench-store-'));
try {
  const first = await timed(() => openDatabase({ dataDir }));
  await first.value.close();
  const restart = await timed(() => openDatabase({ dataDir }));
  const db = restart.value;
  console.log(`embedded first start (initdb + start + migrate): ${fmt(first.ms)}`);
  console.log(`embedded restart (start + migrations check):     ${fmt(restart.ms)}`);

  const repos = createRepositories(db.pool);
  // 40,000 production ids: the first 10,000 are shared by two dev accounts (like #Connections).
  const mappings: ComponentMapping[] = Array.from({ length: MAPPINGS }, (_, i) => ({
    devComponentId: `dev-${i}`,
    devAccountId: `acct-${i % DEV_ACCOUNTS}`,
    prodComponentId: `prod-${i < 20_000 ? i % 10_000 : i - 10_000}`,
    componentName: `Component ${i}`,
    componentType: i % 5 === 0 ? 'connection' : 'process',
    prodAccountId: 'prod-account',
    prodLatestVersion: 1 + (i % 7),
    lastPromotedAt: '2025-01-01T00:00:00.000Z',
    lastPromotedBy: 'seed@example.com',
    mappingSource: 'ADMIN_SEEDING',
  }));
  const seed = await timed(async () => {
    for (let i = 0; i < mappings.length; i += 10_000) {
      await repos.componentMappings.upsertMany(mappings.slice(i, i + 10_000));
    }
  });
  // Three team groups per dev account, the third one inactive.
  const access: DevAccountAccess[] = Array.from({ length: DEV_ACCOUNTS * 3 }, (_, i) => ({
    ssoGroupId: `GROUP_${(i % 50) + 50 * Math.floor(i / DEV_ACCOUNTS)}`,
    devAccountId: `acct-${i % DEV_ACCOUNTS}`,
    ssoGroupName: `Group ${i % 50}`,
    devAccountName: `Account ${i % DEV_ACCOUNTS}`,
    isActive: Math.floor(i / DEV_ACCOUNTS) !== 2,
  }));
  await repos.devAccountAccess.upsertMany(access);
  await db.pool.query('ANALYZE');
  console.log(`seeded ${MAPPINGS} mappings in ${fmt(seed.ms)} (5 statements of 10,000 rows)`);

  // Spread over shared and unshared ids.
  const ids = Array.from({ length: QUERIED_IDS }, (_, i) => `prod-${i * 4}`);
  const counter = countQueries(db.pool);

  // Warm-up, so neither side pays for cold caches.
  await repos.componentMappings.findByProdComponentIds(ids.slice(0, 100));

  counter.reset();
  const batch = await timed(async () => {
    const found = await repos.componentMappings.findByProdComponentIds(ids);
    const accounts = [...new Set(found.map((m) => m.devAccountId))];
    const active = await repos.devAccountAccess.findActiveByDevAccountIds(accounts);
    return { found: found.length, accounts: accounts.length, active: active.length };
  });
  const batchTrips = counter.count();

  counter.reset();
  const baseline = await timed(async () => {
    let found = 0;
    const accounts = new Set<string>();
    for (const id of ids) {
      const r = await db.pool.query('SELECT * FROM component_mappings WHERE prod_component_id = $1', [id]);
      found += r.rowCount ?? 0;
      for (const row of r.rows as { dev_account_id: string }[]) accounts.add(row.dev_account_id);
    }
    let active = 0;
    for (const account of accounts) {
      const r = await db.pool.query(
        'SELECT * FROM dev_account_access WHERE is_active AND dev_account_id = $1',
        [account],
      );
      active += r.rowCount ?? 0;
    }
    return { found, accounts: accounts.size, active };
  });
  const baselineTrips = counter.count();
  if (JSON.stringify(batch.value) !== JSON.stringify(baseline.value)) {
    throw new Error(
      `batch and baseline disagree: ${JSON.stringify(batch.value)} vs ${JSON.stringify(baseline.value)}`,
    );
  }

  const rows: ExtensionAccessMapping[] = ids.map((id, i) => ({
    environmentId: 'env-bench',
    prodComponentId: id,
    componentName: `Ext ${i}`,
    componentType: 'connection',
    ownerProcessId: 'proc-root',
    ownerProcessName: 'Root',
    devAccountId: `acct-${i % DEV_ACCOUNTS}`,
    devAccountName: `Account ${i % DEV_ACCOUNTS}`,
    authorizedSsoGroups: [`GROUP_${i % 50}`, `GROUP_${(i + 1) % 50}`],
    isConnectionExtension: true,
    isSharedComponent: i % 2 === 0,
    lastUpdatedAt: '2025-01-01T00:00:00.000Z',
    lastUpdatedBy: 'BENCH',
  }));
  counter.reset();
  const replaceFirst = await timed(() =>
    repos.extensionAccessMappings.replaceForEnvironment('env-bench', rows),
  );
  const replaceAgain = await timed(() =>
    repos.extensionAccessMappings.replaceForEnvironment('env-bench', rows.slice(0, QUERIED_IDS - 500)),
  );
  const replaceTrips = counter.count();

  console.log(
    `batch:    ${fmt(batch.ms)}, ${batchTrips} round trips — ${batch.value.found} mappings for ${QUERIED_IDS} ids, ` +
      `${batch.value.active} active access rows of ${batch.value.accounts} dev accounts`,
  );
  console.log(
    `baseline: ${fmt(baseline.ms)}, ${baselineTrips} round trips (one query per component, then per account)`,
  );
  console.log(
    `replaceForEnvironment: ${QUERIED_IDS} rows new ${fmt(replaceFirst.ms)} ` +
      `(${replaceFirst.value.upserted} upserted); again with 500 vanished ${fmt(replaceAgain.ms)} ` +
      `(${replaceAgain.value.upserted} upserted, ${replaceAgain.value.deleted} deleted); ${replaceTrips} round trips for both`,
  );
  console.log(`ratio baseline/batch time: ${(baseline.ms / batch.ms).toFixed(1)}x`);
  console.log(`ratio baseline/batch round trips: ${(baselineTrips / batchTrips).toFixed(0)}x`);
  console.log(`ratio first start/restart: ${(first.ms / restart.ms).toFixed(1)}x`);
  await db.close();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
}
