/**
 * What a rollback run starts from: everything its checks decided (app/rollback-service.ts). The
 * workflow's argument, stored by DBOS with the run, so it is plain data.
 */
import type { DeploymentTarget } from '../domain/promotion.ts';
import type { PreviousDeployment } from '../domain/rollback.ts';

export interface RollbackRunInput {
  /** The rollback's own run id (DBOS workflow id, deployment_runs key). */
  runId: string;
  rolledBackRunId: string;
  promotionId: string;
  /** The rolled-back run's target. */
  deploymentTarget: DeploymentTarget;
  componentId: string;
  /** The package the rolled-back run deployed. */
  runPackageId: string;
  environments: { environmentId: string; environmentName: string; previous: PreviousDeployment }[];
  reason: string;
  rolledBackBy: string;
}
