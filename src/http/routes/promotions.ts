/** The PromotionLog (spec §3, §7): register, list, read; peer review and denial (spec §5). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  PromotionRegistrationBodySchema,
  parsePromotionRegistration,
  type PromotionRegistration,
} from '../../domain/promotion-registration.ts';
import { DenyBodySchema, PeerReviewBodySchema, parseDenial, parsePeerReview } from '../../domain/review.ts';
import { PromoError } from '../../domain/errors.ts';
import type { PromotionFilter } from '../../store/repositories/index.ts';
import { registerPromotion } from '../promotion-registration.ts';
import { IdempotencyHeadersSchema, errorResponses } from '../schemas/common.ts';
import {
  PromotionListQuerySchema,
  PromotionLogSchema,
  PromotionPageSchema,
  PromotionParamsSchema,
  ReviewAnswerSchema,
} from '../schemas/promotions.ts';
import type { DenyInput, PeerReviewInput } from '../services.ts';
import { domainParsedBody } from '../validation.ts';
import { ADMIN, ANY_ROLE, PROMOTER, REVIEWER_OR_ADMIN, bodyField, callerOf } from './access-rules.ts';

type ListQuery = {
  status?: PromotionFilter['status'];
  peerReviewStatus?: PromotionFilter['peerReviewStatus'];
  adminReviewStatus?: PromotionFilter['adminReviewStatus'];
  initiatedBy?: string;
  targetEnvironment?: PromotionFilter['targetEnvironment'];
  reviewStage?: 'PENDING_PEER_REVIEW' | 'PENDING_ADMIN_REVIEW' | 'ALL';
};

/** `reviewStage` is the review queue's shorthand; it must agree with an explicit status filter. */
export function promotionFilterOf(query: ListQuery): PromotionFilter {
  const { reviewStage, ...filter } = query;
  if (reviewStage === 'PENDING_PEER_REVIEW') {
    if (filter.peerReviewStatus && filter.peerReviewStatus !== reviewStage) {
      throw new PromoError('INVALID_REQUEST', 'reviewStage PENDING_PEER_REVIEW contradicts peerReviewStatus');
    }
    return { ...filter, peerReviewStatus: reviewStage };
  }
  if (reviewStage === 'PENDING_ADMIN_REVIEW') {
    if (filter.adminReviewStatus && filter.adminReviewStatus !== reviewStage) {
      throw new PromoError(
        'INVALID_REQUEST',
        'reviewStage PENDING_ADMIN_REVIEW contradicts adminReviewStatus',
      );
    }
    return { ...filter, adminReviewStatus: reviewStage };
  }
  return filter;
}

const promotionTarget = (action: string) => ({
  action,
  targetType: 'promotion',
  targetId: (request: FastifyRequest) => (request.params as { promotionId?: string }).promotionId ?? null,
});

export const promotionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { repositories, services, accountId } = app.deps;

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
        body: PromotionRegistrationBodySchema,
        response: { ...errorResponses(409, 422), 200: PromotionLogSchema, 201: PromotionLogSchema },
      },
    },
    async (request, reply) => {
      const registration = request.body as unknown as PromotionRegistration;
      const result = await registerPromotion(
        repositories.promotions,
        accountId,
        registration,
        callerOf(request),
      );
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
      const { limit, cursor, ...filters } = request.query;
      return repositories.promotions.list(promotionFilterOf(filters), { limit, cursor });
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
    async (request) => {
      const promotion = await repositories.promotions.get(request.params.promotionId);
      if (!promotion)
        throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${request.params.promotionId} was not found`);
      return promotion;
    },
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
        body: PeerReviewBodySchema,
        response: { ...errorResponses(404, 409, 422), 200: ReviewAnswerSchema },
      },
    },
    async (request) => {
      const review = request.body as unknown as PeerReviewInput;
      const outcome = await services.reviews.peerReview(
        request.params.promotionId,
        review,
        callerOf(request),
      );
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
        body: DenyBodySchema,
        response: { ...errorResponses(404, 409, 422), 200: ReviewAnswerSchema },
      },
    },
    async (request) => {
      const denial = request.body as unknown as DenyInput;
      const outcome = await services.reviews.deny(request.params.promotionId, denial, callerOf(request));
      return { success: true as const, ...outcome };
    },
  );
};
