/**
 * The delivery worker: turns new notifications into deliveries (one per email recipient and one
 * per webhook URL), then sends the due ones, in a loop until stopped. Several workers — in one
 * process or many — may share a database (see store/notification-outbox.ts). A failed attempt is
 * tried again after an exponential backoff with jitter; after the last attempt it is `failed`
 * (visible in GET /notifications, retryable by an admin). Nothing here ever touches the change the
 * notification announces.
 *
 * Without an SMTP server, emails are `kept` (for the console's inbox) and each notification is
 * printed as one log line instead.
 */
import {
  messageFor,
  planDeliveries,
  retryDelayMs,
  type BackoffPolicy,
} from '../domain/notifications/index.ts';
import type { ClaimedDelivery, DeliveryToWrite, NotificationOutbox } from '../store/notification-outbox.ts';
import type { EmailSender } from './email-channel.ts';
import type { RecipientDirectory } from './recipient-directory.ts';
import type { WebhookSender } from './webhook-channel.ts';

export interface WorkerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface NotificationWorkerOptions {
  outbox: NotificationOutbox;
  directory: RecipientDirectory;
  /** Null: no SMTP server, emails are kept and logged. */
  email: EmailSender | null;
  webhookUrls: readonly string[];
  webhook: WebhookSender | null;
  backoff: BackoffPolicy;
  pollIntervalMs: number;
  /** Deliveries claimed and sent at once. Default 16. */
  concurrency?: number;
  /** How long a claim is ours; must outlast one send. Default 2 minutes. */
  leaseMs?: number;
  log: WorkerLog;
  /** Jitter source, [0, 1). */
  random?: () => number;
}

export interface WorkerPass {
  planned: number;
  delivered: number;
  retrying: number;
  failed: number;
}

export class NotificationWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly concurrency: number;
  private readonly leaseMs: number;

  constructor(private readonly options: NotificationWorkerOptions) {
    this.concurrency = options.concurrency ?? 16;
    this.leaseMs = options.leaseMs ?? 120_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the sends in flight, then stops; unsent deliveries wait for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.options.email?.close();
  }

  /** One pass: plan new notifications, then send one batch of due deliveries. */
  async runOnce(): Promise<WorkerPass> {
    const planned = await this.planNew();
    const claims = await this.options.outbox.claimDue(this.concurrency, this.leaseMs);
    const outcomes = await Promise.all(claims.map((claim) => this.deliver(claim)));
    return {
      planned,
      delivered: outcomes.filter((o) => o === 'delivered').length,
      retrying: outcomes.filter((o) => o === 'retrying').length,
      failed: outcomes.filter((o) => o === 'failed').length,
    };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        const pass = await this.runOnce();
        busy = pass.planned > 0 || pass.delivered + pass.retrying + pass.failed >= this.concurrency;
      } catch (error) {
        this.options.log.warn({ error: (error as Error).message }, 'Notification worker pass failed');
      }
      if (!busy && this.running) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async planNew(): Promise<number> {
    const { outbox, directory, email, webhookUrls, log } = this.options;
    let roleAddresses: Awaited<ReturnType<RecipientDirectory['roleAddresses']>> | undefined;
    const planned = await outbox.planNew(100, async ({ event }) => {
      roleAddresses ??= await directory.roleAddresses();
      const state: DeliveryToWrite['state'] = email ? 'pending' : 'kept';
      return planDeliveries(event, { roleAddresses, webhookUrls }).map((d) =>
        d.channel === 'email' ? { ...d, state } : { ...d, state: 'pending' as const },
      );
    });
    for (const { notification, deliveries } of planned) {
      const kept = deliveries.filter((d) => d.state === 'kept').map((d) => d.address);
      if (kept.length === 0) continue;
      // No SMTP server: the notification is kept for the console's inbox and shown here, once.
      log.info(
        { notificationId: notification.id, event: notification.event.type, to: kept },
        `Notification: ${messageFor(notification.event).subject}`,
      );
    }
    return planned.length;
  }

  private async deliver(claim: ClaimedDelivery): Promise<'delivered' | 'retrying' | 'failed' | 'lost'> {
    const { outbox, backoff, log } = this.options;
    try {
      await this.send(claim);
    } catch (error) {
      const message = (error as Error).message || String(error);
      const delay = retryDelayMs(backoff, claim.attempts, (this.options.random ?? Math.random)());
      const recorded = await outbox.markAttemptFailed(claim, message, delay);
      if (delay === null) {
        log.warn(
          {
            notificationId: claim.notificationId,
            channel: claim.channel,
            attempts: claim.attempts,
            error: message,
          },
          'Notification delivery failed for good',
        );
      }
      if (!recorded) return 'lost';
      return delay === null ? 'failed' : 'retrying';
    }
    return (await outbox.markDelivered(claim)) ? 'delivered' : 'lost';
  }

  private async send(claim: ClaimedDelivery): Promise<void> {
    const { email, webhook } = this.options;
    if (claim.channel === 'email') {
      if (!email) throw new Error('No SMTP server is configured (PROMO_SMTP_URL)');
      await email.send({
        deliveryId: claim.id,
        notificationId: claim.notificationId,
        to: claim.address,
        event: claim.event,
      });
      return;
    }
    if (!webhook) throw new Error('No webhook secret is configured (PROMO_WEBHOOK_SECRET)');
    await webhook({
      notificationId: claim.notificationId,
      url: claim.address,
      event: claim.event,
      attempt: claim.attempts,
    });
  }
}
