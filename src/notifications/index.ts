/**
 * Builds the delivery worker from the configuration (spec §13): SMTP when PROMO_SMTP_URL is set
 * (otherwise emails are kept and logged), signed webhooks to PROMO_WEBHOOK_URLS, recipients from
 * the role → addresses setting or the API tokens.
 */
import type { Pool } from 'pg';
import type { NotificationConfig } from '../config.ts';
import { NotificationOutbox } from '../store/notification-outbox.ts';
import type { ApiTokensRepository } from '../store/repositories/index.ts';
import { createEmailChannel } from './email-channel.ts';
import { createRecipientDirectory } from './recipient-directory.ts';
import { createWebhookChannel } from './webhook-channel.ts';
import { NotificationWorker, type WorkerLog } from './worker.ts';

export { NotificationWorker } from './worker.ts';
export { verifySignature } from './webhook-signature.ts';

export interface NotificationWorkerDeps {
  pool: Pool;
  apiTokens: Pick<ApiTokensRepository, 'activeEmailsWithRole'>;
  /** Where links point: PROMO_CONSOLE_URL, else the service's own URL. */
  consoleUrl: string;
  log: WorkerLog;
  /** Tests and the bench tune these; production keeps the defaults. */
  concurrency?: number;
  leaseMs?: number;
}

export function createNotificationWorker(
  config: NotificationConfig,
  deps: NotificationWorkerDeps,
): NotificationWorker {
  const consoleUrl = config.consoleUrl ?? deps.consoleUrl;
  return new NotificationWorker({
    outbox: new NotificationOutbox(deps.pool),
    directory: createRecipientDirectory(config.roleAddresses, deps.apiTokens),
    email: config.smtpUrl
      ? createEmailChannel({
          smtpUrl: config.smtpUrl,
          from: config.mailFrom,
          consoleUrl,
          timeoutMs: config.webhookTimeoutMs,
        })
      : null,
    webhookUrls: config.webhookUrls,
    webhook: config.webhookSecret
      ? createWebhookChannel({ secret: config.webhookSecret, timeoutMs: config.webhookTimeoutMs, consoleUrl })
      : null,
    backoff: {
      maxAttempts: config.maxAttempts,
      baseDelayMs: config.retryBaseMs,
      maxDelayMs: config.retryMaxMs,
    },
    pollIntervalMs: config.pollIntervalMs,
    log: deps.log,
    ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
    // A claim must outlast one send (the timeout) with room to spare.
    leaseMs: deps.leaseMs ?? Math.max(60_000, config.webhookTimeoutMs * 3),
  });
}
