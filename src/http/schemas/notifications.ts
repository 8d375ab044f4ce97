/** Notifications (spec §13) as admins read them: each with its deliveries' state. */
import { Type } from 'typebox';
import {
  DELIVERY_STATES,
  NOTIFICATION_EVENT_TYPES,
  NOTIFICATION_STATES,
} from '../../domain/notifications/index.ts';
import { PageQuerySchema, pageOf } from './common.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const DeliverySchema = Type.Object({
  id: Type.String({ description: 'Stable per recipient: the email Message-ID is built from it' }),
  channel: Type.Enum(['email', 'webhook']),
  recipient: Type.String({ description: 'The email address, or the webhook URL’s origin only' }),
  state: Type.Enum([...DELIVERY_STATES], {
    description: 'kept: no SMTP server configured, kept for the console inbox instead of sent',
  }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String({ format: 'date-time' }),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
});

export const NotificationSchema = Type.Object({
  id: Type.String({
    description: 'Stable id receivers deduplicate on (webhook `id`, Promo-Notification-Id)',
  }),
  eventType: Type.Enum([...NOTIFICATION_EVENT_TYPES]),
  promotionId: Type.String(),
  subject: Type.String(),
  state: Type.Enum([...NOTIFICATION_STATES], {
    description: 'pending until every delivery ended; failed when one failed for good',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  plannedAt: Nullable(Type.String({ format: 'date-time' })),
  event: Type.Unknown({ description: 'The event as sent: type, actor, promotion summary, detail' }),
  deliveries: Type.Array(DeliverySchema),
});

export const NotificationQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  state: Type.Optional(Type.Enum([...NOTIFICATION_STATES])),
  promotionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

export const NotificationParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const NotificationPageSchema = pageOf(NotificationSchema);
