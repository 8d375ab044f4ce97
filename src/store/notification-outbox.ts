/**
 * The delivery worker's side of the notification outbox. Safe with several workers on one
 * database: planning and claiming lock rows with `FOR UPDATE SKIP LOCKED`, so each row goes to one
 * worker; a claimed delivery carries a lease, and a worker that dies mid-send leaves it to be
 * claimed again when the lease runs out (at least once — receivers deduplicate on the stable id).
 * Completing a claim names the attempt it claimed, so a worker whose lease ran out cannot
 * overwrite the outcome of the worker that took over.
 */
import type { Pool } from 'pg';
import type { NotificationEvent } from '../domain/notifications/index.ts';
import type { NotificationDelivery, DeliveryState } from './repositories/notifications.ts';
import { fromRow, toJsonRecordset, withTransaction } from './sql.ts';

export interface UnplannedNotification {
  id: string;
  event: NotificationEvent;
  createdAt: string;
}

export interface DeliveryToWrite {
  channel: 'email' | 'webhook';
  address: string;
  /** `pending` to send, `kept` when the channel only keeps it (sandbox without SMTP). */
  state: Extract<DeliveryState, 'pending' | 'kept'>;
}

export interface ClaimedDelivery extends NotificationDelivery {
  event: NotificationEvent;
}

const LAST_ERROR_MAX = 1000;

export class NotificationOutbox {
  constructor(private readonly pool: Pool) {}

  /**
   * Turns up to `limit` new notifications into deliveries, as `plan` decides for each; returns
   * the notifications planned (this worker's; others skip the locked rows).
   */
  async planNew(
    limit: number,
    plan: (notification: UnplannedNotification) => Promise<DeliveryToWrite[]> | DeliveryToWrite[],
  ): Promise<{ notification: UnplannedNotification; deliveries: DeliveryToWrite[] }[]> {
    return withTransaction(this.pool, async (client) => {
      const picked = await client.query(
        `SELECT id, event, created_at FROM notifications WHERE planned_at IS NULL
          ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const planned = [];
      for (const row of picked.rows) {
        const notification = fromRow<UnplannedNotification>(row);
        const deliveries = await plan(notification);
        planned.push({ notification, deliveries });
      }
      const rows = planned.flatMap(({ notification, deliveries }) =>
        deliveries.map((delivery) => ({ notificationId: notification.id, ...delivery })),
      );
      if (rows.length > 0) {
        await client.query(
          `INSERT INTO notification_deliveries (notification_id, channel, address, state)
           SELECT notification_id, channel, address, state
             FROM jsonb_to_recordset($1::jsonb)
                  AS r(notification_id uuid, channel text, address text, state text)
           ON CONFLICT (notification_id, channel, address) DO NOTHING`,
          [toJsonRecordset(rows, ['notificationId', 'channel', 'address', 'state'])],
        );
      }
      if (planned.length > 0) {
        await client.query('UPDATE notifications SET planned_at = now() WHERE id = ANY($1::uuid[])', [
          planned.map(({ notification }) => notification.id),
        ]);
      }
      return planned;
    });
  }

  /** Claims up to `limit` deliveries that are due (or whose lease ran out) for `leaseMs`. */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const result = await this.pool.query(
      `WITH due AS (
         SELECT id FROM notification_deliveries
          WHERE (state = 'pending' AND next_attempt_at <= now())
             OR (state = 'sending' AND lease_until < now())
          ORDER BY next_attempt_at
          LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE notification_deliveries d
          SET state = 'sending', attempts = d.attempts + 1, updated_at = now(),
              lease_until = now() + make_interval(secs => $2::double precision / 1000)
         FROM due, notifications n
        WHERE d.id = due.id AND n.id = d.notification_id
       RETURNING d.*, n.event`,
      [limit, leaseMs],
    );
    return result.rows.map((row) => fromRow<ClaimedDelivery>(row));
  }

  /** True when this claim was still ours and is now delivered. */
  async markDelivered(claim: Pick<ClaimedDelivery, 'id' | 'attempts'>): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notification_deliveries
          SET state = 'delivered', delivered_at = now(), lease_until = NULL, last_error = NULL, updated_at = now()
        WHERE id = $1 AND state = 'sending' AND attempts = $2`,
      [claim.id, claim.attempts],
    );
    return result.rowCount === 1;
  }

  /** A failed attempt: pending again after `retryInMs`, or failed for good when it is null. */
  async markAttemptFailed(
    claim: Pick<ClaimedDelivery, 'id' | 'attempts'>,
    error: string,
    retryInMs: number | null,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notification_deliveries
          SET state = CASE WHEN $3::double precision IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = now() + make_interval(secs => coalesce($3::double precision, 0) / 1000),
              lease_until = NULL, last_error = $4, updated_at = now()
        WHERE id = $1 AND state = 'sending' AND attempts = $2`,
      [claim.id, claim.attempts, retryInMs, error.slice(0, LAST_ERROR_MAX)],
    );
    return result.rowCount === 1;
  }
}
