/**
 * Spec §13 as one table: event → recipients → template. Roles become addresses through the recipient directory (the
 * `PROMO_NOTIFY_ROLE_ADDRESSES` setting, or the emails of the role's API tokens); people are read
 * from the promotion (its initiator, its peer reviewer).
 *
 * Decision where the spec is silent: a hotfix is also a production deployment, so its initiator and
 * peer reviewer hear of it as they would of any production deployment, and admins too (spec).
 */
import { singleLine, truncate } from '../text.ts';
import type { NotificationEvent, NotificationEventType } from './events.ts';
import * as templates from './templates.ts';
import type { NotificationMessage, Template } from './templates.ts';

export type RecipientRole = 'admin' | 'reviewer';
export type Recipient = { role: RecipientRole } | { person: 'initiator' | 'peerReviewer' };

const ADMINS: Recipient = { role: 'admin' };
const REVIEWERS: Recipient = { role: 'reviewer' };
const INITIATOR: Recipient = { person: 'initiator' };
const PEER_REVIEWER: Recipient = { person: 'peerReviewer' };

export interface NotificationRule {
  recipients: readonly Recipient[];
  template: Template;
}

export const NOTIFICATIONS: Readonly<Record<NotificationEventType, NotificationRule>> = {
  'promotion.registered': { recipients: [REVIEWERS], template: templates.reviewNeeded },
  'promotion.peer_approved': { recipients: [ADMINS, INITIATOR], template: templates.peerApproved },
  'promotion.peer_rejected': { recipients: [INITIATOR], template: templates.peerRejected },
  'promotion.denied': { recipients: [INITIATOR, PEER_REVIEWER], template: templates.denied },
  'deployment.test_deployed': { recipients: [INITIATOR], template: templates.testDeployed },
  'deployment.production_deployed': {
    recipients: [INITIATOR, PEER_REVIEWER],
    template: templates.productionDeployed,
  },
  'deployment.hotfix_deployed': {
    recipients: [ADMINS, INITIATOR, PEER_REVIEWER],
    template: templates.hotfixDeployed,
  },
  'deployment.run_failed': { recipients: [ADMINS, INITIATOR], template: templates.runFailed },
  'promotion.withdrawn': { recipients: [REVIEWERS], template: templates.withdrawn },
  'deployment.rolled_back': { recipients: [ADMINS, INITIATOR], template: templates.rolledBack },
};

const SUBJECT_MAX = 200;

/** The event's message; the subject is one bounded line (no header injection). */
export function messageFor(event: NotificationEvent): NotificationMessage {
  const message = NOTIFICATIONS[event.type].template(event);
  return { ...message, subject: truncate(singleLine(message.subject), SUBJECT_MAX) };
}

/** Email addresses compare case-insensitively; one delivery per address. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The event's email recipients, de-duplicated, in table order. */
export function recipientAddresses(
  event: NotificationEvent,
  roleAddresses: Readonly<Record<RecipientRole, readonly string[]>>,
): string[] {
  const addresses: string[] = [];
  for (const recipient of NOTIFICATIONS[event.type].recipients) {
    if ('role' in recipient) addresses.push(...roleAddresses[recipient.role]);
    else if (recipient.person === 'initiator') addresses.push(event.promotion.initiatedBy);
    else if (event.promotion.peerReviewedBy) addresses.push(event.promotion.peerReviewedBy);
  }
  const unique = new Set(addresses.map(normaliseAddress).filter((address) => address.includes('@')));
  return [...unique];
}

export type DeliveryChannel = 'email' | 'webhook';

export interface PlannedDelivery {
  channel: DeliveryChannel;
  /** An email address, or a webhook URL. */
  address: string;
}

export interface ChannelSetup {
  roleAddresses: Readonly<Record<RecipientRole, readonly string[]>>;
  webhookUrls: readonly string[];
}

/** One delivery per email recipient and one per webhook URL. */
export function planDeliveries(event: NotificationEvent, setup: ChannelSetup): PlannedDelivery[] {
  return [
    ...recipientAddresses(event, setup.roleAddresses).map((address) => ({
      channel: 'email' as const,
      address,
    })),
    ...setup.webhookUrls.map((address) => ({ channel: 'webhook' as const, address })),
  ];
}
