/**
 * What every benchmark ends with: its figures as it goes, then one line per ratio (with its goal
 * and whether it was met), and the same as JSON in `bench/results/<name>.json`, together with the
 * machine and its load before and after (the box may be shared, so a figure needs its load).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNow, machineInfo, type LoadSample } from './machine.ts';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export interface Ratio {
  name: string;
  value: number;
  /** e.g. "≤ 1.05" */
  goal: string;
  met: boolean;
}

type Goal = { atMost: number } | { atLeast: number } | { equals: number } | { none: true };

function goalText(goal: Goal): string {
  if ('atMost' in goal) return `≤ ${goal.atMost}`;
  if ('atLeast' in goal) return `≥ ${goal.atLeast}`;
  if ('equals' in goal) return `= ${goal.equals}`;
  return 'info';
}

function meets(value: number, goal: Goal): boolean {
  if ('atMost' in goal) return value <= goal.atMost;
  if ('atLeast' in goal) return value >= goal.atLeast;
  if ('equals' in goal) return value === goal.equals;
  return true;
}

export class BenchReport {
  private readonly figures: Record<string, unknown> = {};
  private readonly ratios: Ratio[] = [];
  private readonly loadBefore: LoadSample = loadNow();
  private readonly startedMs = Date.now();

  constructor(
    readonly name: string,
    private readonly parameters: Record<string, unknown>,
  ) {
    console.log(`\n=== bench/${name} — ${this.loadBefore.uptime}`);
    console.log(`parameters: ${JSON.stringify(parameters)}`);
  }

  /** Prints a figure and keeps it for the JSON file (value may be any JSON). */
  figure(key: string, value: unknown, text?: string): void {
    this.figures[key] = value;
    console.log(text ?? `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }

  /** Prints a line without recording it. */
  note(text: string): void {
    console.log(text);
  }

  ratio(name: string, value: number, goal: Goal): void {
    const rounded = Math.round(value * 1000) / 1000;
    this.ratios.push({ name, value: rounded, goal: goalText(goal), met: meets(rounded, goal) });
  }

  /** Prints the ratio lines last and writes the JSON result; returns whether every goal was met. */
  async finish(): Promise<{ file: string; allMet: boolean; ratios: Ratio[] }> {
    const loadAfter = loadNow();
    for (const r of this.ratios) {
      const verdict = r.goal === 'info' ? '' : r.met ? ' — met' : ' — MISSED';
      console.log(`ratio ${r.name}: ${r.value} (goal ${r.goal})${verdict}`);
    }
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${this.name}.json`);
    const result = {
      name: this.name,
      ranAt: new Date(this.startedMs).toISOString(),
      durationMs: Date.now() - this.startedMs,
      machine: { ...machineInfo(), loadBefore: this.loadBefore, loadAfter },
      parameters: this.parameters,
      figures: this.figures,
      ratios: this.ratios,
    };
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    return { file, allMet: this.ratios.every((r) => r.met), ratios: this.ratios };
  }
}

/** Percentile by nearest rank over a copy of the values (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const ms = (value: number, digits = 0) => `${value.toFixed(digits)} ms`;
