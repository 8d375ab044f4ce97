/**
 * Spec §13 delivery, with real receivers on loopback: an SMTP server in the test process and an
 * HTTP webhook receiver. Every event reaches exactly its recipients with its subject, once; the
 * webhook signature verifies; a receiver that is down for a while gets it when it is back; one that
 * always fails ends `failed`, visible (and retryable) through the API, while the business action
 * it announces stands. The worker is driven pass by pass, so no timing decides an outcome.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/app/notifications.ts';
import { loadConfig } from '../../src/config.ts';
import {
  deniedEvent,
  peerReviewedEvent,
  registeredEvent,
  rolledBackEvent,
  runEndedEvent,
  withdrawnEvent,
  type NotificationEvent,
  type NotificationEventType,
} from '../../src/domain/notifications/index.ts';
import type { PromotionLog } from '../../src/domain/promotion.ts';
import { createNotificationWorker, verifySignature } from '../../src/notifications/index.ts';
import type { NotificationWorker } from '../../src/notifications/worker.ts';
import { startHarness, USERS, type Harness } from '../http/harness.ts';
import {
  passUntil,
  startMailSink,
  startWebhookReceiver,
  type MailSink,
  type WebhookReceiver,
} from './receivers.ts';

const SECRET = 'test-webhook-secret-0123456789';
const ADMINS = ['admin.one@acme.example', 'admin.two@acme.example'];
const REVIEWERS = ['reviewer.one@acme.example'];
const INITIATOR = 'dev.one@acme.example';
const PEER = 'peer.reviewer@acme.example';
const silent = { info() {}, warn() {} };

let h: Harness;
let sink: MailSink;
let receiver: WebhookReceiver;

beforeAll(async () => {
  h = await startHarness();
  sink = await startMailSink();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await sink?.close();
  await h?.close();
});
beforeEach(async () => {
  await h.db.pool.query('TRUNCATE notifications CASCADE');
  sink.mails.length = 0;
  receiver.requests.length = 0;
  receiver.answer = () => 200;
});

function worker(env: Record<string, string> = {}): NotificationWorker {
  const config = loadConfig({
    PROMO_SMTP_URL: sink.url.replace('smtp://', 'smtp://user:secret@'),
    PROMO_MAIL_FROM: 'Promo <promo@acme.example>',
    PROMO_WEBHOOK_URLS: receiver.url,
    PROMO_WEBHOOK_SECRET: SECRET,
    PROMO_CONSOLE_URL: 'https://promo.acme.example',
    PROMO_NOTIFY_RETRY_BASE_MS: '1',
    PROMO_NOTIFY_RETRY_MAX_MS: '5',
    PROMO_NOTIFY_MAX_ATTEMPTS: '4',
    ...env,
  });
  return createNotificationWorker(config.notifications, {
    pool: h.db.pool,
    apiTokens: h.repositories.apiTokens,
    consoleUrl: 'http://unused.example',
    log: silent,
  });
}

async function notificationStates(): Promise<string[]> {
  return (await h.repositories.notifications.list({}, { limit: 200 })).items.map((n) => n.state);
}

const allSettled = async () => (await notificationStates()).every((state) => state !== 'pending');

function promotionRecord(): PromotionLog {
  const at = '2025-03-01T09:00:00.000Z';
  return {
    promotionId: 'P-<1>',
    devAccountId: 'dev-1',
    prodAccountId: h.accountId,
    devPackageId: 'pkg-1',
    prodPackageId: null,
    prodComponentId: 'comp-1',
    packageVersion: '2.0.0',
    initiatedBy: INITIATOR,
    initiatedAt: at,
    status: 'COMPLETED',
    componentsTotal: 3,
    componentsCreated: 3,
    componentsUpdated: 0,
    componentsFailed: 0,
    errorMessage: null,
    resultDetail: null,
    peerReviewStatus: 'PEER_APPROVED',
    peerReviewedBy: PEER,
    peerReviewedAt: at,
    peerReviewComments: '<b>ok</b> & "fine"',
    adminReviewStatus: null,
    adminApprovedBy: null,
    adminApprovedAt: null,
    adminComments: 'Not <now>',
    branchId: null,
    branchName: 'promo-1',
    integrationPackId: null,
    integrationPackName: null,
    processName: 'Order Intake',
    targetEnvironment: 'PRODUCTION',
    isHotfix: 'true',
    hotfixJustification: 'Orders lost since <02:00>',
    testPromotionId: null,
    testDeployedAt: null,
    testIntegrationPackId: null,
    testIntegrationPackName: null,
    promotedFromTestBy: null,
    withdrawnAt: at,
    withdrawalReason: 'Superseded',
    branchCleanupPending: false,
    promotedToProductionAt: null,
    productionPromotionId: null,
    testDeployedEnvironmentCount: null,
    rolledBackAt: null,
    rolledBackBy: null,
    rollbackReason: null,
    createdAt: at,
    updatedAt: at,
    rowVersion: 3,
  };
}

/** Every event of §13 on one promotion, with the recipients and subject the spec gives it. */
function everyEvent(): { event: NotificationEvent; to: string[]; subject: string }[] {
  const record = promotionRecord();
  const environments = [
    { environmentId: 'env-1', environmentName: 'Production', status: 'DEPLOYED' as const },
  ];
  const run = (runId: string, mode: 'TEST' | 'PRODUCTION_FROM_TEST' | 'PRODUCTION_HOTFIX', failed = false) =>
    runEndedEvent(
      record,
      {
        runId,
        actor: 'admin.one@acme.example',
        mode,
        failed,
        errorCode: failed ? 'MERGE_FAILED' : null,
        environments,
      },
      '2025-03-02T10:00:00.000Z',
    )!;
  const what = 'promotion P-<1> (Order Intake 2.0.0)';
  const reviewEvent = (status: 'PEER_APPROVED' | 'PEER_REJECTED') =>
    peerReviewedEvent({ ...record, peerReviewStatus: status }, PEER)!;
  return [
    {
      event: registeredEvent(null, { ...record, peerReviewStatus: 'PENDING_PEER_REVIEW' }, INITIATOR)!,
      to: REVIEWERS,
      subject: `Review needed: ${what}`,
    },
    { event: reviewEvent('PEER_APPROVED'), to: [...ADMINS, INITIATOR], subject: `Peer approved: ${what}` },
    { event: reviewEvent('PEER_REJECTED'), to: [INITIATOR], subject: `Peer rejected: ${what}` },
    {
      event: deniedEvent(record, 'admin.one@acme.example'),
      to: [INITIATOR, PEER],
      subject: `Denied: ${what}`,
    },
    { event: run('run-test', 'TEST'), to: [INITIATOR], subject: `Deployed to test: ${what}` },
    {
      event: run('run-prod', 'PRODUCTION_FROM_TEST'),
      to: [INITIATOR, PEER],
      subject: `Deployed to production: ${what}`,
    },
    {
      event: run('run-hotfix', 'PRODUCTION_HOTFIX'),
      to: [...ADMINS, INITIATOR, PEER],
      subject: `EMERGENCY HOTFIX deployed to production: ${what}`,
    },
    {
      event: run('run-failed', 'TEST', true),
      to: [...ADMINS, INITIATOR],
      subject: `Run failed: ${what} (MERGE_FAILED)`,
    },
    { event: withdrawnEvent(record, INITIATOR), to: REVIEWERS, subject: `Withdrawn: ${what}` },
    {
      event: rolledBackEvent(
        record,
        { runId: 'rollback-1', actor: 'admin.two@acme.example', reason: 'Broke invoicing', environments },
        '2025-03-03T10:00:00.000Z',
      ),
      to: [...ADMINS, INITIATOR],
      subject: `Rolled back: ${what}`,
    },
  ];
}

describe('delivery to the right people, once', () => {
  it('every event of §13 reaches exactly its recipients with its subject, once, by email and webhook', async () => {
    const cases = everyEvent();
    const ids = new Map<NotificationEventType, string>();
    for (const { event } of cases) {
      ids.set(event.type, (await h.repositories.withTransaction((tx) => enqueueNotification(tx, event)))!);
    }
    const w = worker({ PROMO_NOTIFY_ROLE_ADDRESSES: JSON.stringify({ admin: ADMINS, reviewer: REVIEWERS }) });
    await passUntil(() => w.runOnce(), allSettled);
    await w.stop();

    expect(await notificationStates()).toEqual(cases.map(() => 'delivered'));
    for (const { event, to, subject } of cases) {
      const mails = sink.mails.filter((m) => m.event === event.type);
      expect(mails.map((m) => m.to).sort(), event.type).toEqual(to.map((address) => [address]).sort());
      expect(new Set(mails.map((m) => m.subject)), event.type).toEqual(new Set([subject]));
      expect(new Set(mails.map((m) => m.notificationId))).toEqual(new Set([ids.get(event.type)]));
    }
    expect(sink.mails).toHaveLength(cases.reduce((sum, c) => sum + c.to.length, 0));
    expect(new Set(sink.mails.map((m) => m.messageId)).size).toBe(sink.mails.length);

    expect(receiver.requests).toHaveLength(cases.length);
    for (const request of receiver.requests) {
      expect(verifySignature(SECRET, request.headers['promo-signature'] as string, request.body)).toBe(true);
      expect(
        verifySignature(
          'another-secret-of-some-length',
          request.headers['promo-signature'] as string,
          request.body,
        ),
      ).toBe(false);
      const body = JSON.parse(request.body) as { id: string; type: NotificationEventType; link: string };
      expect(body.id).toBe(ids.get(body.type));
      expect(request.headers['promo-notification-id']).toBe(body.id);
      expect(body.link).toBe('https://promo.acme.example/promotions/P-%3C1%3E');
    }
  });

  it('a hotfix is flagged EMERGENCY HOTFIX with its justification; what people wrote is escaped', async () => {
    const cases = everyEvent();
    for (const { event } of cases)
      await h.repositories.withTransaction((tx) => enqueueNotification(tx, event));
    const w = worker({ PROMO_NOTIFY_ROLE_ADDRESSES: JSON.stringify({ admin: ADMINS, reviewer: REVIEWERS }) });
    await passUntil(() => w.runOnce(), allSettled);
    await w.stop();

    const hotfixMail = sink.mails.find((m) => m.event === 'deployment.hotfix_deployed')!;
    expect(hotfixMail.text).toContain('*** EMERGENCY HOTFIX ***');
    expect(hotfixMail.text).toContain('Justification: Orders lost since <02:00>');
    expect(hotfixMail.html).toContain('EMERGENCY HOTFIX');
    expect(hotfixMail.html).toContain('Orders lost since &lt;02:00&gt;');
    expect(hotfixMail.html).not.toContain('<02:00>');
    const approvedMail = sink.mails.find((m) => m.event === 'promotion.peer_approved')!;
    expect(approvedMail.html).toContain('&lt;b&gt;ok&lt;/b&gt; &amp; &quot;fine&quot;');

    const hotfixHook = receiver.requests
      .map(
        (r) => JSON.parse(r.body) as { type: string; emergencyHotfix: boolean; text: string; detail: object },
      )
      .find((b) => b.type === 'deployment.hotfix_deployed')!;
    expect(hotfixHook.emergencyHotfix).toBe(true);
    expect(hotfixHook.text).toMatch(/^\*EMERGENCY HOTFIX\* /);
    expect(hotfixHook.detail).toMatchObject({ hotfixJustification: 'Orders lost since <02:00>' });
    // Slack's escaping: a promotion id or comment cannot become a mention or a link.
    expect(hotfixHook.text).toContain('P-&lt;1&gt;');
  });
});

describe('receivers that fail', () => {
  it('a receiver down for a while gets the notification once it is back', async () => {
    let refusals = 3;
    receiver.answer = () => (refusals-- > 0 ? 503 : 200);
    const [registered] = everyEvent();
    await h.repositories.withTransaction((tx) => enqueueNotification(tx, registered!.event));
    const w = worker({ PROMO_NOTIFY_MAX_ATTEMPTS: '10' });
    await passUntil(() => w.runOnce(), allSettled);
    await w.stop();

    expect(receiver.requests.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(receiver.requests.map((r) => r.headers['promo-delivery-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(new Set(receiver.requests.map((r) => r.headers['promo-notification-id'])).size).toBe(1);
    const [notification] = (await h.repositories.notifications.list()).items;
    const webhook = notification!.deliveries.find((d) => d.channel === 'webhook')!;
    expect(webhook).toMatchObject({ state: 'delivered', attempts: 4, lastError: null });
  });

  it('one that always fails ends failed and visible, the registration it announces stands, and a retry sends it', async () => {
    receiver.answer = () => 500;
    const registration = await h.as('promoter', {
      method: 'POST',
      url: '/api/v1/promotions',
      payload: {
        promotionId: 'P-fail-1',
        devAccountId: 'dev-1',
        prodAccountId: h.accountId,
        devPackageId: 'pkg-1',
        prodComponentId: 'comp-1',
        branchId: 'branch-1',
        processName: 'Order Intake',
        status: 'COMPLETED',
        targetEnvironment: 'PRODUCTION',
      },
    });
    expect(registration.statusCode).toBe(201);
    // No role setting: reviewers are reached through their API tokens.
    const w = worker({ PROMO_NOTIFY_MAX_ATTEMPTS: '3' });
    await passUntil(() => w.runOnce(), allSettled);

    const listed = await h.as('admin', { method: 'GET', url: '/api/v1/notifications?state=failed' });
    expect(listed.statusCode).toBe(200);
    const [notification] = listed.json().items;
    expect(notification).toMatchObject({
      eventType: 'promotion.registered',
      promotionId: 'P-fail-1',
      state: 'failed',
    });
    expect(notification.deliveries).toEqual([
      expect.objectContaining({
        channel: 'email',
        recipient: USERS.reviewer.email,
        state: 'delivered',
        attempts: 1,
      }),
      expect.objectContaining({
        channel: 'webhook',
        recipient: `${new URL(receiver.url).origin}/…`,
        state: 'failed',
        attempts: 3,
        lastError: 'Webhook answered HTTP 500',
      }),
    ]);
    expect(JSON.stringify(listed.json())).not.toContain('promo-secret-path');
    expect(receiver.requests).toHaveLength(3);
    const promotion = await h.as('viewer', { method: 'GET', url: '/api/v1/promotions/P-fail-1' });
    expect(promotion.json()).toMatchObject({ status: 'COMPLETED', peerReviewStatus: 'PENDING_PEER_REVIEW' });

    expect(
      (await h.as('reviewer', { method: 'POST', url: `/api/v1/notifications/${notification.id}/retry` }))
        .statusCode,
    ).toBe(403);
    receiver.answer = () => 200;
    const retried = await h.as('admin', {
      method: 'POST',
      url: `/api/v1/notifications/${notification.id}/retry`,
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'pending' });
    await passUntil(() => w.runOnce(), allSettled);
    await w.stop();
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(sink.mails).toHaveLength(1);
    const again = await h.as('admin', {
      method: 'POST',
      url: `/api/v1/notifications/${notification.id}/retry`,
    });
    expect(again.json()).toMatchObject({ success: false, errorCode: 'NOTIFICATION_NOT_RETRYABLE' });
  });
});

describe('without an SMTP server', () => {
  it('emails are kept for the inbox and logged once per notification; webhooks still go out', async () => {
    const lines: { details: object; message: string }[] = [];
    const config = loadConfig({
      PROMO_WEBHOOK_URLS: receiver.url,
      PROMO_WEBHOOK_SECRET: SECRET,
    }).notifications;
    const w = createNotificationWorker(config, {
      pool: h.db.pool,
      apiTokens: h.repositories.apiTokens,
      consoleUrl: 'http://127.0.0.1:8080',
      log: { info: (details, message) => lines.push({ details, message }), warn() {} },
    });
    const [registered] = everyEvent();
    await h.repositories.withTransaction((tx) => enqueueNotification(tx, registered!.event));
    await passUntil(() => w.runOnce(), allSettled);
    await w.stop();

    const [notification] = (await h.repositories.notifications.list()).items;
    expect(notification!.deliveries.map((d) => `${d.channel} ${d.state}`)).toEqual([
      'email kept',
      'webhook delivered',
    ]);
    expect(lines).toEqual([
      {
        details: expect.objectContaining({ event: 'promotion.registered', to: [USERS.reviewer.email] }),
        message: 'Notification: Review needed: promotion P-<1> (Order Intake 2.0.0)',
      },
    ]);
    expect(sink.mails).toEqual([]);
  });
});
