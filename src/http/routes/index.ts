/** Every resource of /api/v1, one plugin per file. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { accessRoutes } from './access.ts';
import { auditRoutes } from './audit.ts';
import { deploymentPlanRoutes } from './deployment-plan.ts';
import { deploymentRoutes } from './deployments.ts';
import { notificationRoutes } from './notifications.ts';
import { integrationPackRoutes } from './integration-packs.ts';
import { promotionRoutes } from './promotions.ts';
import { sessionRoutes } from './session.ts';
import { rollbackRoutes } from './rollback.ts';
import { statusRoutes } from './status.ts';
import { targetRoutes } from './targets.ts';
import { withdrawRoutes } from './withdraw.ts';

export const apiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(deploymentRoutes);
  await app.register(deploymentPlanRoutes);
  await app.register(rollbackRoutes);
  await app.register(promotionRoutes);
  await app.register(withdrawRoutes);
  await app.register(targetRoutes);
  await app.register(integrationPackRoutes);
  await app.register(accessRoutes);
  await app.register(auditRoutes);
  await app.register(notificationRoutes);
  await app.register(sessionRoutes);
  await app.register(statusRoutes);
};
