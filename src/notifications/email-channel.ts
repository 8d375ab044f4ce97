/**
 * Email delivery over SMTP with nodemailer (pooled connections): one message per recipient, plain
 * text and HTML, with a Message-ID built from the delivery's stable id so a retried send is
 * recognisable as the same message, and the notification id in `Promo-Notification-Id`.
 */
import nodemailer from 'nodemailer';
import { renderEmail, type NotificationEvent } from '../domain/notifications/index.ts';

export interface EmailChannelOptions {
  smtpUrl: string;
  from: string;
  consoleUrl: string;
  /** Connection, greeting and socket timeout. */
  timeoutMs: number;
}

export interface EmailDelivery {
  deliveryId: string;
  notificationId: string;
  to: string;
  event: NotificationEvent;
}

export function createEmailChannel(options: EmailChannelOptions) {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(delivery: EmailDelivery): Promise<void> {
      const email = renderEmail(delivery.event, options.consoleUrl);
      await transport.sendMail({
        from: options.from,
        to: delivery.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: `<${delivery.deliveryId}@promo.notifications>`,
        headers: {
          'Promo-Notification-Id': delivery.notificationId,
          'Promo-Event': delivery.event.type,
          'Auto-Submitted': 'auto-generated',
        },
      });
    },
    close(): void {
      transport.close();
    },
  };
}

export type EmailSender = ReturnType<typeof createEmailChannel>;
