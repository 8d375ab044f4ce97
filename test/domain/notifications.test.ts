// The pure parts of notifications: who hears of what, when an event exists at all, and backoff.
import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_EVENT_TYPES,
  NOTIFICATIONS,
  recipientAddresses,
  registeredEvent,
  retryDelayMs,
  runEndedEvent,
  summarisePromotion,
  type NotificationEvent,
} from '../../src/domain/notifications/index.ts';
import type { PromotionLog } from '../../src/domain/promotion.ts';
import { describeRecipient } from '../../src/app/notifications.ts';
import { signatureHeader, verifySignature } from '../../src/notifications/webhook-signature.ts';

const record = {
  promotionId: 'P-1',
  initiatedBy: 'Dev.One@Acme.example',
  peerReviewedBy: 'admin.one@acme.example',
  peerReviewStatus: 'PENDING_PEER_REVIEW',
  updatedAt: '2025-03-01T09:00:00.000Z',
} as PromotionLog;

function eventOf(type: NotificationEvent['type']): NotificationEvent {
  return {
    type,
    key: `${type}:P-1`,
    occurredAt: '',
    actor: 'x',
    promotion: summarisePromotion(record),
    detail: {},
  };
}

describe('the event → recipients → template table', () => {
  it('has a rule for every event type of spec §13', () => {
    expect(Object.keys(NOTIFICATIONS).sort()).toEqual([...NOTIFICATION_EVENT_TYPES].sort());
  });

  it('sends one email per address, compared case-insensitively, whatever role brings it', () => {
    const addresses = recipientAddresses(eventOf('deployment.hotfix_deployed'), {
      admin: ['ADMIN.one@acme.example', 'admin.two@acme.example', 'dev.one@acme.example'],
      reviewer: [],
    });
    expect(addresses).toEqual(['admin.one@acme.example', 'admin.two@acme.example', 'dev.one@acme.example']);
  });

  it('leaves out a peer reviewer the promotion does not have yet', () => {
    const event = eventOf('promotion.denied');
    event.promotion.peerReviewedBy = null;
    expect(recipientAddresses(event, { admin: ['a@x.com'], reviewer: ['r@x.com'] })).toEqual([
      'dev.one@acme.example',
    ]);
  });
});

describe('events', () => {
  it('registered only when the write puts the record into peer review', () => {
    expect(registeredEvent(null, record, 'dev')).toMatchObject({
      type: 'promotion.registered',
      key: 'promotion.registered:P-1',
    });
    expect(registeredEvent(record, record, 'dev')).toBeNull();
    expect(registeredEvent(null, { ...record, peerReviewStatus: null }, 'dev')).toBeNull();
  });

  it('a TEST run that deployed nowhere is not "test deployed"; a failed one is "run failed"', () => {
    const run = { runId: 'r1', actor: 'a', mode: 'TEST' as const, failed: false, environments: [] };
    expect(runEndedEvent(record, run, 'now')).toBeNull();
    expect(runEndedEvent(record, { ...run, failed: true }, 'now')).toMatchObject({
      type: 'deployment.run_failed',
      key: 'deployment.run_failed:r1',
    });
  });
});

describe('retry backoff', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 6_000 };

  it('grows exponentially within its jitter band, is capped, and ends after the last attempt', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, 0))).toEqual([500, 1_000, 2_000, 3_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, 0.999_999))).toEqual([1_000, 2_000, 4_000, 6_000]);
    expect(retryDelayMs(policy, 5, 0.5)).toBeNull();
  });
});

describe('webhook signature', () => {
  const secret = 'a-secret-of-sixteen+';
  const body = '{"id":"n-1"}';
  const now = Date.parse('2025-03-01T09:00:00Z');

  it('verifies the body it signed, at the time it signed it', () => {
    const header = signatureHeader(secret, body, now);
    expect(header).toMatch(/^t=1740819600,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, header, body, { nowMs: now + 60_000 })).toBe(true);
  });

  it('refuses another body, another secret, an old timestamp, a malformed header', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, '{"id":"n-2"}', { nowMs: now })).toBe(false);
    expect(verifySignature('another-secret-value', header, body, { nowMs: now })).toBe(false);
    expect(verifySignature(secret, header, body, { nowMs: now + 10 * 60_000 })).toBe(false);
    expect(
      verifySignature(secret, header.replace('t=1740819600', 't=1740819601'), body, { nowMs: now }),
    ).toBe(false);
    expect(verifySignature(secret, 'v1=abc', body, { nowMs: now })).toBe(false);
    expect(verifySignature(secret, undefined, body, { nowMs: now })).toBe(false);
  });
});

describe('recipients shown to admins', () => {
  it('shows an email address, but only the origin of a webhook URL (it may carry a token)', () => {
    expect(describeRecipient('email', 'a@acme.example')).toBe('a@acme.example');
    expect(describeRecipient('webhook', 'https://hooks.slack.com/services/T0/B0/token')).toBe(
      'https://hooks.slack.com/…',
    );
  });
});
