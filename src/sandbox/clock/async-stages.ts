/**
 * Boomi's asynchronous objects (branch creation, merge drafting and merging, integration pack
 * release) finish some time after the call that starts them. The sandbox models each pending stage
 * as "done once its duration has elapsed AND it has been read N times", evaluated lazily on every
 * request: no timers to clean up, and tests can ask for "one pending poll, then done" without
 * depending on wall-clock timing.
 */
export interface AsyncDurations {
  branchReadyMs: number;
  mergeDraftingMs: number;
  mergeMergingMs: number;
  releaseMs: number;
  /** Polls (GET by id) that still see the pending stage, whatever the time. */
  branchReadyPolls: number;
  mergeDraftingPolls: number;
  mergeMergingPolls: number;
  releasePolls: number;
}

export const DEFAULT_ASYNC_DURATIONS: AsyncDurations = {
  branchReadyMs: 200,
  mergeDraftingMs: 300,
  mergeMergingMs: 500,
  releaseMs: 800,
  branchReadyPolls: 0,
  mergeDraftingPolls: 0,
  mergeMergingPolls: 0,
  releasePolls: 0,
};

export interface PendingStep {
  dueMs: number;
  readsLeft: number;
}

export function startStep(nowMs: number, durationMs: number, polls: number): PendingStep {
  return { dueMs: nowMs + Math.max(0, durationMs), readsLeft: Math.max(0, polls) };
}

export function isStepDone(step: PendingStep, nowMs: number): boolean {
  return nowMs >= step.dueMs && step.readsLeft <= 0;
}

/** Called after a GET has answered with the pending stage. */
export function notePoll(step: PendingStep | undefined): void {
  if (step && step.readsLeft > 0) step.readsLeft -= 1;
}

/** When the stage is considered to have finished (for modifiedDate): never later than now. */
export function finishedAt(step: PendingStep, nowMs: number): number {
  return Math.min(step.dueMs, nowMs);
}

const KEYS = Object.keys(DEFAULT_ASYNC_DURATIONS) as (keyof AsyncDurations)[];

/** Applies the numeric keys of a control-API body; returns the names it rejected. */
export function mergeDurations(target: AsyncDurations, input: Record<string, unknown>): string[] {
  const rejected: string[] = [];
  for (const key of KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) target[key] = value;
    else rejected.push(key);
  }
  return rejected;
}
