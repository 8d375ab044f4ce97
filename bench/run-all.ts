/**
 * `npm run bench`: every benchmark in turn, each in its own process (DBOS and the embedded
 * PostgreSQL clusters are per process), output streamed as it comes; then every ratio line again,
 * together, with the machine and its load. Writes `bench/results/run-all.json`.
 *
 * `--only single-run,api` runs a subset. A benchmark that overruns its time limit is stopped and
 * reported as such; the whole run takes about 20 minutes on 2 cores (two-instances: 8).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadNow, machineInfo, type LoadSample } from './support/machine.ts';
import { RESULTS_DIR } from './support/report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Bench {
  name: string;
  file: string;
  args: string[];
  limitMs: number;
  /** Lines worth repeating in the summary (the benchmarks by other helpers print no JSON). */
  summary: RegExp;
}

const RATIO = /^ratio /;
const BENCHES: Bench[] = [
  { name: 'single-run', file: 'bench/single-run.ts', args: [], limitMs: 420_000, summary: RATIO },
  {
    name: 'single-run-poll25',
    file: 'bench/single-run.ts',
    args: ['--poll-ms', '25', '--learn', '0', '--repeat', '1'],
    limitMs: 90_000,
    summary: RATIO,
  },
  { name: 'concurrent', file: 'bench/concurrent.ts', args: [], limitMs: 300_000, summary: RATIO },
  { name: 'priority', file: 'bench/priority.ts', args: [], limitMs: 600_000, summary: RATIO },
  { name: 'two-instances', file: 'bench/two-instances.ts', args: [], limitMs: 1_200_000, summary: RATIO },
  { name: 'cache-refresh', file: 'bench/cache-refresh.ts', args: [], limitMs: 120_000, summary: RATIO },
  { name: 'api', file: 'bench/api.ts', args: [], limitMs: 180_000, summary: RATIO },
  {
    name: 'limiter',
    file: 'bench/limiter.ts',
    args: [],
    limitMs: 90_000,
    summary: /÷|503 answers|max calls in any 1-s/,
  },
  { name: 'store', file: 'bench/store.ts', args: [], limitMs: 90_000, summary: /^ratio |^batch:|^baseline:/ },
  { name: 'notifications', file: 'bench/notifications.ts', args: [], limitMs: 120_000, summary: RATIO },
];

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',')) : undefined;
const selected = BENCHES.filter((b) => !only || only.has(b.name));

interface Outcome {
  name: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  loadBefore: LoadSample;
  loadAfter: LoadSample;
  summary: string[];
}

function runBench(bench: Bench): Promise<Outcome> {
  const loadBefore = loadNow();
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bench.file, ...bench.args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const lines: string[] = [];
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      process.stdout.write(chunk);
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    });
    // Warnings and service logs stay visible, but apart from the figures.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGTERM');
      setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000).unref();
    }, bench.limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (partial) lines.push(partial);
      resolve({
        name: bench.name,
        exitCode: code,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        loadBefore,
        loadAfter: loadNow(),
        summary: lines.filter((line) => bench.summary.test(line)),
      });
    });
  });
}

const machine = machineInfo();
const started = performance.now();
console.log(
  `npm run bench — ${machine.nproc} × ${machine.cpuModel}, node ${machine.node}; ${loadNow().uptime}`,
);
const outcomes: Outcome[] = [];
for (const bench of selected) outcomes.push(await runBench(bench));
const totalMs = Math.round(performance.now() - started);

console.log(`\n================ summary (${(totalMs / 1000).toFixed(0)} s in all) ================`);
console.log(`machine: ${machine.nproc} × ${machine.cpuModel}, node ${machine.node}`);
for (const o of outcomes) {
  const status = o.timedOut ? 'STOPPED at its time limit' : o.exitCode === 0 ? 'ok' : `exit ${o.exitCode}`;
  console.log(
    `\n${o.name}: ${status}, ${(o.durationMs / 1000).toFixed(0)} s; load ${o.loadBefore.loadavg.join(' ')} → ${o.loadAfter.loadavg.join(' ')}`,
  );
  for (const line of o.summary) console.log(`  ${line}`);
}
// A partial run (--only) replaces its benchmarks' entries and keeps the others' latest.
await mkdir(RESULTS_DIR, { recursive: true });
const file = path.join(RESULTS_DIR, 'run-all.json');
const previous = await readFile(file, 'utf8')
  .then((text) => (JSON.parse(text) as { outcomes?: (Outcome & { ranAt?: string })[] }).outcomes ?? [])
  .catch(() => []);
const ranAt = new Date().toISOString();
const latest = BENCHES.flatMap((b) => {
  const fresh = outcomes.find((o) => o.name === b.name);
  if (fresh) return [{ ...fresh, ranAt }];
  return previous.filter((o) => o.name === b.name);
});
await writeFile(
  file,
  `${JSON.stringify({ machine, lastRun: { ranAt, totalMs, only: only ? [...only] : 'all' }, outcomes: latest }, null, 2)}\n`,
);
if (outcomes.some((o) => o.exitCode !== 0)) process.exitCode = 1;
