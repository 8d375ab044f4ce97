/**
 * The README's "Latest figures" table, from `bench/results/*.json` (`node --import tsx
 * bench/readme-table.ts` prints it; `--write` puts it between the README's figure markers).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';
import { fileURLToPath } from 'node:url';
import type { Ratio } from './support/report.ts';
import { RESULTS_DIR } from './support/report.ts';

const README = path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md');
const START = '<!-- figures:start -->';
const END = '<!-- figures:end -->';

interface Result {
  name: string;
  ranAt: string;
  machine: { nproc: number; cpuModel: string; node: string; loadBefore: { loadavg: number[] } };
  ratios: Ratio[];
}
interface RunAll {
  outcomes: { name: string; ranAt?: string; summary: string[]; loadBefore: { loadavg: number[] } }[];
}

const OWN = [
  'single-run',
  'single-run-poll25',
  'concurrent',
  'two-instances',
  'priority',
  'cache-refresh',
  'api',
  'notifications',
];
const lines: string[] = [];
let machine: Result['machine'] | undefined;
lines.push('| Benchmark | Figure | Goal | Latest | Ran, UTC (load) |', '| --- | --- | --- | --- | --- |');
for (const name of OWN) {
  const result = await readFile(path.join(RESULTS_DIR, `${name}.json`), 'utf8')
    .then((text) => JSON.parse(text) as Result)
    .catch(() => undefined);
  if (!result) continue;
  machine ??= result.machine;
  const when = `${result.ranAt.slice(11, 16)} (${result.machine.loadBefore.loadavg[0]})`;
  // single-run's two bounds of one mode share a row: "TEST wall ÷ latency / paced bound".
  const rows = new Map<string, { goal: string; values: string[] }>();
  for (const r of result.ratios) {
    const mode = /^(\S+) wall ÷ (latency|paced) bound(?: at \S+)? (\(median of \d+\))$/.exec(r.name);
    const key = mode ? `${mode[1]} wall ÷ latency / paced bound ${mode[3]}` : r.name;
    const row = rows.get(key) ?? { goal: r.goal === 'info' ? '—' : r.goal, values: [] };
    row.values.push(`${show(r.value)}${r.goal === 'info' ? '' : r.met ? ' ✓' : ' ✗'}`);
    rows.set(key, row);
  }
  for (const [key, row] of rows) {
    lines.push(`| ${name} | ${key} | ${row.goal} | ${row.values.join(' / ')} | ${when} |`);
  }
}
const runAll = await readFile(path.join(RESULTS_DIR, 'run-all.json'), 'utf8')
  .then((text) => JSON.parse(text) as RunAll)
  .catch(() => undefined);
for (const outcome of runAll?.outcomes.filter((o) => !OWN.includes(o.name)) ?? []) {
  const when = `${(outcome.ranAt ?? '').slice(11, 16)} (${outcome.loadBefore.loadavg[0]})`;
  // Their ratio lines only, shortened: the table stays narrow.
  const figures = outcome.summary
    .filter((line) => /÷|ratio /.test(line))
    .map((line) =>
      line
        .trim()
        .replace(/^ratio /, '')
        .replace(/\s+/g, ' ')
        .replace(/\|/g, '/'),
    );
  lines.push(`| ${outcome.name} | ${figures.join('; ')} | its own | | ${when} |`);
}

function show(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : String(value);
}

const table = [
  machine
    ? `Machine: ${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}; shared with other test runs, so each row says when it ran and the 1-minute load then.`
    : '',
  '',
  ...lines,
].join('\n');

if (process.argv.includes('--write')) {
  const readme = await readFile(README, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} markers`);
  const text = `${readme.slice(0, from + START.length)}\n${table}\n${readme.slice(to)}`;
  // The README is held to prettier like everything else (npm run lint).
  const options = (await prettier.resolveConfig(README)) ?? {};
  await writeFile(README, await prettier.format(text, { ...options, filepath: README }));
} else {
  console.log(table);
}
