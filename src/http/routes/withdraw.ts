/** Withdraw a promotion (spec §10): its initiator or an admin; the service decides who and when. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseWithdrawal } from '../../domain/withdrawal.ts';
import { IdempotencyHeadersSchema, errorResponses } from '../schemas/common.ts';
import { PromotionParamsSchema, ReviewAnswerSchema, WithdrawBody } from '../schemas/promotions.ts';
import { domainParsedBody } from '../validation.ts';
import { ANY_ROLE, callerOf } from './access-rules.ts';

export const withdrawRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { withdrawals } = app.deps.services;

  app.post(
    '/promotions/:promotionId/withdraw',
    {
      config: {
        // The initiator may hold any role; the service checks initiator-or-admin.
        allow: ANY_ROLE,
        audit: {
          action: 'promotion.withdraw',
          targetType: 'promotion',
          targetId: (request) => (request.params as { promotionId?: string }).promotionId ?? null,
        },
      },
      validatorCompiler: domainParsedBody(parseWithdrawal),
      schema: {
        tags: ['promotions'],
        summary:
          'Withdraw the promotion (its initiator or an admin) while COMPLETED or TEST_DEPLOYED and no run is active; its branch is deleted',
        params: PromotionParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: WithdrawBody,
        response: { ...errorResponses(404, 409, 422), 200: ReviewAnswerSchema },
      },
    },
    async (request) => {
      const outcome = await withdrawals.withdraw(request.params.promotionId, request.body, callerOf(request));
      return { success: true as const, ...outcome };
    },
  );
};
