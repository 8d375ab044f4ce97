/**
 * Every step body of Package and Deploy, built from explicit dependencies. Each factory names what
 * its steps use (`Pick<StepDeps, …>`); nothing reaches for a module global.
 */
import type { StepDeps } from '../deps.ts';
import { branchSteps } from './branch.ts';
import { cacheRefreshSteps } from './cache-refresh.ts';
import { deploySteps } from './deploy.ts';
import { integrationPackSteps } from './integration-pack.ts';
import { mergeSteps } from './merge.ts';
import { packagedComponentSteps } from './packaged-component.ts';
import { previousDeploymentSteps } from './previous-deployments.ts';
import { promotionLogSteps } from './promotion-log.ts';
import { releaseSteps } from './release.ts';
import { rollbackSteps } from './rollback.ts';

export function createSteps(deps: StepDeps) {
  return {
    ...mergeSteps(deps),
    ...packagedComponentSteps(deps),
    ...integrationPackSteps(deps),
    ...releaseSteps(deps),
    ...previousDeploymentSteps(deps),
    ...deploySteps(deps),
    ...cacheRefreshSteps(deps),
    ...branchSteps(deps),
    ...promotionLogSteps(deps),
    ...rollbackSteps(deps),
  };
}

export type Steps = ReturnType<typeof createSteps>;
