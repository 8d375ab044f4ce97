/**
 * One named, checkpointed, recorded step. DBOS checkpoints the result (a finished step is never
 * run again, also after a crash); around the body the run history records start, end, outcome
 * and the Boomi calls it made. A step interrupted by a crash runs again from the top, which is
 * why every step body checks Boomi first before writing.
 */
import { DBOS } from '@dbos-inc/dbos-sdk';
import { withCallTracking } from './call-tracker.ts';
import { failpoint } from './failpoints.ts';
import { errorMessageOf, isOutcomeUnknown } from './failures.ts';
import type { WorkflowLogger } from './logger.ts';
import type { RunHistory, StepTurn } from './run-history.ts';
import type { LocalStarts, RunRef, RunStartEvent, SafeRunObserver } from './run-observer-hooks.ts';

export interface StepOptions {
  /** Retry the step on any error: for database-only steps (PromotionLog, final response). */
  retryDatabaseErrors?: boolean;
  /**
   * Runs inside the step once its success is recorded — for the run's end, which must be the
   * last thing written (subscribers stop at the run's end and would miss a later step change).
   */
  afterRecorded?: () => Promise<void>;
}

export interface StepRunnerDeps {
  history: RunHistory;
  log: WorkflowLogger;
  observer: SafeRunObserver;
  localStarts: LocalStarts;
  /** Seconds before the first step retry (default 1); tests shorten it. */
  retryIntervalSeconds?: number;
}

export interface StepRunner {
  /** One named, checkpointed, recorded step of `run`. */
  step<T>(run: RunRef, name: string, body: () => Promise<T>, options?: StepOptions): Promise<T>;
  /**
   * Reports that the run begins executing in this process — called at the top of the workflow, so
   * on every execution: the fresh start, and each resumption by recovery. Not a step: a resumed
   * run must be reported where it resumes, not replayed from the first execution's checkpoint.
   */
  reportRunStart(run: Omit<RunStartEvent, 'resumed'>): void;
}

/**
 * Boomi steps retry only a write whose outcome is unknown (502, 504, no answer): the client
 * retries everything else that is transient, and two layers retrying the same error would
 * multiply the attempts. Safe because every step checks Boomi before it writes.
 */
function retryPolicy(name: string, options: StepOptions, intervalSeconds: number) {
  const base = { name, retriesAllowed: true, intervalSeconds, backoffRate: 2 };
  return options.retryDatabaseErrors
    ? { ...base, maxAttempts: 5 }
    : { ...base, maxAttempts: 3, shouldRetry: isOutcomeUnknown };
}

/** The step body with the run history and the observer around it. */
async function recorded<T>(
  deps: StepRunnerDeps,
  run: RunRef,
  name: string,
  body: () => Promise<T>,
  options: StepOptions,
  turn: StepTurn,
): Promise<T> {
  const { history, log, observer } = deps;
  const { runId } = run;
  await history.stepStarted(runId, name, turn);
  observer.onStepStart({ ...run, step: name });
  const startedAt = performance.now();
  const { outcome, calls } = await withCallTracking(name, body);
  const seconds = (performance.now() - startedAt) / 1000;
  if (outcome.ok) {
    await history.stepEnded(runId, name, { state: 'SUCCEEDED', boomiCalls: calls });
    observer.onStepEnd({ ...run, step: name, state: 'SUCCEEDED', seconds, error: null, boomiCalls: calls });
    await options.afterRecorded?.();
    return outcome.value;
  }
  const message = errorMessageOf(outcome.error);
  log.warn({ runId, step: name, error: message }, 'Package and Deploy step failed');
  await history.stepEnded(runId, name, { state: 'FAILED', error: message, boomiCalls: calls });
  observer.onStepEnd({ ...run, step: name, state: 'FAILED', seconds, error: message, boomiCalls: calls });
  throw outcome.error;
}

export function createStepRunner(deps: StepRunnerDeps): StepRunner {
  const intervalSeconds = deps.retryIntervalSeconds ?? 1;
  return {
    async step(run, name, body, options = {}) {
      // Taken now, in the order the workflow starts its steps (the engine awaits before the body).
      const turn = deps.history.takeTurn(run.runId);
      try {
        const value = await DBOS.runStep(
          () => recorded(deps, run, name, body, options, turn),
          retryPolicy(name, options, intervalSeconds),
        );
        failpoint(`after-step:${name}`);
        return value;
      } finally {
        // A step finished before a crash is not run again: its turn passes here.
        turn.pass();
      }
    },
    reportRunStart(run) {
      deps.observer.onRunStart({ ...run, resumed: !deps.localStarts.take(run.runId) });
    },
  };
}
