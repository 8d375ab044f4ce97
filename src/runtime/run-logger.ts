/**
 * Logs every Package and Deploy run this instance starts — one line when it starts, one per step
 * as it happens, one when it ends — with `runId`, `promotionId` and `step` as fields, so an
 * operator can follow (or grep) one run through the JSON logs. It observes runs through the
 * DeploymentService's own subscription, the same feed the SSE endpoint serves; the synchronous
 * endpoint waits on that feed too, so its runs are logged alike.
 */
import type { Logger } from 'pino';
import { PromoError } from '../domain/errors.ts';
import type { Caller } from '../http/auth/caller.ts';
import type { DeployRequest, DeploymentRunView, DeploymentService, RunEvent } from '../http/services.ts';

export function withRunLogging(deployments: DeploymentService, logger: Logger): DeploymentService {
  const log = logger.child({ component: 'runs' });

  /** Logs the run's steps and end; resolves with the run's final view. */
  function follow(runId: string, request: DeployRequest): Promise<DeploymentRunView> {
    const fields = { runId, promotionId: request.promotionId };
    log.info({ ...fields, deploymentTarget: request.deploymentTarget }, 'Package and Deploy run started');
    return new Promise((resolve, reject) => {
      const onEvent = (event: RunEvent) => {
        if (event.type === 'step') {
          const { name, state, error } = event.step;
          const entry = { ...fields, step: name, state, ...(error ? { error } : {}) };
          if (state === 'FAILED') log.warn(entry, `step ${name} failed`);
          else log.info(entry, `step ${name} ${state.toLowerCase()}`);
          return;
        }
        const response = event.run.response;
        const outcome = {
          ...fields,
          state: event.run.state,
          deploymentStatus: response?.deploymentStatus ?? null,
          errorCode: response?.errorCode ?? null,
        };
        if (event.run.state === 'SUCCEEDED') log.info(outcome, 'Package and Deploy run succeeded');
        else log.warn(outcome, 'Package and Deploy run failed');
        resolve(event.run);
      };
      deployments.subscribe(runId, onEvent).then(
        (unsubscribe) => {
          if (unsubscribe === null) reject(new PromoError('NOT_FOUND', `Run ${runId} was not found`));
        },
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  async function start(request: DeployRequest, caller: Caller, idempotencyKey?: string) {
    const started = await deployments.start(request, caller, idempotencyKey);
    const followed = follow(started.runId, request);
    followed.catch((error: Error) =>
      log.warn({ runId: started.runId, error: error.message }, 'Could not follow the run for logging'),
    );
    return { started, followed };
  }

  return {
    ...deployments,
    async start(request, caller, idempotencyKey) {
      return (await start(request, caller, idempotencyKey)).started;
    },
    // Start, then wait for the end through the same feed: the run is logged like any other.
    async runSync(request, caller, idempotencyKey) {
      const { started, followed } = await start(request, caller, idempotencyKey);
      const run = await followed;
      if (run.response) return run.response;
      throw new PromoError('INTERNAL_ERROR', `Deployment run ${started.runId} ended without a response`);
    },
  };
}
