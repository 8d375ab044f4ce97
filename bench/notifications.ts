/**
 * Notifications benchmark (not a test): run with `node --import tsx bench/notifications.ts`.
 * 1. Delivery throughput: 10,000 queued notifications sent by the delivery worker to a local
 *    webhook receiver (signed, one claim per batch, one outcome update per delivery), against a
 *    baseline measured in the same run: the same number of POSTs sent straight to the receiver
 *    at the same concurrency, with no outbox at all.
 * 2. What the outbox adds to a state change: a PromotionLog update in a transaction with its
 *    notification row, against the same update without it (alternated, medians).
 * Prints figures, then ratio lines last.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { enqueueNotification } from '../src/app/notifications.ts';
import { loadConfig } from '../src/config.ts';
import { registeredEvent } from '../src/domain/notifications/index.ts';
import { createNotificationWorker } from '../src/notifications/index.ts';
import { openDatabase } from '../src/store/database.ts';
import { createRepositories } from '../src/store/repositories/index.ts';
import { BenchReport, ms, percentile } from './support/report.ts';

const QUEUED = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
const CONCURRENCY = 16;
const STATE_CHANGES = Number(process.env.BENCH_STATE_CHANGES ?? 400);
const SECRET = 'bench-webhook-secret-0123456789';

const report = new BenchReport('notifications', {
  queued: QUEUED,
  concurrency: CONCURRENCY,
  stateChanges: STATE_CHANGES,
});

// A receiver that accepts everything at once: the figure is the sender's cost.
let received = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received += 1;
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const dataDir = await mkdtemp(path.join(tmpdir(), 'promo-bench-notifications-'));
const db = await openDatabase({ dataDir });
try {
  const repos = createRepositories(db.pool);
  const record = await repos.promotions.create({
    promotionId: 'P-bench',
    devAccountId: 'dev-1',
    prodAccountId: 'prod-1',
    devPackageId: 'pkg-1',
    prodComponentId: 'comp-1',
    branchId: 'branch-1',
    initiatedBy: 'dev.one@acme.example',
    initiatedAt: new Date().toISOString(),
    status: 'COMPLETED',
    targetEnvironment: 'PRODUCTION',
    peerReviewStatus: 'PENDING_PEER_REVIEW',
  });
  const event = registeredEvent(null, record, record.initiatedBy)!;

  // Baseline: the same POSTs straight to the receiver, CONCURRENCY at a time.
  const body = JSON.stringify({ id: 'x', type: event.type, promotion: event.promotion, text: 'x' });
  const direct = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < QUEUED) {
        const response = await fetch(receiverUrl, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        await response.arrayBuffer();
      }
    }),
  );
  const directMs = performance.now() - direct;
  const directRate = (QUEUED / directMs) * 1000;
  report.figure(
    'directPostsPerSecond',
    Math.round(directRate),
    `baseline: ${QUEUED} direct POSTs in ${ms(directMs)} → ${directRate.toFixed(0)}/s`,
  );

  // The queue: QUEUED notifications committed (as state changes would have), none delivered yet.
  await db.pool.query(
    `INSERT INTO notifications (dedupe_key, event_type, promotion_id, subject, event)
     SELECT 'bench:' || n, $1, $2, 'Review needed', $3::jsonb FROM generate_series(1, $4) AS n`,
    [event.type, event.promotion.promotionId, JSON.stringify(event), QUEUED],
  );
  received = 0;
  const config = loadConfig({
    PROMO_WEBHOOK_URLS: receiverUrl,
    PROMO_WEBHOOK_SECRET: SECRET,
    PROMO_NOTIFY_POLL_MS: '10',
  }).notifications;
  const worker = createNotificationWorker(config, {
    pool: db.pool,
    apiTokens: repos.apiTokens,
    consoleUrl: 'http://127.0.0.1:8080',
    log: { info() {}, warn: (details, message) => console.warn(message, details) },
    concurrency: CONCURRENCY,
  });
  const started = performance.now();
  worker.start();
  while (received < QUEUED) await new Promise((resolve) => setTimeout(resolve, 20));
  await worker.stop();
  const outboxMs = performance.now() - started;
  const delivered = Number(
    (await db.pool.query(`SELECT count(*) FROM notification_deliveries WHERE state = 'delivered'`)).rows[0]
      .count,
  );
  const outboxRate = (QUEUED / outboxMs) * 1000;
  report.figure(
    'outboxDeliveriesPerSecond',
    Math.round(outboxRate),
    `outbox: ${QUEUED} notifications delivered in ${ms(outboxMs)} → ${outboxRate.toFixed(0)}/s (${delivered} marked delivered, ${received} received)`,
  );

  // State change with and without its outbox row, alternated so drift hits both alike.
  let current = (await repos.promotions.get('P-bench'))!;
  const plain: number[] = [];
  const withOutbox: number[] = [];
  for (let i = 0; i < STATE_CHANGES; i++) {
    const withRow = i % 2 === 1;
    const t0 = performance.now();
    current = await repos.withTransaction(async (tx) => {
      const updated = (await tx.promotions.update(
        'P-bench',
        { resultDetail: `change ${i}` },
        current.rowVersion,
      ))!;
      if (withRow) await enqueueNotification(tx, { ...event, key: `bench-change:${i}` });
      return updated;
    });
    (withRow ? withOutbox : plain).push(performance.now() - t0);
  }
  const plainMedian = percentile(plain, 50);
  const outboxMedian = percentile(withOutbox, 50);
  report.figure(
    'stateChangeMedianMs',
    { plain: plainMedian, withOutbox: outboxMedian },
    `state change median: ${ms(plainMedian, 2)} without the outbox row, ${ms(outboxMedian, 2)} with it (p99 ${ms(percentile(plain, 99), 2)} / ${ms(percentile(withOutbox, 99), 2)})`,
  );

  report.ratio('outbox delivery throughput ÷ direct POSTs (same run)', outboxRate / directRate, {
    atLeast: 0.25,
  });
  report.ratio('notifications delivered per second', outboxRate, { atLeast: 200 });
  report.ratio('state change with outbox row ÷ without (median)', outboxMedian / plainMedian, {
    atMost: 1.5,
  });
  report.ratio('extra time per state change from the outbox row, ms (median)', outboxMedian - plainMedian, {
    atMost: 1,
  });
  await report.finish();
} finally {
  await db.close();
  receiver.close();
  await rm(dataDir, { recursive: true, force: true });
}
