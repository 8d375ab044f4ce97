/**
 * One named, checkpointed, recorded step. DBOS checkpoints the result (a finished step is never
 * run again, also after a crash); around the body the run history records start, end, outcome
 * and the Boomi calls it made. A step interrupted by a crash runs again from the top, which is
 * why every step body checks Boomi first before writing.
 */
import { DBOS } from '@dbos-inc/dbos-sdk';
import { withCallTracking } from './call-tracker.ts';
import { workflowDeps } from './context.ts';
import { failpoint } from './failpoints.ts';
import { errorMessageOf, isOutcomeUnknown } from './failures.ts';
import { takeLocalStart, type RunRef, type RunStartEvent } from './run-observer-hooks.ts';

export interface StepOptions {
  /** Retry the step on any error: for database-only steps (PromotionLog, final response). */
  retryDatabaseErrors?: boolean;
  /**
   * Runs inside the step once its success is recorded — for the run's end, which must be the
   * last thing written (subscribers stop at the run's end and would miss a later step change).
   */
  afterRecorded?: () => Promise<void>;
}

/** Seconds before the first step retry; tests shorten it. */
let retryIntervalSeconds = 1;
export function setStepRetryInterval(seconds: number): void {
  retryIntervalSeconds = seconds;
}

/**
 * Boomi steps retry only a write whose outcome is unknown (502, 504, no answer): the client
 * retries everything else that is transient, and two layers retrying the same error would
 * multiply the attempts. Safe because every step checks Boomi before it writes.
 */
function retryPolicy(name: string, options: StepOptions) {
  const base = { name, retriesAllowed: true, intervalSeconds: retryIntervalSeconds, backoffRate: 2 };
  return options.retryDatabaseErrors
    ? { ...base, maxAttempts: 5 }
    : { ...base, maxAttempts: 3, shouldRetry: isOutcomeUnknown };
}

export async function runRecordedStep<T>(
  run: RunRef,
  name: string,
  body: () => Promise<T>,
  options: StepOptions = {},
): Promise<T> {
  const { runId } = run;
  const value = await DBOS.runStep(
    async () => {
      const { history, log, observer } = workflowDeps();
      await history.stepStarted(runId, name);
      observer.onStepStart({ ...run, step: name });
      const startedAt = performance.now();
      const { outcome, calls } = await withCallTracking(name, body);
      const seconds = (performance.now() - startedAt) / 1000;
      if (outcome.ok) {
        await history.stepEnded(runId, name, { state: 'SUCCEEDED', boomiCalls: calls });
        observer.onStepEnd({
          ...run,
          step: name,
          state: 'SUCCEEDED',
          seconds,
          error: null,
          boomiCalls: calls,
        });
        await options.afterRecorded?.();
        return outcome.value;
      }
      const message = errorMessageOf(outcome.error);
      log.warn({ runId, step: name, error: message }, 'Package and Deploy step failed');
      await history.stepEnded(runId, name, { state: 'FAILED', error: message, boomiCalls: calls });
      observer.onStepEnd({ ...run, step: name, state: 'FAILED', seconds, error: message, boomiCalls: calls });
      throw outcome.error;
    },
    retryPolicy(name, options),
  );
  failpoint(`after-step:${name}`);
  return value;
}

/**
 * Reports that the run begins executing in this process — called at the top of the workflow, so
 * on every execution: the fresh start, and each resumption by recovery. Not a step: a resumed
 * run must be reported where it resumes, not replayed from the first execution's checkpoint.
 */
export function reportRunStart(run: Omit<RunStartEvent, 'resumed'>): void {
  workflowDeps().observer.onRunStart({ ...run, resumed: !takeLocalStart(run.runId) });
}
