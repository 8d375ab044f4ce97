/**
 * Webhook delivery: POST the JSON body, signed (webhook-signature.ts), with the stable id in
 * `Promo-Notification-Id` and in the body's `id`, within a timeout. A 2xx answer is delivered;
 * anything else (another status, a redirect, a timeout, a refused connection) is a failed attempt.
 */
import { renderWebhook, type NotificationEvent } from '../domain/notifications/index.ts';
import { signatureHeader } from './webhook-signature.ts';

export interface WebhookChannelOptions {
  secret: string;
  timeoutMs: number;
  consoleUrl: string;
}

export interface WebhookDelivery {
  notificationId: string;
  url: string;
  event: NotificationEvent;
  attempt: number;
}

export function createWebhookChannel(options: WebhookChannelOptions) {
  return async function sendWebhook(delivery: WebhookDelivery): Promise<void> {
    const body = JSON.stringify(renderWebhook(delivery.notificationId, delivery.event, options.consoleUrl));
    const response = await post(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'promo-notifications',
        'promo-notification-id': delivery.notificationId,
        'promo-event': delivery.event.type,
        'promo-delivery-attempt': String(delivery.attempt),
        'promo-signature': signatureHeader(options.secret, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // The body is not used; reading it frees the connection for reuse.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) {
      throw new Error(`Webhook answered HTTP ${response.status}`);
    }
  };
}

/** fetch's own message is only "fetch failed": say why (the URL stays out, it may carry a secret). */
async function post(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? 'no answer in time'
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new Error(`Webhook not reachable: ${reason}`);
  }
}

export type WebhookSender = ReturnType<typeof createWebhookChannel>;
