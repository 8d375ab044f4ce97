/**
 * One message, three renderings: a plain-text and an HTML email, and the webhook JSON body (with a
 * `text` field Slack and Teams incoming webhooks display). Every value from a record or a person
 * is escaped for where it lands: HTML entities in the email, Slack's `&`, `<`, `>` in `text` (so a
 * comment cannot ping `<!channel>`); the JSON encoder escapes the rest.
 */
import type {
  NotificationEvent,
  NotificationEventType,
  NotificationDetail,
  PromotionSummary,
} from './events.ts';
import { messageFor } from './table.ts';

/** The console page of the promotion the event is about. */
export function consoleLink(consoleUrl: string, event: NotificationEvent): string {
  return `${consoleUrl.replace(/\/+$/, '')}/promotions/${encodeURIComponent(event.promotion.promotionId)}`;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack's own escaping for message text (Teams shows it as is). */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderEmail(event: NotificationEvent, consoleUrl: string): RenderedEmail {
  const message = messageFor(event);
  const link = consoleLink(consoleUrl, event);
  const text = [
    ...(message.banner ? [`*** ${message.banner} ***`, ''] : []),
    message.headline,
    '',
    ...message.facts.map(([label, value]) => `${label}: ${value}`),
    '',
    `Open in the console: ${link}`,
    '',
  ].join('\n');
  const rows = message.facts
    .map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  const html = [
    '<!doctype html>',
    '<html><body>',
    ...(message.banner
      ? [
          `<p style="background:#b00020;color:#fff;padding:8px;font-weight:bold">${escapeHtml(message.banner)}</p>`,
        ]
      : []),
    `<p>${escapeHtml(message.headline)}</p>`,
    `<table>${rows}</table>`,
    `<p><a href="${escapeHtml(link)}">Open in the console</a></p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: message.subject, text, html };
}

export interface WebhookBody {
  /** The notification's stable id: receivers deduplicate on it. */
  id: string;
  type: NotificationEventType;
  occurredAt: string;
  actor: string;
  subject: string;
  emergencyHotfix: boolean;
  link: string;
  /** What Slack and Teams incoming webhooks display. */
  text: string;
  promotion: PromotionSummary;
  detail: NotificationDetail;
}

export function renderWebhook(
  notificationId: string,
  event: NotificationEvent,
  consoleUrl: string,
): WebhookBody {
  const message = messageFor(event);
  const link = consoleLink(consoleUrl, event);
  const banner = message.banner ? `*${escapeSlack(message.banner)}* ` : '';
  return {
    id: notificationId,
    type: event.type,
    occurredAt: event.occurredAt,
    actor: event.actor,
    subject: message.subject,
    emergencyHotfix: message.banner !== null,
    link,
    text: `${banner}${escapeSlack(message.subject)}\n${escapeSlack(message.headline)}\n${escapeSlack(link)}`,
    promotion: event.promotion,
    detail: event.detail,
  };
}
