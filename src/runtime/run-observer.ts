/**
 * Observes every Package and Deploy run this instance starts: logs it — one line when it starts,
 * one per step as it happens, one when it ends, with `runId`, `promotionId` and `step` as fields,
 * so an operator can follow (or grep) one run through the JSON logs — and feeds the run and step
 * metrics. It watches through the DeploymentService's own subscription, the same feed the SSE
 * endpoint serves; the synchronous endpoint waits on that feed too, so its runs count alike.
 * A replayed start (same Idempotency-Key) is the same run: it is observed once.
 */
import type { Logger } from 'pino';
import { PromoError } from '../domain/errors.ts';
import type { Caller } from '../http/auth/caller.ts';
import type { DeployMode } from '../domain/modes.ts';
import type { PromoMetrics } from '../http/metrics.ts';
import type {
  DeployRequest,
  DeploymentRunView,
  DeploymentService,
  RunEvent,
  RunStepView,
} from '../http/services.ts';

/** The seed's mode of a request, as the run metrics label it. */
export function modeOf(request: DeployRequest): DeployMode {
  if (request.deploymentTarget === 'TEST') return 'TEST';
  return request.testPromotionId !== null ? 'PRODUCTION_FROM_TEST' : 'PRODUCTION_HOTFIX';
}

function stepSeconds(step: RunStepView): number | null {
  if (!step.endedAt) return null;
  const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

export function withRunObservation(
  deployments: DeploymentService,
  logger: Logger,
  metrics: Pick<PromoMetrics, 'recordRun' | 'recordStep'>,
): DeploymentService {
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
          const seconds = stepSeconds(event.step);
          if ((state === 'SUCCEEDED' || state === 'FAILED') && seconds !== null) {
            metrics.recordStep(name, seconds, state);
          }
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
        metrics.recordRun(modeOf(request), event.run.state === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED');
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

  // Runs already observed; oldest forgotten first so a long-lived instance stays bounded.
  const observed = new Map<string, Promise<DeploymentRunView>>();
  const MAX_REMEMBERED = 1000;

  async function start(request: DeployRequest, caller: Caller, idempotencyKey?: string) {
    const started = await deployments.start(request, caller, idempotencyKey);
    let followed = observed.get(started.runId);
    if (!followed) {
      followed = follow(started.runId, request);
      followed.catch((error: Error) =>
        log.warn({ runId: started.runId, error: error.message }, 'Could not follow the run'),
      );
      observed.set(started.runId, followed);
      if (observed.size > MAX_REMEMBERED) observed.delete(observed.keys().next().value!);
    }
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
