/**
 * Logs and meters every Package and Deploy run that executes in this process — started here, or
 * resumed here by DBOS recovery after a crash or a takeover: one line when it starts (or resumes),
 * one per step as it starts and ends, one when it ends, with `runId`, `promotionId` and `step` as
 * fields, so an operator can follow (or grep) one run through the JSON logs; and the run and step
 * metrics. It plugs into the workflow's own hooks (`startWorkflowEngine({ observer })`), which
 * report each executed step and the run's end once. Only ids, names, states and Boomi's error
 * messages are logged — never a request body or a credential.
 */
import type { Logger } from 'pino';
import type { PromoMetrics } from '../http/metrics.ts';
import type { RunObserver } from '../workflow/engine.ts';

export function createRunObserver(
  logger: Logger,
  metrics: Pick<PromoMetrics, 'recordRun' | 'recordStep'>,
): RunObserver {
  const log = logger.child({ component: 'runs' });
  return {
    onRunStart({ runId, promotionId, mode, deploymentTarget, resumed }) {
      const fields = { runId, promotionId, mode, deploymentTarget, resumed };
      log.info(fields, resumed ? 'Package and Deploy run resumed' : 'Package and Deploy run started');
    },

    onStepStart({ runId, promotionId, step }) {
      log.info({ runId, promotionId, step, state: 'RUNNING' }, `step ${step} running`);
    },

    onStepEnd({ runId, promotionId, step, state, seconds, error, boomiCalls }) {
      const entry = {
        runId,
        promotionId,
        step,
        state,
        seconds,
        boomiCallCount: boomiCalls.length,
        ...(error ? { error } : {}),
      };
      if (state === 'FAILED') log.warn(entry, `step ${step} failed`);
      else log.info(entry, `step ${step} succeeded`);
      metrics.recordStep(step, seconds, state);
    },

    onRunEnd({ runId, promotionId, mode, state, deploymentStatus, errorCode }) {
      const outcome = { runId, promotionId, mode, state, deploymentStatus, errorCode };
      if (state === 'SUCCEEDED') log.info(outcome, 'Package and Deploy run succeeded');
      else log.warn(outcome, 'Package and Deploy run failed');
      metrics.recordRun(mode, state === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED');
    },
  };
}
