/** What a benchmark reads from the sandbox's call log and the run rows: rates, 503s, failures. */
import type { RunRow } from './runs.ts';
import type { LoggedCall } from './sandbox-control.ts';

/** Calls per strict 1-s window, worst case (what Boomi's per-second count would see). */
function maxInOneSecond(arrivals: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[i]! - arrivals[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export function callFigures(calls: LoggedCall[]) {
  const arrivals = calls.map((c) => Date.parse(c.time)).sort((a, b) => a - b);
  const spanMs = arrivals.length > 1 ? arrivals.at(-1)! - arrivals[0]! : 0;
  const polls = calls.filter(
    (c) => c.method === 'GET' && /^\/(MergeRequest|ReleaseIntegrationPackStatus)\/[^/]+$/.test(c.path),
  ).length;
  return {
    total: calls.length,
    throttled503: calls.filter((c) => c.status === 503).length,
    otherErrors: calls.filter((c) => c.status >= 400 && c.status !== 503).length,
    polls,
    spanMs,
    achievedPerSecond: spanMs > 0 ? ((arrivals.length - 1) * 1000) / spanMs : 0,
    maxInOneSecond: maxInOneSecond(arrivals),
  };
}

export function failureSummary(rows: RunRow[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const r of rows.filter((row) => row.state !== 'SUCCEEDED')) {
    const key = `${r.error_code ?? r.state}: ${(r.error_message ?? '').replace(/[0-9a-f-]{20,}|[A-Za-z0-9]{8,}=*/g, '…').slice(0, 90)}`;
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  return reasons;
}
