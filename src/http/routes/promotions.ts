/** The PromotionLog (spec §3, §7): register, list, read; peer review and denial (spec §5). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { parsePromotionRegistration } from '../../domain/promotion-registration.ts';
import { parseDenial, parsePeerReview } from '../../domain/review.ts';
import { IdempotencyHeadersSchema, errorResponses } from '../schemas/common.ts';
import {
  DenyBody,
  PeerReviewBody,
  PromotionListQuerySchema,
  PromotionLogSchema,
  PromotionPageSchema,
  PromotionParamsSchema,
  PromotionRegistrationBody,
  ReviewAnswerSchema,
} from '../schemas/promotions.ts';
import { domainParsedBody } from '../validation.ts';
import { ADMIN, ANY_ROLE, PROMOTER, REVIEWER_OR_ADMIN, bodyField, callerOf } from './access-rules.ts';

const promotionTarget = (action: string) => ({
  action,
  targetType: 'promotion',
  targetId: (request: FastifyRequest) => (request.params as { promotionId?: string }).promotionId ?? null,
});

export const promotionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { promotions, reviews } = app.deps.services;

  app.post(
    '/promotions',
    {
      config: {
        allow: PROMOTER,
        audit: {
          action: 'promotion.register',
          targetType: 'promotion',
          targetId: (r) => bodyField(r, 'promotionId'),
        },
      },
      validatorCompiler: domainParsedBody(parsePromotionRegistration),
      schema: {
        tags: ['promotions'],
        summary: 'Register a promotion, or update one still IN_PROGRESS (the caller is the initiator)',
        headers: IdempotencyHeadersSchema,
        body: PromotionRegistrationBody,
        response: { ...errorResponses(409, 422), 200: PromotionLogSchema, 201: PromotionLogSchema },
      },
    },
    async (request, reply) => {
      const result = await promotions.register(request.body, callerOf(request));
      return reply.status(result.created ? 201 : 200).send(result.promotion);
    },
  );

  app.get(
    '/promotions',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['promotions'],
        summary: 'PromotionLog records, newest first, filtered and paged',
        querystring: PromotionListQuerySchema,
        response: { ...errorResponses(), 200: PromotionPageSchema },
      },
    },
    async (request) => {
      const { limit, cursor, ...query } = request.query;
      return promotions.list(query, { limit, cursor }, callerOf(request));
    },
  );

  app.get(
    '/promotions/:promotionId',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['promotions'],
        summary: 'One PromotionLog record',
        params: PromotionParamsSchema,
        response: { ...errorResponses(404), 200: PromotionLogSchema },
      },
    },
    async (request) => promotions.get(request.params.promotionId),
  );

  app.post(
    '/promotions/:promotionId/peer-review',
    {
      config: { allow: REVIEWER_OR_ADMIN, audit: promotionTarget('promotion.peer-review') },
      validatorCompiler: domainParsedBody(parsePeerReview),
      schema: {
        tags: ['promotions'],
        summary: 'Record the peer-review decision (not by the initiator; once)',
        params: PromotionParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PeerReviewBody,
        response: { ...errorResponses(404, 409, 422), 200: ReviewAnswerSchema },
      },
    },
    async (request) => {
      const outcome = await reviews.peerReview(request.params.promotionId, request.body, callerOf(request));
      return { success: true as const, ...outcome };
    },
  );

  app.post(
    '/promotions/:promotionId/deny',
    {
      config: { allow: ADMIN, audit: promotionTarget('promotion.deny') },
      validatorCompiler: domainParsedBody(parseDenial),
      schema: {
        tags: ['promotions'],
        summary: 'Deny the promotion (admin, not the initiator); its branch is deleted',
        params: PromotionParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: DenyBody,
        response: { ...errorResponses(404, 409, 422), 200: ReviewAnswerSchema },
      },
    },
    async (request) => {
      const outcome = await reviews.deny(request.params.promotionId, request.body, callerOf(request));
      return { success: true as const, ...outcome };
    },
  );
};
