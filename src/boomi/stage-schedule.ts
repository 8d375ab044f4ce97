/**
 * When to check an async stage (merge REVIEWING, merge MERGED, release), learned from how long
 * it took in this service's recent waits. Each past wait brackets the stage's end: after the last
 * check that found it pending, no later than the check that found it done. Intersecting the
 * newest brackets (until one disagrees: the stage got slower or faster) narrows where it ends:
 * - narrow enough (≤ precisionMs): one check at the bracket's end — the deciding poll, no other;
 * - still wide: first a check halfway (one extra poll at most, and the next wait's bracket is
 *   half as wide), then at the bracket's end.
 * Then a few short steps in case the stage runs late, then the policy's backoff. All bounded.
 */
import type { StageObservation } from './poll.ts';

export interface StageScheduleBounds {
  /** Earliest first check, ms after the wait began. */
  minMs: number;
  /** Latest first check: a stage that took longer is still checked this early. */
  maxMs: number;
  /** A bracket this narrow is not worth an exploring check. */
  precisionMs: number;
  /** Steps after the expected end, in case the stage runs late. */
  lateStepMs: number;
}

export const DEFAULT_STAGE_SCHEDULE_BOUNDS: StageScheduleBounds = {
  minMs: 100,
  maxMs: 60_000,
  precisionMs: 25,
  lateStepMs: 50,
};

/** Where the stage ends, from the newest observations that agree. */
export function stageBracket(
  newestFirst: readonly StageObservation[],
): { lo: number; hi: number } | undefined {
  let bracket: { lo: number; hi: number } | undefined;
  for (const observation of newestFirst) {
    const lo = Math.max(bracket?.lo ?? 0, observation.pendingMs ?? 0);
    const hi = Math.min(bracket?.hi ?? Infinity, observation.doneMs);
    if (lo >= hi && bracket) break;
    bracket = { lo, hi: Math.max(hi, lo) };
  }
  return bracket;
}

/** Check times (ms after the wait began); undefined without history (the policy's backoff then). */
export function learnedSchedule(
  newestFirst: readonly StageObservation[],
  bounds: StageScheduleBounds = DEFAULT_STAGE_SCHEDULE_BOUNDS,
): number[] | undefined {
  const bracket = stageBracket(newestFirst);
  if (!bracket) return undefined;
  const clamp = (ms: number) => Math.round(Math.min(bounds.maxMs, Math.max(bounds.minMs, ms)));
  const end = clamp(bracket.hi);
  const explore = bracket.hi - bracket.lo > bounds.precisionMs ? [clamp((bracket.lo + bracket.hi) / 2)] : [];
  const late = [1, 2, 4].map((steps) => end + steps * bounds.lateStepMs);
  return [...new Set([...explore, end, ...late])].sort((a, b) => a - b);
}
