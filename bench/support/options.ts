/**
 * Benchmark knobs: `--latency-ms 80` on the command line, else `BENCH_LATENCY_MS=80` in the
 * environment, else the default. Benchmarks are scripts, not library code, so they may read both.
 */
function fromArgv(flag: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `--${flag}`) return args[i + 1];
    if (arg.startsWith(`--${flag}=`)) return arg.slice(flag.length + 3);
  }
  return undefined;
}

export function numberOption(flag: string, fallback: number): number {
  const envName = `BENCH_${flag.toUpperCase().replace(/-/g, '_')}`;
  const raw = fromArgv(flag) ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`--${flag} (or ${envName}) must be a number ≥ 0, got '${raw}'`);
  }
  return value;
}

/** Boomi's timings the sandbox plays (the example: 80 ms per call, merge 1.5 s, release 2 s). */
export interface LatencyModel {
  latencyMs: number;
  /** Merge request DRAFTING → REVIEWING. */
  mergeDraftingMs: number;
  /** Merge execution MERGING → MERGED. */
  mergeMergingMs: number;
  releaseMs: number;
}

/** `--merge-ms` is split a third drafting, two thirds merging (Boomi merges take longer than drafts). */
export function latencyModel(): LatencyModel {
  const mergeMs = numberOption('merge-ms', 1_500);
  return {
    latencyMs: numberOption('latency-ms', 80),
    mergeDraftingMs: Math.round(mergeMs / 3),
    mergeMergingMs: mergeMs - Math.round(mergeMs / 3),
    releaseMs: numberOption('release-ms', 2_000),
  };
}
