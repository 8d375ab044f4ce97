/**
 * A fresh promotion (its own branch) registered and deployed in mode 1 with a new pack to the
 * given targets, by ADMIN; with the call-log mark taken just before the run.
 */
import { parseDeployRequest } from '../../../src/domain/deploy-request.ts';
import { ADMIN, freshPromotion, registerPromotion, type World } from '../../helpers/world.ts';

export async function deployFreshToTest(
  world: World,
  key: string,
  targetEnvironments: { environmentId: string }[],
) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion);
  const mark = await world.control.mark();
  const response = await world.services.deployments.runSync(
    parseDeployRequest({
      promotionId: promotion.promotionId,
      packageVersion: '1.0.0',
      deploymentTarget: 'TEST',
      createNewPack: true,
      newPackName: `Pack ${key}`,
      targetEnvironments,
    }),
    ADMIN,
  );
  return { promotion, response, mark };
}
