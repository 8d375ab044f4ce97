/**
 * Rollback of a deployment run (spec §12) as one durable workflow: per environment, restore what
 * was active before the run (deploy the previous package again, or remove the run's deployment);
 * then the PromotionLog (ROLLED_BACK) when any environment was rolled back; then the response.
 * Every step checks Boomi before it writes, so a resumed rollback never writes twice.
 *
 * Never rename or reorder the steps of a released version: recovery replays by position.
 */
import {
  rollbackStatusOf,
  type RollbackEnvironmentResult,
  type RollbackResponse,
} from '../domain/rollback.ts';
import { failureOf } from './failures.ts';
import type { RollbackRunInput } from './rollback-input.ts';
import type { StepOptions, StepRunner } from './step-runner.ts';
import type { Steps } from './steps/index.ts';

const DATABASE_STEP: StepOptions = { retryDatabaseErrors: true };

function notesOf(input: RollbackRunInput): string {
  return `promo rollback ${input.runId} of run ${input.rolledBackRunId} by ${input.rolledBackBy}: ${input.reason}`.slice(
    0,
    1000,
  );
}

function responseOf(input: RollbackRunInput, environments: RollbackEnvironmentResult[]): RollbackResponse {
  const rollbackStatus = rollbackStatusOf(environments);
  const failed = rollbackStatus === 'FAILED';
  return {
    success: !failed,
    errorCode: failed ? 'DEPLOYMENT_FAILED' : null,
    errorMessage: failed
      ? `Rollback failed in every environment: ${environments.map((e) => e.errorMessage).join('; ')}`
      : null,
    runId: input.runId,
    rolledBackRunId: input.rolledBackRunId,
    promotionId: input.promotionId,
    rollbackStatus,
    environments,
    reason: input.reason,
    rolledBackBy: input.rolledBackBy,
  };
}

export function createRollbackWorkflow(steps: Steps, runner: StepRunner) {
  return async function rollback(input: RollbackRunInput): Promise<RollbackResponse> {
    const ref = { runId: input.runId, promotionId: input.promotionId };
    runner.reportRunStart({ ...ref, mode: 'ROLLBACK', deploymentTarget: input.deploymentTarget });
    const step = <T>(name: string, body: () => Promise<T>, options?: StepOptions) =>
      runner.step(ref, name, body, options);

    const environments: RollbackEnvironmentResult[] = [];
    for (const target of input.environments) {
      const { environmentId, environmentName } = target;
      try {
        environments.push(
          await step(`rollback:${environmentId}`, () =>
            steps.rollbackEnvironment({
              environmentId,
              environmentName,
              componentId: input.componentId,
              runPackageId: input.runPackageId,
              previous: target.previous,
              notes: notesOf(input),
            }),
          ),
        );
      } catch (error) {
        const { message } = failureOf(error, 'DEPLOYMENT_FAILED');
        environments.push({ environmentId, environmentName, status: 'FAILED', errorMessage: message });
      }
    }

    if (environments.some((e) => e.status === 'ROLLED_BACK')) {
      await step(
        'rollback-update-promotion-log',
        () =>
          steps.recordRollback({
            rollbackRunId: input.runId,
            rolledBackRunId: input.rolledBackRunId,
            promotionId: input.promotionId,
            rolledBackBy: input.rolledBackBy,
            reason: input.reason,
            environments,
          }),
        DATABASE_STEP,
      );
    }
    const response = responseOf(input, environments);
    await step('rollback-return-response', () => steps.auditRollback(response), {
      ...DATABASE_STEP,
      afterRecorded: () => steps.endRollback(response),
    });
    return response;
  };
}
