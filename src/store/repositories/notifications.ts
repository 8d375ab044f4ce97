/**
 * The notification outbox as the rest of the service sees it: `enqueueNotification(tx, event)`
 * writes a notification in the caller's transaction (see store/transaction.ts), and
 * admins list notifications with their deliveries and put failed deliveries back to pending.
 * The delivery worker's side (plan, claim, complete) is store/notification-outbox.ts.
 */
import { PromoError } from '../../domain/errors.ts';
import {
  DELIVERY_STATES,
  NOTIFICATION_STATES,
  messageFor,
  type DeliveryState,
  type NotificationEvent,
  type NotificationState,
} from '../../domain/notifications/index.ts';
import { type Page, type Queryable, decodeCursor, encodeCursor, fromRow, pageSize } from '../sql.ts';

export { DELIVERY_STATES, NOTIFICATION_STATES, type DeliveryState, type NotificationState };

export interface NotificationDelivery {
  id: string;
  notificationId: string;
  channel: 'email' | 'webhook';
  address: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  updatedAt: string;
}

export interface NotificationRecord {
  id: string;
  eventType: NotificationEvent['type'];
  promotionId: string;
  subject: string;
  event: NotificationEvent;
  createdAt: string;
  plannedAt: string | null;
  state: NotificationState;
  deliveries: NotificationDelivery[];
}

export interface NotificationFilter {
  state?: NotificationState;
  promotionId?: string;
}

// The notification's state, from its deliveries; one expression for listing and filtering.
const WITH_STATE = `
  SELECT n.*, CASE
      WHEN n.planned_at IS NULL THEN 'pending'
      WHEN d.total = 0 THEN 'no-recipients'
      WHEN d.busy THEN 'pending'
      WHEN d.failed THEN 'failed'
      WHEN d.all_kept THEN 'kept'
      ELSE 'delivered' END AS state
    FROM notifications n
    CROSS JOIN LATERAL (
      SELECT count(*) AS total,
             coalesce(bool_or(state IN ('pending', 'sending')), false) AS busy,
             coalesce(bool_or(state = 'failed'), false) AS failed,
             coalesce(bool_and(state = 'kept'), false) AS all_kept
        FROM notification_deliveries WHERE notification_id = n.id) d`;

export class NotificationsRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Writes the notification for `event` unless one with the same key exists (a re-run step);
   * returns its id and whether this call created it.
   */
  async enqueue(event: NotificationEvent, subject: string): Promise<{ id: string; created: boolean }> {
    const inserted = await this.db.query<{ id: string }>(
      `INSERT INTO notifications (dedupe_key, event_type, promotion_id, subject, event)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [event.key, event.type, event.promotion.promotionId, subject, JSON.stringify(event)],
    );
    if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
    const existing = await this.db.query<{ id: string }>(
      'SELECT id FROM notifications WHERE dedupe_key = $1',
      [event.key],
    );
    return { id: existing.rows[0]!.id, created: false };
  }

  async get(id: string): Promise<NotificationRecord | null> {
    const result = await this.db.query(`SELECT * FROM (${WITH_STATE}) s WHERE id = $1`, [id]);
    return result.rows[0] ? (await this.withDeliveries(result.rows))[0]! : null;
  }

  /** Newest first, keyset-paged. */
  async list(
    filter: NotificationFilter = {},
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<NotificationRecord>> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.state !== undefined) {
      values.push(filter.state);
      where.push(`state = $${values.length}`);
    }
    if (filter.promotionId !== undefined) {
      values.push(filter.promotionId);
      where.push(`promotion_id = $${values.length}`);
    }
    if (page.cursor !== undefined) {
      const key = decodeCursor(page.cursor, 1);
      if (!key || typeof key[0] !== 'string' || !/^\d+$/.test(key[0])) {
        throw new PromoError(
          'INVALID_REQUEST',
          'cursor is not valid; use the nextCursor of the previous page',
        );
      }
      values.push(key[0]);
      where.push(`seq < $${values.length}::bigint`);
    }
    const limit = pageSize(page.limit);
    values.push(limit + 1);
    const result = await this.db.query(
      `SELECT * FROM (${WITH_STATE}) s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${values.length}`,
      values,
    );
    const rows = result.rows.slice(0, limit);
    const last = rows[rows.length - 1];
    const nextCursor = result.rows.length > limit && last ? encodeCursor([String(last.seq)]) : null;
    return { items: await this.withDeliveries(rows), nextCursor };
  }

  /**
   * Puts the notification's failed deliveries back to pending with a fresh attempt budget;
   * returns how many, or null when there is no such notification.
   */
  async retryFailed(id: string): Promise<number | null> {
    const exists = await this.db.query('SELECT 1 FROM notifications WHERE id = $1', [id]);
    if (exists.rowCount === 0) return null;
    const result = await this.db.query(
      `UPDATE notification_deliveries
          SET state = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL, updated_at = now()
        WHERE notification_id = $1 AND state = 'failed'`,
      [id],
    );
    return result.rowCount ?? 0;
  }

  private async withDeliveries(rows: Record<string, unknown>[]): Promise<NotificationRecord[]> {
    const ids = rows.map((row) => row.id);
    const deliveries = await this.db.query(
      `SELECT * FROM notification_deliveries WHERE notification_id = ANY($1::uuid[])
        ORDER BY channel, address`,
      [ids],
    );
    const byNotification = new Map<string, NotificationDelivery[]>();
    for (const row of deliveries.rows) {
      const delivery = fromRow<NotificationDelivery>(row);
      const list = byNotification.get(delivery.notificationId) ?? [];
      list.push(delivery);
      byNotification.set(delivery.notificationId, list);
    }
    return rows.map((row) => {
      const {
        seq: _seq,
        dedupeKey: _key,
        ...record
      } = fromRow<NotificationRecord & { seq: unknown; dedupeKey: unknown }>(row);
      return { ...record, deliveries: byNotification.get(record.id) ?? [] };
    });
  }
}

/**
 * How every state change announces itself (spec §13): call it with the transaction's
 * repositories, inside the same `repos.withTransaction(…)` as the change, so the notification
 * exists exactly when the change committed. A null event writes nothing; the same event key twice
 * is one notification. Returns the notification's id, or null.
 */
export async function enqueueNotification(
  tx: { notifications: Pick<NotificationsRepository, 'enqueue'> },
  event: NotificationEvent | null,
): Promise<string | null> {
  if (event === null) return null;
  const { id } = await tx.notifications.enqueue(event, messageFor(event).subject);
  return id;
}
