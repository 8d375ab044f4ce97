/**
 * Several writes in one PostgreSQL transaction: the repositories that must commit together (a
 * PromotionLog change, the notification announcing it, its audit entry) bound to one client.
 *
 *   await repos.withTransaction(async (tx) => {
 *     const updated = await tx.promotions.update(id, patch, rowVersion);
 *     await enqueueNotification(tx, withdrawnEvent(updated!, caller.email));
 *   });
 *
 * A throw anywhere rolls everything back: no notification for a change that did not happen.
 */
import type { Pool } from 'pg';
import { AuditLogRepository } from './repositories/audit-log.ts';
import { NotificationsRepository } from './repositories/notifications.ts';
import { PromotionsRepository } from './repositories/promotions.ts';
import { type Queryable, withTransaction } from './sql.ts';

export interface TransactionRepositories {
  promotions: PromotionsRepository;
  notifications: NotificationsRepository;
  auditLog: AuditLogRepository;
}

export type TransactionRunner = <T>(work: (tx: TransactionRepositories) => Promise<T>) => Promise<T>;

export function transactionRepositories(db: Queryable): TransactionRepositories {
  return {
    promotions: new PromotionsRepository(db),
    notifications: new NotificationsRepository(db),
    auditLog: new AuditLogRepository(db),
  };
}

export function transactionRunner(pool: Pool): TransactionRunner {
  return (work) => withTransaction(pool, (client) => work(transactionRepositories(client)));
}
