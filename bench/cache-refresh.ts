/**
 * Extension-access cache refresh (not a test): `node --import tsx bench/cache-refresh.ts
 * [--components 10000] [--mappings 50000] [--repeat 5]`.
 *
 * The workflow's own `refreshEnvironmentCache` (seed step 8.3) for one environment whose
 * EnvironmentExtensions hold 10,000 extension components, over 50,000 ComponentMapping rows
 * (11,000 of them for those components, every 10th shared by two dev accounts) and 600 access
 * rows, on embedded PostgreSQL. Boomi's answer is held in memory: its GET is one call whatever
 * the size, and Boomi's time, not ours. Database round trips are counted on the pool.
 *
 * Baseline: the same refresh done one query per component — a mapping look-up per component,
 * an access look-up per dev account, an upsert per row, then one delete of vanished rows.
 * Goals: refresh ≤ 300 ms, baseline ÷ batch time ≥ 50×.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { BoomiClient } from '../src/boomi/index.ts';
import { buildExtensionAccessRows, extensionComponentIds } from '../src/domain/extension-cache.ts';
import { createRepositories, type ComponentMapping } from '../src/store/repositories/index.ts';
import { refreshEnvironmentCache } from '../src/workflow/steps/cache-refresh.ts';
import { openBenchDatabase } from './support/bench-service.ts';
import { countingPool } from './support/counting-pool.ts';
import { numberOption } from './support/options.ts';
import { BenchReport, ms, percentile } from './support/report.ts';

const COMPONENTS = numberOption('components', 10_000);
const MAPPINGS = numberOption('mappings', 50_000);
const REPEAT = Math.max(1, numberOption('repeat', 5));
const DEV_ACCOUNTS = 200;
const OWNER = { id: 'process-root', name: 'Order Intake' };
const UPDATED_BY = 'bench@example.com';

const report = new BenchReport('cache-refresh', {
  extensionComponents: COMPONENTS,
  componentMappings: MAPPINGS,
  devAccounts: DEV_ACCOUNTS,
  accessRows: DEV_ACCOUNTS * 3,
  repetitions: REPEAT,
});

const extensionId = (i: number) => `ext-${String(i).padStart(6, '0')}`;
const account = (i: number) => `dev-account-${i % DEV_ACCOUNTS}`;

/** 10,000 components spread over the five sections, as Boomi answers EnvironmentExtensions. */
function extensionsDocument(environmentId: string, count: number) {
  const sections = [
    ['connections', 'connection'],
    ['operations', 'operation'],
    ['processProperties', 'ProcessProperty'],
    ['tradingPartners', 'tradingPartner'],
    ['sharedCommunications', 'sharedCommunication'],
  ] as const;
  const document: Record<string, unknown> = {
    '@type': 'EnvironmentExtensions',
    environmentId,
    id: environmentId,
  };
  for (const [index, [section, list]] of sections.entries()) {
    const elements = [];
    for (let i = index; i < count; i += sections.length) {
      elements.push({
        id: extensionId(i),
        name: `Component ${i}`,
        field: [{ id: 'url', value: `https://x/${i}` }],
      });
    }
    document[section] = { [list]: elements };
  }
  return document;
}

function mappings(): ComponentMapping[] {
  const rows: ComponentMapping[] = [];
  const base = {
    componentType: 'connector-settings',
    prodAccountId: 'prod-account',
    prodLatestVersion: 3,
    lastPromotedAt: '2025-01-01T00:00:00.000Z',
    lastPromotedBy: 'dev@example.com',
    mappingSource: 'PROMOTION_ENGINE' as const,
  };
  for (let i = 0; i < COMPONENTS; i++) {
    for (const a of i % 10 === 0 ? [account(i), account(i + 1)] : [account(i)]) {
      rows.push({
        ...base,
        devComponentId: `dev-${a}-${i}`,
        devAccountId: a,
        prodComponentId: extensionId(i),
        componentName: `Component ${i}`,
      });
    }
  }
  // The rest: mappings of components that are not extensions of this environment.
  for (let i = 0; rows.length < MAPPINGS; i++) {
    rows.push({
      ...base,
      devComponentId: `dev-other-${i}`,
      devAccountId: account(i),
      prodComponentId: `other-${i}`,
      componentName: `Other ${i}`,
    });
  }
  return rows;
}

const stub = (document: unknown) =>
  ({ environmentExtensions: { get: async () => document } }) as unknown as BoomiClient;

const UPSERT_ONE = `
  INSERT INTO extension_access_mappings (environment_id, prod_component_id, component_name, component_type,
    owner_process_id, owner_process_name, dev_account_id, dev_account_name, authorized_sso_groups,
    is_connection_extension, is_shared_component, extension_group_id, last_updated_at, last_updated_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
  ON CONFLICT (environment_id, prod_component_id) DO UPDATE SET
    component_name = EXCLUDED.component_name, component_type = EXCLUDED.component_type,
    owner_process_id = EXCLUDED.owner_process_id, owner_process_name = EXCLUDED.owner_process_name,
    dev_account_id = EXCLUDED.dev_account_id, dev_account_name = EXCLUDED.dev_account_name,
    authorized_sso_groups = EXCLUDED.authorized_sso_groups,
    is_connection_extension = EXCLUDED.is_connection_extension,
    is_shared_component = EXCLUDED.is_shared_component, extension_group_id = EXCLUDED.extension_group_id,
    last_updated_at = EXCLUDED.last_updated_at, last_updated_by = EXCLUDED.last_updated_by`;

/** The refresh as one query per component would do it (same rows as the batch refresh). */
async function baselineRefresh(pool: pg.Pool, environmentId: string, document: unknown): Promise<number> {
  const ids = extensionComponentIds(document);
  const found = [];
  for (const id of ids) {
    const r = await pool.query('SELECT * FROM component_mappings WHERE prod_component_id = $1', [id]);
    found.push(
      ...r.rows.map((row: Record<string, string>) => ({
        prodComponentId: row.prod_component_id!,
        devAccountId: row.dev_account_id!,
      })),
    );
  }
  const access = [];
  for (const devAccountId of new Set(found.map((m) => m.devAccountId))) {
    const r = await pool.query('SELECT * FROM dev_account_access WHERE is_active AND dev_account_id = $1', [
      devAccountId,
    ]);
    access.push(
      ...r.rows.map((row: Record<string, string>) => ({
        devAccountId: row.dev_account_id!,
        ssoGroupId: row.sso_group_id!,
        devAccountName: row.dev_account_name ?? null,
      })),
    );
  }
  const rows = buildExtensionAccessRows({
    environmentId,
    extensions: document,
    mappings: found,
    activeAccess: access,
    ownerProcess: OWNER,
    now: new Date().toISOString(),
    updatedBy: UPDATED_BY,
  });
  for (const row of rows) {
    await pool.query(UPSERT_ONE, [
      row.environmentId,
      row.prodComponentId,
      row.componentName,
      row.componentType,
      row.ownerProcessId,
      row.ownerProcessName,
      row.devAccountId,
      row.devAccountName,
      row.authorizedSsoGroups,
      row.isConnectionExtension,
      row.isSharedComponent,
      null,
      row.lastUpdatedAt,
      row.lastUpdatedBy,
    ]);
  }
  await pool.query(
    'DELETE FROM extension_access_mappings WHERE environment_id = $1 AND NOT (prod_component_id = ANY($2))',
    [environmentId, rows.map((r) => r.prodComponentId)],
  );
  return rows.length;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const database = await openBenchDatabase('cache');
try {
  const { pool } = database.db;
  const repos = createRepositories(pool);
  const seed = await timed(async () => {
    const all = mappings();
    for (let i = 0; i < all.length; i += 10_000)
      await repos.componentMappings.upsertMany(all.slice(i, i + 10_000));
    await repos.devAccountAccess.upsertMany(
      Array.from({ length: DEV_ACCOUNTS * 3 }, (_, i) => ({
        ssoGroupId: `SSO_GROUP_${i}`,
        devAccountId: account(i),
        ssoGroupName: `Group ${i}`,
        devAccountName: `Dev account ${i % DEV_ACCOUNTS}`,
        isActive: i < DEV_ACCOUNTS * 2,
      })),
    );
    await pool.query('ANALYZE');
  });
  report.note(`seeded ${MAPPINGS} mappings and ${DEV_ACCOUNTS * 3} access rows in ${ms(seed.ms)}`);

  const document = extensionsDocument('env-bench', COMPONENTS);
  const shrunk = extensionsDocument('env-bench', COMPONENTS - 500);
  const counted = countingPool(pool);
  const countedRepos = createRepositories(counted.pool);
  const refresh = (environmentId: string, doc: unknown) =>
    refreshEnvironmentCache(
      { boomi: stub(doc), repos: countedRepos },
      { environmentId, ownerProcess: OWNER, updatedBy: UPDATED_BY },
    );

  // Warm-up on another environment (JIT, plan caches), not measured.
  await refresh('env-warm', extensionsDocument('env-warm', COMPONENTS));

  counted.reset();
  const first = await timed(() => refresh('env-bench', document));
  const firstTrips = counted.count();
  const steady: number[] = [];
  let rewritten = 0;
  for (let i = 0; i < REPEAT; i++) {
    const again = await timed(() => refresh('env-bench', document));
    steady.push(again.ms);
    rewritten += again.value.upserted;
  }
  counted.reset();
  const vanished = await timed(() => refresh('env-bench', shrunk));
  const vanishedTrips = counted.count();
  const profile = await counted.profile(() => refresh('env-bench', document));

  report.figure(
    'batch',
    {
      firstMs: first.ms,
      firstRoundTrips: firstTrips,
      rows: first.value.extensionAccessMappingCount,
      steadyMs: steady,
      steadyMedianMs: percentile(steady, 50),
      steadyRowsRewritten: rewritten,
      vanishedMs: vanished.ms,
      vanishedRoundTrips: vanishedTrips,
      deleted: vanished.value.deleted,
      profile,
    },
    `batch refresh of ${first.value.extensionAccessMappingCount} rows: first (all new) ${ms(first.ms)}, ${firstTrips} round trips; ` +
      `again (nothing changed) median ${ms(percentile(steady, 50))} of ${REPEAT} [${steady.map((v) => v.toFixed(0)).join(', ')}], ${rewritten} rows rewritten; ` +
      `with 500 vanished ${ms(vanished.ms)} (${vanished.value.deleted} deleted), ${vanishedTrips} round trips`,
  );
  report.note(`  where one refresh's time goes: ${profile.map((p) => `${p.what} ${ms(p.ms)}`).join(', ')}`);

  counted.reset();
  const baselineFirst = await timed(() => baselineRefresh(counted.pool, 'env-baseline', document));
  const baselineTrips = counted.count();
  const baselineAgain = await timed(() => baselineRefresh(counted.pool, 'env-baseline', document));
  report.figure(
    'baseline',
    {
      firstMs: baselineFirst.ms,
      againMs: baselineAgain.ms,
      roundTrips: baselineTrips,
      rows: baselineFirst.value,
    },
    `baseline (one query per component): first ${ms(baselineFirst.ms)}, again ${ms(baselineAgain.ms)}, ${baselineTrips} round trips`,
  );
  const same = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM extension_access_mappings a JOIN extension_access_mappings b
       ON a.prod_component_id = b.prod_component_id AND a.environment_id = 'env-warm' AND b.environment_id = 'env-baseline'
      WHERE a.authorized_sso_groups = b.authorized_sso_groups AND a.dev_account_id = b.dev_account_id
        AND a.is_shared_component = b.is_shared_component`,
  );
  report.note(`  baseline rows identical to the batch's: ${same.rows[0]!.n} of ${baselineFirst.value}`);

  report.ratio('batch refresh time, ms (first, all rows new)', first.ms, { atMost: 250 });
  report.ratio('batch refresh time, ms (median again, nothing changed)', percentile(steady, 50), {
    atMost: 100,
  });
  report.ratio('rows rewritten by the unchanged refreshes', rewritten, { equals: 0 });
  report.ratio('baseline refresh time, ms (first, one query per component)', baselineFirst.ms, {
    none: true,
  });
  report.ratio('baseline refresh time, ms (again)', baselineAgain.ms, { none: true });
  report.ratio('baseline ÷ batch time (first refresh)', baselineFirst.ms / first.ms, { atLeast: 50 });
  report.ratio('baseline ÷ batch time (again)', baselineAgain.ms / percentile(steady, 50), { atLeast: 50 });
  report.ratio('baseline ÷ batch round trips', baselineTrips / firstTrips, { none: true });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await database.close();
}
await report.finish();
