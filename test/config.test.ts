import { describe, expect, it } from 'vitest';
import { loadConfig, parseGroupRoles } from '../src/config.ts';
import { createLogger } from '../src/runtime/logger.ts';

describe('loadConfig', () => {
  it('runs in sandbox mode with no Boomi credentials', () => {
    const config = loadConfig({});
    expect(config.sandboxMode).toBe(true);
    expect(config.boomi).toBeUndefined();
    expect(config.port).toBe(8080);
    expect(config.sandboxPort).toBe(9090);
    expect(config.dataDir.endsWith('.promo')).toBe(true);
  });

  it('talks to Boomi when all three credentials are set', () => {
    const config = loadConfig({
      BOOMI_ACCOUNT_ID: 'acme-1',
      BOOMI_USERNAME: 'ci@acme.com',
      BOOMI_API_TOKEN: 't',
    });
    expect(config.sandboxMode).toBe(false);
    expect(config.boomi).toMatchObject({ accountId: 'acme-1', rateLimitPerSecond: 8 });
  });

  it('refuses half-set credentials with the fix in the message', () => {
    expect(() => loadConfig({ BOOMI_ACCOUNT_ID: 'acme-1' })).toThrow(/BOOMI_USERNAME and BOOMI_API_TOKEN/);
  });

  it('refuses a non-numeric port', () => {
    expect(() => loadConfig({ PROMO_PORT: 'eighty' })).toThrow(/PROMO_PORT must be a positive number/);
  });

  it('maps OIDC groups to roles and rejects unknown roles', () => {
    expect(parseGroupRoles('ABC_BOOMI_FLOW_ADMIN=admin, TEAM=reviewer')).toEqual({
      ABC_BOOMI_FLOW_ADMIN: 'admin',
      TEAM: 'reviewer',
    });
    expect(() => parseGroupRoles('X=superuser')).toThrow(/must look like/);
  });

  it('reads the approval policy, the spec’s defaults when unset (spec §10)', () => {
    expect(loadConfig({}).approvalPolicy).toStrictEqual({
      peerReviewRequiredFor: 'PRODUCTION',
      distinctApprover: true,
    });
    expect(
      loadConfig({ PROMO_PEER_REVIEW_REQUIRED_FOR: 'all', PROMO_DISTINCT_APPROVER: 'false' }).approvalPolicy,
    ).toStrictEqual({ peerReviewRequiredFor: 'ALL', distinctApprover: false });
    expect(loadConfig({ PROMO_PEER_REVIEW_REQUIRED_FOR: 'NONE' }).approvalPolicy.peerReviewRequiredFor).toBe(
      'NONE',
    );
  });

  it('refuses a bad policy value with a clear message', () => {
    expect(() => loadConfig({ PROMO_PEER_REVIEW_REQUIRED_FOR: 'SOMETIMES' })).toThrow(
      "PROMO_PEER_REVIEW_REQUIRED_FOR must be one of PRODUCTION, ALL, NONE, got 'SOMETIMES'",
    );
    expect(() => loadConfig({ PROMO_DISTINCT_APPROVER: 'yes' })).toThrow(
      "PROMO_DISTINCT_APPROVER must be true or false, got 'yes'",
    );
  });
});

describe('notification settings', () => {
  const webhooks = {
    PROMO_WEBHOOK_URLS: 'https://hooks.example.com/a, https://hooks.example.com/b',
    PROMO_WEBHOOK_SECRET: 'sixteen-chars-or-more',
  };

  it('defaults: no SMTP (emails kept), no webhooks, links to the service itself', () => {
    expect(loadConfig({}).notifications).toMatchObject({
      smtpUrl: undefined,
      webhookUrls: [],
      consoleUrl: undefined,
      mailFrom: 'promo@localhost',
      roleAddresses: {},
      maxAttempts: 10,
    });
  });

  it('reads SMTP, webhooks, role addresses and the console URL', () => {
    const config = loadConfig({
      ...webhooks,
      PROMO_SMTP_URL: 'smtps://promo:pw@mail.example.com:465',
      PROMO_NOTIFY_ROLE_ADDRESSES: '{"admin":["ops@acme.com"],"reviewer":["a@acme.com","b@acme.com"]}',
      PROMO_CONSOLE_URL: 'https://promo.acme.com/',
    }).notifications;
    expect(config).toMatchObject({
      smtpUrl: 'smtps://promo:pw@mail.example.com:465',
      webhookUrls: ['https://hooks.example.com/a', 'https://hooks.example.com/b'],
      roleAddresses: { admin: ['ops@acme.com'], reviewer: ['a@acme.com', 'b@acme.com'] },
      consoleUrl: 'https://promo.acme.com',
    });
  });

  it('stops on a malformed SMTP URL with the fix, never echoing the URL (it carries the password)', () => {
    for (const url of [
      'smtp//promo:hunter2@mail',
      'https://promo:hunter2@mail.example.com',
      'smtp://promo:hunter2@',
    ]) {
      let message = '';
      try {
        loadConfig({ PROMO_SMTP_URL: url });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^PROMO_SMTP_URL .*for example PROMO_SMTP_URL=smtps:\/\//);
      expect(message).not.toContain('hunter2');
    }
  });

  it('stops on a malformed webhook URL, and on webhooks without a signing secret', () => {
    expect(() =>
      loadConfig({ ...webhooks, PROMO_WEBHOOK_URLS: 'https://ok.example.com, not a url' }),
    ).toThrow(/^Entry 2 of PROMO_WEBHOOK_URLS is not a valid URL/);
    expect(() => loadConfig({ ...webhooks, PROMO_WEBHOOK_URLS: 'file:///etc/passwd' })).toThrow(
      /http:\/\/ or https:\/\//,
    );
    expect(() => loadConfig({ PROMO_WEBHOOK_URLS: 'https://hooks.example.com/a' })).toThrow(
      /PROMO_WEBHOOK_SECRET/,
    );
    expect(() => loadConfig({ ...webhooks, PROMO_WEBHOOK_SECRET: 'short' })).toThrow(
      /at least 16 characters/,
    );
  });

  it('stops on role addresses that are not JSON, name an unknown role, or hold a non-address', () => {
    expect(() => loadConfig({ PROMO_NOTIFY_ROLE_ADDRESSES: 'admin=a@x' })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ PROMO_NOTIFY_ROLE_ADDRESSES: '{"boss":["a@x.com"]}' })).toThrow(
      /unknown role 'boss'/,
    );
    expect(() => loadConfig({ PROMO_NOTIFY_ROLE_ADDRESSES: '{"admin":["not an address"]}' })).toThrow(
      /list of email addresses/,
    );
  });

  it('never logs the SMTP password, the webhook secret or the webhook URLs', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    const config = loadConfig({
      PROMO_SMTP_URL: 'smtp://promo:smtp-password-1@mail.example.com',
      PROMO_WEBHOOK_URLS: 'https://hooks.slack.com/services/T000/B000/slack-url-token',
      PROMO_WEBHOOK_SECRET: 'webhook-secret-value-1',
    });
    logger.info({ config }, 'configuration');
    logger.info(config.notifications, 'notifications');
    logger.info({ notifications: config.notifications }, 'notifications');
    const output = lines.join('');
    expect(output).toContain('[redacted]');
    for (const secret of ['smtp-password-1', 'webhook-secret-value-1', 'slack-url-token']) {
      expect(output).not.toContain(secret);
    }
  });
});
