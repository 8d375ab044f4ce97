/**
 * HTTP API and start-up (not a test): `node --import tsx bench/api.ts [--rate 200] [--seconds 15]
 * [--rows 10000]`.
 *
 * `npm start` as a child process on a temp data dir: first start (cold: initdb, migrations, seed),
 * stop, 10,000 PromotionLog rows written into its database, second start (warm) — start-to-ready
 * of both and the service process's RSS. Then, with autocannon on loopback at 200 requests/s:
 * `GET /api/v1/promotions` (the first page, newest first, of 10,000+ rows) and the validation
 * rejection path (`POST /api/v1/package-and-deploy` with an invalid body, 400): p50/p99.
 * Goals: p99 ≤ 20 ms, warm start ≤ 3 s, service RSS ≤ 200 MB.
 */
import autocannon from 'autocannon';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/store/database.ts';
import { memoryOf, processTree, pssOf, startNpmService, type ChildService } from './support/child-service.ts';
import { numberOption } from './support/options.ts';
import { callApi } from './support/promo-api.ts';
import { BenchReport, ms } from './support/report.ts';

const RATE = numberOption('rate', 200);
const SECONDS = numberOption('seconds', 15);
const ROWS = numberOption('rows', 10_000);
/** `--cpu-prof DIR`: profile the warm service under load (open the .cpuprofile in Chrome DevTools). */
const CPU_PROFILE_DIR = process.argv.includes('--cpu-prof')
  ? process.argv[process.argv.indexOf('--cpu-prof') + 1]
  : undefined;

const report = new BenchReport('api', {
  requestsPerSecond: RATE,
  secondsPerEndpoint: SECONDS,
  promotionRows: ROWS,
  connections: [1, 10],
  logLevel: 'info (the npm start default: one JSON line per request, to a pipe)',
});

/** Copies one demo promotion into `rows` new ones, a second apart, in one statement. */
async function seedPromotions(dataDir: string, rows: number): Promise<number> {
  const db = await openDatabase({ dataDir });
  try {
    const { rows: columns } = await db.pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'promotions' ORDER BY ordinal_position`,
    );
    const names = columns.map((c) => c.column_name);
    const overrides: Record<string, string> = {
      promotion_id: `'bench-' || lpad(g::text, 6, '0')`,
      branch_id: 'NULL',
      branch_name: 'NULL',
      process_name: `'Bench Process ' || g`,
      initiated_at: `now() - g * interval '1 second'`,
      created_at: `now() - g * interval '1 second'`,
      updated_at: `now() - g * interval '1 second'`,
    };
    await db.pool.query(
      `INSERT INTO promotions (${names.join(', ')})
       SELECT ${names.map((n) => overrides[n] ?? `t.${n}`).join(', ')}
         FROM (SELECT * FROM promotions ORDER BY promotion_id LIMIT 1) t, generate_series(1, $1::int) g`,
      [rows],
    );
    await db.pool.query('ANALYZE promotions');
    const { rows: count } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM promotions');
    return count[0]!.n;
  } finally {
    await db.close();
  }
}

/**
 * autocannon paces each connection on its own timer, all started together: with 10 connections
 * at 200/s the requests arrive in bursts of 10 every 50 ms; with 1 connection, one every 5 ms.
 * Real traffic lies between the two, so both are measured.
 */
async function load(
  name: string,
  connections: number,
  options: { url: string; method?: string; headers: Record<string, string>; body?: string },
) {
  // A short warm-up at the same rate, not counted.
  await autocannon({ ...options, connections, overallRate: RATE, duration: 2 });
  const result = await autocannon({ ...options, connections, overallRate: RATE, duration: SECONDS });
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  const figures = {
    requests: Object.values(statuses).reduce((a, b) => a + b, 0),
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  report.figure(
    name,
    figures,
    `${name}: ${figures.requests} requests at ${figures.perSecond.toFixed(0)}/s; latency p50 ${ms(figures.p50, 1)}, ` +
      `p90 ${ms(figures.p90, 1)}, p99 ${ms(figures.p99, 1)}, max ${ms(figures.max, 1)}; statuses ${JSON.stringify(statuses)}; ` +
      `errors ${figures.errors}, timeouts ${figures.timeouts}`,
  );
  return figures;
}

/** The service's own view of its memory, from its Prometheus metrics. */
async function heapFigures(url: string, token: string) {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
  const metric = (name: string) =>
    Number(new RegExp(`^promo_${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return {
    heapUsedMb: mb(metric('nodejs_heap_size_used_bytes')),
    heapTotalMb: mb(metric('nodejs_heap_size_total_bytes')),
    externalMb: mb(metric('nodejs_external_memory_bytes')),
  };
}

async function postgresPss(servicePid: number): Promise<number> {
  const tree = await processTree(servicePid);
  let total = 0;
  for (const p of tree.filter((p) => p.cmdline.includes('postgres'))) total += await pssOf(p.pid);
  return total;
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'promo-bench-api-'));
let service: ChildService | undefined;
try {
  service = await startNpmService(dataDir);
  const cold = service.readyMs;
  await service.stop();
  service = undefined;
  const total = await seedPromotions(dataDir, ROWS);

  service = await startNpmService(
    dataDir,
    CPU_PROFILE_DIR ? { cpuProfileDir: path.resolve(CPU_PROFILE_DIR) } : {},
  );
  const warm = service.readyMs;
  report.figure(
    'warmStartup',
    service.startup,
    `warm start-up as the service logs it (ms after spawn): ${service.startup
      .map((l) => `${l.atMs} ${l.msg}`)
      .join(' | ')}`,
  );
  const memoryAtReady = await memoryOf(service.servicePid);
  const postgresAtReady = await postgresPss(service.servicePid);
  const tokens = JSON.parse(await readFile(path.join(dataDir, 'sandbox-tokens.json'), 'utf8')) as Record<
    string,
    string
  >;
  const token = tokens['admin@example.com']!;
  const heapAtReady = await heapFigures(service.url, token);
  report.figure(
    'startToReady',
    { coldMs: cold, warmMs: warm },
    `npm start to ready: first (cold: initdb, migrate, seed) ${ms(cold)}, second (warm) ${ms(warm)}`,
  );
  report.figure(
    'memoryAtReady',
    { ...memoryAtReady, ...heapAtReady, postgresPssMb: postgresAtReady },
    `service process RSS at ready ${memoryAtReady.rssMb.toFixed(1)} MB (V8 heap used ${heapAtReady.heapUsedMb.toFixed(1)} MB); ` +
      `embedded PostgreSQL processes (PSS) ${postgresAtReady.toFixed(1)} MB`,
  );

  const page = await callApi<{ items: unknown[] }>(service.url, token, 'GET', '/promotions');
  report.note(
    `promotions in the database: ${total}; GET /api/v1/promotions answers ${page.status} with ${page.body.items.length} items per page`,
  );
  const invalid = await callApi<{ errorCode?: string }>(service.url, token, 'POST', '/package-and-deploy', {
    promotionId: 'x',
  });
  report.note(`invalid deploy body answers ${invalid.status} ${invalid.body.errorCode ?? ''}`);

  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const listRequest = { url: `${service.url}/api/v1/promotions`, headers };
  const rejectionRequest = {
    url: `${service.url}/api/v1/package-and-deploy`,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ promotionId: 'x', deploymentTarget: 'STAGING' }),
  };
  const listEven = await load('GET /api/v1/promotions, 1 connection', 1, listRequest);
  const rejectionEven = await load(
    'POST /api/v1/package-and-deploy (invalid body), 1 connection',
    1,
    rejectionRequest,
  );
  const list = await load('GET /api/v1/promotions, 10 connections', 10, listRequest);
  const rejection = await load(
    'POST /api/v1/package-and-deploy (invalid body), 10 connections',
    10,
    rejectionRequest,
  );
  const memoryAfter = await memoryOf(service.servicePid);
  const heap = await heapFigures(service.url, token);
  report.figure(
    'memoryAfterLoad',
    memoryAfter,
    `service process RSS after the load ${memoryAfter.rssMb.toFixed(1)} MB, peak ${memoryAfter.peakRssMb.toFixed(1)} MB`,
  );

  report.figure(
    'heapAfterLoad',
    heap,
    `  of which V8 heap used ${heap.heapUsedMb.toFixed(1)} MB (heap total ${heap.heapTotalMb.toFixed(1)} MB), ` +
      `external ${heap.externalMb.toFixed(1)} MB; the rest is code, the runtime and native modules`,
  );
  report.ratio('GET /promotions p99, ms (1 connection, evenly spaced)', listEven.p99, { atMost: 20 });
  report.ratio('invalid POST /package-and-deploy p99, ms (1 connection)', rejectionEven.p99, { atMost: 20 });
  report.ratio('GET /promotions p99, ms (10 connections, bursts of 10)', list.p99, { atMost: 20 });
  report.ratio('invalid POST /package-and-deploy p99, ms (10 connections)', rejection.p99, { atMost: 20 });
  report.ratio('warm start to ready, ms', warm, { atMost: 3000 });
  report.ratio('cold start to ready, ms', cold, { none: true });
  report.ratio('service process peak RSS, MB', memoryAfter.peakRssMb, { atMost: 200 });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await service?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
await report.finish();
