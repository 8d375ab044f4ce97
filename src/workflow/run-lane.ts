/** Which limiter lane a run's Boomi calls travel in: a hotfix first, test runs after production. */
import type { BoomiLane } from '../boomi/index.ts';
import type { DeployMode } from '../domain/modes.ts';
import type { DeploymentTarget } from '../domain/promotion.ts';

const LANE_OF_MODE: Readonly<Record<DeployMode, BoomiLane>> = {
  PRODUCTION_HOTFIX: 'hotfix',
  PRODUCTION_FROM_TEST: 'production',
  TEST: 'test',
};

export function boomiLaneOf(mode: DeployMode): BoomiLane {
  return LANE_OF_MODE[mode];
}

/** A rollback undoes a bad deployment: in production it is as urgent as a hotfix. */
export function rollbackLaneOf(target: DeploymentTarget): BoomiLane {
  return target === 'PRODUCTION' ? 'hotfix' : 'test';
}
