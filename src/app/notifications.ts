/**
 * Notifications as the application uses them (spec §13).
 *
 * `enqueueNotification(tx, event)` (from the store, re-exported here) is how every state change
 * announces itself: call it with the transaction's repositories, inside the same
 * `repos.withTransaction(…)` as the change, so the notification exists exactly when the change
 * committed. The delivery worker (src/notifications/worker.ts) sends it later, with retries.
 *
 * Also the admin's view: recent notifications with their delivery state, and retrying failed ones.
 */
import { PromoError } from '../domain/errors.ts';
import type {
  NotificationDelivery,
  NotificationFilter,
  NotificationRecord,
  NotificationsRepository,
  Page,
} from '../store/repositories/index.ts';

import type { DeliveryView, NotificationService, NotificationView } from './contract.ts';

export type { DeliveryView, NotificationView };

export { enqueueNotification } from '../store/repositories/notifications.ts';

/** A webhook URL may carry a secret (Slack's do): show only its origin. */
export function describeRecipient(channel: NotificationDelivery['channel'], address: string): string {
  if (channel === 'email') return address;
  try {
    return `${new URL(address).origin}/…`;
  } catch {
    return 'webhook';
  }
}

function viewOf(record: NotificationRecord): NotificationView {
  return {
    ...record,
    deliveries: record.deliveries.map((d) => ({
      id: d.id,
      channel: d.channel,
      recipient: describeRecipient(d.channel, d.address),
      state: d.state,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      lastError: d.lastError,
      deliveredAt: d.deliveredAt,
    })),
  };
}

export function createNotificationService(notifications: NotificationsRepository): NotificationService {
  return {
    list: (filter, page) => listNotifications(notifications, filter, page),
    retry: (id) => retryNotification(notifications, id),
  };
}

export async function listNotifications(
  notifications: NotificationsRepository,
  filter: NotificationFilter,
  page: { limit?: number; cursor?: string },
): Promise<Page<NotificationView>> {
  const result = await notifications.list(filter, page);
  return { items: result.items.map(viewOf), nextCursor: result.nextCursor };
}

/**
 * Puts a notification's failed deliveries back to pending (a fresh attempt budget): NOT_FOUND for
 * an unknown id, NOTIFICATION_NOT_RETRYABLE when none of its deliveries failed.
 */
export async function retryNotification(
  notifications: NotificationsRepository,
  id: string,
): Promise<NotificationView> {
  const retried = await notifications.retryFailed(id);
  if (retried === null) throw new PromoError('NOT_FOUND', `Notification ${id} was not found`);
  if (retried === 0) {
    throw new PromoError('NOTIFICATION_NOT_RETRYABLE', `Notification ${id} has no failed delivery to retry`);
  }
  const record = await notifications.get(id);
  return viewOf(record!);
}
