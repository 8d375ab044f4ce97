/** Notifications and their delivery state, for admins (spec §13); a failed one can be retried. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdempotencyHeadersSchema } from '../schemas/common.ts';
import {
  NotificationPageSchema,
  NotificationParamsSchema,
  NotificationQuerySchema,
  NotificationSchema,
} from '../schemas/notifications.ts';
import { ADMIN } from './access-rules.ts';

export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { notifications } = app.deps.services;

  app.get(
    '/notifications',
    {
      config: { allow: ADMIN },
      schema: {
        tags: ['notifications'],
        summary: 'Recent notifications with each delivery’s state, attempts and last error, newest first',
        querystring: NotificationQuerySchema,
        response: { ...errorResponses(), 200: NotificationPageSchema },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return notifications.list(filter, { limit, cursor });
    },
  );

  app.post(
    '/notifications/:id/retry',
    {
      config: {
        allow: ADMIN,
        audit: {
          action: 'notification.retry',
          targetType: 'notification',
          targetId: (request) => (request.params as { id?: string }).id ?? null,
        },
      },
      schema: {
        tags: ['notifications'],
        summary: 'Put the notification’s failed deliveries back to pending, with a fresh attempt budget',
        params: NotificationParamsSchema,
        headers: IdempotencyHeadersSchema,
        response: { ...errorResponses(404, 409), 200: NotificationSchema },
      },
    },
    async (request) => notifications.retry(request.params.id),
  );
};
