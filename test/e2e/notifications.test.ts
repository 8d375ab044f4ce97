/**
 * Notifications in the real service (a child process in sandbox mode): the delivery worker starts
 * with it, a peer approval reaches the admins and the initiator by email (a real SMTP server in the
 * test process) and a signed webhook (a real receiver on loopback) with a link to the service; the
 * CLI lists it; the service stops cleanly, and its output holds none of the notification secrets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/notifications/index.ts';
import {
  passUntil,
  startMailSink,
  startWebhookReceiver,
  type MailSink,
  type WebhookReceiver,
} from '../notifications/receivers.ts';
import { runCli } from './support/cli.ts';
import { apiAs } from './support/http.ts';
import { startServer, type RunningServer } from './support/server.ts';

const SECRET = 'e2e-webhook-secret-0123456789';
let server: RunningServer;
let sink: MailSink;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sink = await startMailSink();
  receiver = await startWebhookReceiver();
  server = await startServer({
    env: {
      PROMO_SMTP_URL: sink.url.replace('smtp://', 'smtp://user:secret@'),
      PROMO_MAIL_FROM: 'Promo <promo@acme.example>',
      PROMO_WEBHOOK_URLS: receiver.url,
      PROMO_WEBHOOK_SECRET: SECRET,
      PROMO_NOTIFY_POLL_MS: '50',
    },
  });
});
afterAll(async () => {
  await server?.dispose();
  await receiver?.close();
  await sink?.close();
});

describe('notifications in the running service', () => {
  it('a peer approval reaches the admins and the initiator by email and webhook; the CLI lists it', async () => {
    const reviewer = apiAs(server.url, server.tokens['reviewer@example.com']);
    const queue = await reviewer('GET', '/promotions?reviewStage=PENDING_PEER_REVIEW');
    const promotion = queue.body.items.find(
      (p: { initiatedBy: string }) => p.initiatedBy !== 'reviewer@example.com',
    );
    const review = await reviewer('POST', `/promotions/${promotion.promotionId}/peer-review`, {
      body: { decision: 'APPROVED', comments: 'Checked the mappings' },
    });
    expect(review.status).toBe(200);

    await passUntil(
      () => new Promise((resolve) => setTimeout(resolve, 50)),
      () => receiver.requests.length >= 1 && sink.mails.length >= 3,
      1_200,
    );
    expect(sink.mails.map((m) => m.to[0]).sort()).toEqual(
      ['admin2@example.com', 'admin@example.com', promotion.initiatedBy.toLowerCase()].sort(),
    );
    expect(new Set(sink.mails.map((m) => m.subject))).toEqual(
      new Set([expect.stringMatching(new RegExp(`^Peer approved: promotion ${promotion.promotionId}`))]),
    );
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(verifySignature(SECRET, request!.headers['promo-signature'] as string, request!.body)).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({
      type: 'promotion.peer_approved',
      link: `${server.url}/promotions/${encodeURIComponent(promotion.promotionId)}`,
    });

    const listed = await runCli(server, ['notifications', 'list', '--json'], {
      PROMO_TOKEN: server.tokens['admin@example.com']!,
    });
    expect(listed.code).toBe(0);
    const [notification] = JSON.parse(listed.stdout).items;
    expect(notification).toMatchObject({ eventType: 'promotion.peer_approved', state: 'delivered' });
    const table = await runCli(server, ['notifications', 'list'], {
      PROMO_TOKEN: server.tokens['admin@example.com']!,
    });
    expect(table.stdout).toContain(notification.id);
    const retry = await runCli(server, ['notifications', 'retry', notification.id], {
      PROMO_TOKEN: server.tokens['admin@example.com']!,
    });
    expect(retry.code).not.toBe(0);
    expect(retry.stderr).toContain('NOTIFICATION_NOT_RETRYABLE');
  });

  it('stops cleanly, and nothing it printed holds the SMTP password, the webhook secret or URL path', async () => {
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    const output = server.stdout() + server.stderr();
    expect(output).toContain('promo is ready');
    for (const secret of [SECRET, 'user:secret', 'promo-secret-path']) expect(output).not.toContain(secret);
  });
});
