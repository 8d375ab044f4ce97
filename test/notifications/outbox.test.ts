/**
 * The outbox under crashes and concurrency, on a real PostgreSQL: a change that rolls back leaves
 * no notification; one committed before the process died is delivered by a fresh worker (also
 * when the dead worker had already claimed it); two workers on one database deliver each
 * notification exactly once.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/app/notifications.ts';
import { loadConfig } from '../../src/config.ts';
import { registeredEvent } from '../../src/domain/notifications/index.ts';
import type { PromotionLog } from '../../src/domain/promotion.ts';
import { createNotificationWorker } from '../../src/notifications/index.ts';
import { NotificationOutbox } from '../../src/store/notification-outbox.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { useTestRepositories } from '../helpers/test-store.ts';
import { passUntil, startWebhookReceiver, type WebhookReceiver } from './receivers.ts';

const store = useTestRepositories();
const SECRET = 'outbox-test-secret-0123456789';
let receiver: WebhookReceiver;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await receiver?.close();
});
beforeEach(async () => {
  await store.db.pool.query('TRUNCATE notifications CASCADE');
  receiver.requests.length = 0;
});

/** A new pool on the same database: what a restarted or second process has. */
function anotherProcessPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: store.db.url, max: 4 });
  pool.on('error', () => undefined);
  pools.push(pool);
  return pool;
}

function workerOn(pool: pg.Pool) {
  const config = loadConfig({
    PROMO_WEBHOOK_URLS: receiver.url,
    PROMO_WEBHOOK_SECRET: SECRET,
    PROMO_NOTIFY_POLL_MS: '5',
  });
  return createNotificationWorker(config.notifications, {
    pool,
    apiTokens: createRepositories(pool).apiTokens,
    consoleUrl: 'http://127.0.0.1:8080',
    log: { info() {}, warn() {} },
    concurrency: 8,
  });
}

async function promotion(promotionId: string): Promise<PromotionLog> {
  return store.repos.promotions.create({
    promotionId,
    devAccountId: 'dev-1',
    prodAccountId: 'prod-1',
    devPackageId: 'pkg-1',
    prodComponentId: 'comp-1',
    branchId: 'branch-1',
    initiatedBy: 'dev.one@acme.example',
    initiatedAt: '2025-03-01T09:00:00.000Z',
    status: 'COMPLETED',
    targetEnvironment: 'PRODUCTION',
  });
}

/** Puts the promotion into peer review and announces it, in one transaction. */
function enterReview(record: PromotionLog, fail?: Error) {
  return store.repos.withTransaction(async (tx) => {
    const updated = await tx.promotions.update(
      record.promotionId,
      { peerReviewStatus: 'PENDING_PEER_REVIEW' },
      record.rowVersion,
    );
    await enqueueNotification(tx, registeredEvent(record, updated!, record.initiatedBy));
    if (fail) throw fail;
  });
}

const deliveredCount = async () =>
  Number(
    (await store.db.pool.query(`SELECT count(*) FROM notification_deliveries WHERE state = 'delivered'`))
      .rows[0].count,
  );

describe('crash safety', () => {
  it('a state change that rolls back writes no notification', async () => {
    const record = await promotion('P-rollback');
    await expect(enterReview(record, new Error('the process died before COMMIT'))).rejects.toThrow('died');
    expect((await store.repos.promotions.get('P-rollback'))?.peerReviewStatus).toBeNull();
    expect((await store.repos.notifications.list()).items).toEqual([]);
  });

  it('a notification committed before the process died is delivered by a fresh worker', async () => {
    const record = await promotion('P-committed');
    await enterReview(record);
    // The process that committed it is gone; a new one starts with its own pool and worker.
    const fresh = workerOn(anotherProcessPool());
    await passUntil(
      () => fresh.runOnce(),
      async () => (await deliveredCount()) === 1,
    );
    await fresh.stop();
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
      type: 'promotion.registered',
      promotion: { promotionId: 'P-committed' },
    });
  });

  it('a delivery claimed by a worker that died mid-send is delivered by another once the lease ends', async () => {
    const record = await promotion('P-claimed');
    await enterReview(record);
    await passUntil(
      () =>
        new NotificationOutbox(store.db.pool).planNew(10, () => [
          { channel: 'webhook', address: receiver.url, state: 'pending' },
        ]),
      async () => (await store.repos.notifications.list()).items[0]?.plannedAt !== null,
    );
    // A worker in another process plans and claims the delivery, then dies before sending it.
    expect(await new NotificationOutbox(anotherProcessPool()).claimDue(10, 50)).toHaveLength(1);

    const fresh = workerOn(anotherProcessPool());
    await passUntil(
      () => fresh.runOnce(),
      async () => (await deliveredCount()) === 1,
    );
    await fresh.stop();
    expect(receiver.requests).toHaveLength(1);
    const [notification] = (await store.repos.notifications.list()).items;
    expect(notification!.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  });
});

describe('several workers', () => {
  it('two workers on one database deliver each notification exactly once', async () => {
    const count = 120;
    for (let i = 0; i < count; i++) await enterReview(await promotion(`P-two-${i}`));
    const first = workerOn(anotherProcessPool());
    const second = workerOn(anotherProcessPool());
    first.start();
    second.start();
    try {
      await passUntil(
        () => new Promise((resolve) => setTimeout(resolve, 20)),
        async () => (await deliveredCount()) === count,
        2_000,
      );
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    const ids = receiver.requests.map((r) => r.headers['promo-notification-id']);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    const attempts = await store.db.pool.query('SELECT DISTINCT attempts FROM notification_deliveries');
    expect(attempts.rows).toEqual([{ attempts: 1 }]);
  });
});
