/**
 * The only reader of environment variables: everything else receives a typed Config.
 * With no Boomi credentials the product runs in sandbox mode (embedded database + emulator).
 */
import path from 'node:path';
import { DEFAULT_RATE_PER_SECOND } from './boomi/limiter/rate-limiter.ts';
import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './boomi/options.ts';
import {
  DEFAULT_APPROVAL_POLICY,
  isPeerReviewRequiredFor,
  PEER_REVIEW_REQUIRED_FOR,
  type ApprovalPolicy,
} from './domain/approval-policy.ts';
import { isRole, type Role } from './domain/caller.ts';

export interface BoomiConfig {
  baseUrl: string;
  accountId: string;
  username: string;
  apiToken: string;
  /** Account-wide requests per second shared by all runs and instances (= Config.boomiRateLimitPerSecond). */
  rateLimitPerSecond: number;
  requestTimeoutMs: number;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  emailClaim: string;
  groupsClaim: string;
  /** Group name → role, e.g. ABC_BOOMI_FLOW_ADMIN → admin. */
  groupRoles: Record<string, Role>;
  /** The console's public OIDC client (authorization code + PKCE); unset → no OIDC sign-in in the console. */
  consoleClientId?: string | undefined;
  /** Scopes the console asks for. */
  consoleScope?: string;
}

export interface Config {
  /** True when no Boomi credentials are set: the built-in sandbox plays Boomi. */
  sandboxMode: boolean;
  dataDir: string;
  /** External PostgreSQL; undefined means embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  sandboxPort: number;
  boomi: BoomiConfig | undefined;
  oidc: OidcConfig | undefined;
  logLevel: string;
  /** Identifies this instance to DBOS recovery and the heartbeat table. */
  executorId: string;
  mergeTimeoutMs: number;
  releaseTimeoutMs: number;
  /**
   * Test-only crash point, e.g. `after-step:3-packaged-component` or `after-boomi-write:8-deploy`:
   * the process kills itself there so crash tests can prove a resumed run repeats no Boomi write.
   */
  failpoint: string | undefined;
  /**
   * Poll interval of merge and release pollers; undefined keeps the client's production pacing.
   * Sandbox mode defaults to 250 ms (the emulator finishes its stages in well under a second).
   */
  pollIntervalMs: number | undefined;
  /** BOOMI_RATE_LIMIT: account-wide Boomi calls per second, also towards the sandbox (default: the client's). */
  boomiRateLimitPerSecond: number;
  /** Spec §10 checks 5a/5b: PROMO_PEER_REVIEW_REQUIRED_FOR and PROMO_DISTINCT_APPROVER. */
  approvalPolicy: ApprovalPolicy;
  /** PROMO_BRANCH_JANITOR_INTERVAL_MS: how often the branch janitor runs (also once at start). */
  branchJanitorIntervalMs: number;
  /** What the `promo` CLI's server commands talk to. */
  cli: CliConfig;
  /** Email and webhooks of spec §13. */
  notifications: NotificationConfig;
}

export interface NotificationConfig {
  /** PROMO_SMTP_URL (`smtp://` or `smtps://`, may carry the password: never log it); unset → emails are kept, not sent. */
  smtpUrl: string | undefined;
  /** PROMO_MAIL_FROM */
  mailFrom: string;
  /** PROMO_WEBHOOK_URLS (comma-separated); each receives every notification. */
  webhookUrls: string[];
  /** PROMO_WEBHOOK_SECRET: the HMAC-SHA256 key of the `Promo-Signature` header; required with webhooks. */
  webhookSecret: string | undefined;
  webhookTimeoutMs: number;
  /** PROMO_NOTIFY_ROLE_ADDRESSES; a role not named here is reached through its API tokens' emails. */
  roleAddresses: Partial<Record<'admin' | 'reviewer', string[]>>;
  /** PROMO_CONSOLE_URL; unset → the service's own URL once it listens. */
  consoleUrl: string | undefined;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often the delivery worker looks for work. */
  pollIntervalMs: number;
}

export interface CliConfig {
  /** PROMO_URL; default the local service (`http://127.0.0.1:${PROMO_PORT}`). */
  url: string;
  /** PROMO_TOKEN; in sandbox mode the CLI falls back to `<dataDir>/sandbox-tokens.json`. */
  token: string | undefined;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got '${raw}' (for example ${name}=${fallback})`);
  }
  return value;
}

/** Parses `GROUP=role,GROUP2=role` into a map, rejecting unknown roles. */
export function parseGroupRoles(raw: string | undefined): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const pair of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [group, role] = pair.split('=').map((s) => s.trim());
    if (!group || !role || !isRole(role)) {
      throw new Error(`PROMO_OIDC_GROUP_ROLES entry '${pair}' must look like ABC_BOOMI_FLOW_ADMIN=admin`);
    }
    map[group] = role;
  }
  return map;
}

function readBoomi(env: Env, rateLimitPerSecond: number): BoomiConfig | undefined {
  const accountId = env.BOOMI_ACCOUNT_ID;
  const username = env.BOOMI_USERNAME;
  const apiToken = env.BOOMI_API_TOKEN;
  const given = [accountId, username, apiToken].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given !== 3) {
    throw new Error(
      'Set all of BOOMI_ACCOUNT_ID, BOOMI_USERNAME and BOOMI_API_TOKEN to talk to Boomi, or none of them for sandbox mode ' +
        '(for example BOOMI_ACCOUNT_ID=acme-A1B2C3 BOOMI_USERNAME=ci@acme.com BOOMI_API_TOKEN=…)',
    );
  }
  return {
    baseUrl: env.BOOMI_BASE_URL ?? DEFAULT_BASE_URL,
    accountId: accountId!,
    username: username!,
    apiToken: apiToken!,
    rateLimitPerSecond,
    requestTimeoutMs: integer(env, 'BOOMI_TIMEOUT_MS', DEFAULT_TIMEOUT_MS),
  };
}

function readOidc(env: Env): OidcConfig | undefined {
  const issuer = env.PROMO_OIDC_ISSUER;
  if (!issuer) return undefined;
  const audience = env.PROMO_OIDC_AUDIENCE;
  const jwksUrl = env.PROMO_OIDC_JWKS_URL;
  if (!audience || !jwksUrl) {
    throw new Error('PROMO_OIDC_ISSUER needs PROMO_OIDC_AUDIENCE and PROMO_OIDC_JWKS_URL as well');
  }
  return {
    issuer,
    audience,
    jwksUrl,
    emailClaim: env.PROMO_OIDC_EMAIL_CLAIM ?? 'email',
    groupsClaim: env.PROMO_OIDC_GROUPS_CLAIM ?? 'groups',
    groupRoles: parseGroupRoles(env.PROMO_OIDC_GROUP_ROLES),
    consoleClientId: env.PROMO_OIDC_CLIENT_ID || undefined,
    consoleScope: env.PROMO_OIDC_SCOPE || 'openid email profile',
  };
}

// The messages name the variable, never its value: an SMTP URL or a webhook URL may carry a secret.
function httpUrl(raw: string, what: string, example: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${what} is not a valid URL (for example ${example})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${what} must be an http:// or https:// URL (for example ${example})`);
  }
  return raw;
}

function smtpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const example = 'PROMO_SMTP_URL=smtps://promo:password@mail.example.com:465';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PROMO_SMTP_URL is not a valid URL (for example ${example})`);
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new Error(`PROMO_SMTP_URL must be an smtp:// or smtps:// URL with a host (for example ${example})`);
  }
  return raw;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

function roleAddresses(raw: string | undefined): NotificationConfig['roleAddresses'] {
  if (!raw) return {};
  const example = `PROMO_NOTIFY_ROLE_ADDRESSES='{"admin":["ops@acme.com"],"reviewer":["leads@acme.com"]}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`PROMO_NOTIFY_ROLE_ADDRESSES is not valid JSON (for example ${example})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `PROMO_NOTIFY_ROLE_ADDRESSES must be a JSON object of role → addresses (for example ${example})`,
    );
  }
  const result: NotificationConfig['roleAddresses'] = {};
  for (const [role, addresses] of Object.entries(parsed)) {
    if (role !== 'admin' && role !== 'reviewer') {
      throw new Error(
        `PROMO_NOTIFY_ROLE_ADDRESSES: unknown role '${role}' (admin and reviewer receive notifications)`,
      );
    }
    if (!Array.isArray(addresses) || !addresses.every((a) => typeof a === 'string' && ADDRESS.test(a))) {
      throw new Error(
        `PROMO_NOTIFY_ROLE_ADDRESSES: '${role}' must be a list of email addresses (for example ${example})`,
      );
    }
    result[role] = addresses as string[];
  }
  return result;
}

function readNotifications(env: Env): NotificationConfig {
  const webhookUrls = (env.PROMO_WEBHOOK_URLS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((url, i) =>
      httpUrl(
        url,
        `Entry ${i + 1} of PROMO_WEBHOOK_URLS`,
        'PROMO_WEBHOOK_URLS=https://hooks.example.com/promo',
      ),
    );
  const webhookSecret = env.PROMO_WEBHOOK_SECRET || undefined;
  if (webhookUrls.length > 0 && (webhookSecret === undefined || webhookSecret.length < 16)) {
    throw new Error(
      'PROMO_WEBHOOK_URLS needs PROMO_WEBHOOK_SECRET (at least 16 characters) to sign the webhook bodies ' +
        '(for example PROMO_WEBHOOK_SECRET=$(openssl rand -hex 32))',
    );
  }
  const mailFrom = env.PROMO_MAIL_FROM || 'promo@localhost';
  if (!/@[^\s@<>]+>?$/.test(mailFrom)) {
    throw new Error(
      `PROMO_MAIL_FROM must be an email address (for example PROMO_MAIL_FROM="Promo <promo@acme.com>")`,
    );
  }
  return {
    smtpUrl: smtpUrl(env.PROMO_SMTP_URL),
    mailFrom,
    webhookUrls,
    webhookSecret,
    webhookTimeoutMs: integer(env, 'PROMO_WEBHOOK_TIMEOUT_MS', 10_000),
    roleAddresses: roleAddresses(env.PROMO_NOTIFY_ROLE_ADDRESSES),
    consoleUrl: env.PROMO_CONSOLE_URL
      ? httpUrl(
          env.PROMO_CONSOLE_URL,
          'PROMO_CONSOLE_URL',
          'PROMO_CONSOLE_URL=https://promo.acme.com',
        ).replace(/\/+$/, '')
      : undefined,
    maxAttempts: integer(env, 'PROMO_NOTIFY_MAX_ATTEMPTS', 10),
    retryBaseMs: integer(env, 'PROMO_NOTIFY_RETRY_BASE_MS', 5_000),
    retryMaxMs: integer(env, 'PROMO_NOTIFY_RETRY_MAX_MS', 15 * 60_000),
    pollIntervalMs: integer(env, 'PROMO_NOTIFY_POLL_MS', 1_000),
  };
}

/** The approval policy; a value that is not one of the documented ones stops the service. */
export function readApprovalPolicy(env: Env): ApprovalPolicy {
  const requiredFor = (env.PROMO_PEER_REVIEW_REQUIRED_FOR ?? '').trim().toUpperCase();
  if (requiredFor !== '' && !isPeerReviewRequiredFor(requiredFor)) {
    throw new Error(
      `PROMO_PEER_REVIEW_REQUIRED_FOR must be one of ${PEER_REVIEW_REQUIRED_FOR.join(', ')}, got '${env.PROMO_PEER_REVIEW_REQUIRED_FOR}'`,
    );
  }
  const distinct = (env.PROMO_DISTINCT_APPROVER ?? '').trim().toLowerCase();
  if (distinct !== '' && distinct !== 'true' && distinct !== 'false') {
    throw new Error(`PROMO_DISTINCT_APPROVER must be true or false, got '${env.PROMO_DISTINCT_APPROVER}'`);
  }
  return {
    peerReviewRequiredFor: requiredFor === '' ? DEFAULT_APPROVAL_POLICY.peerReviewRequiredFor : requiredFor,
    distinctApprover: distinct === '' ? DEFAULT_APPROVAL_POLICY.distinctApprover : distinct === 'true',
  };
}

export function loadConfig(env: Env = process.env): Config {
  // Read once: the real account and the sandbox are paced by the same setting.
  const boomiRateLimitPerSecond = integer(env, 'BOOMI_RATE_LIMIT', DEFAULT_RATE_PER_SECOND);
  const boomi = readBoomi(env, boomiRateLimitPerSecond);
  const dataDir = path.resolve(env.PROMO_DATA_DIR ?? '.promo');
  const databaseUrl = env.DATABASE_URL || undefined;
  const port = integer(env, 'PROMO_PORT', 8080);
  return {
    sandboxMode: boomi === undefined,
    dataDir,
    databaseUrl,
    host: env.PROMO_HOST ?? '127.0.0.1',
    port,
    sandboxPort: integer(env, 'PROMO_SANDBOX_PORT', 9090),
    boomi,
    oidc: readOidc(env),
    logLevel: env.LOG_LEVEL ?? 'info',
    // An embedded database has exactly one owner (the data-dir lock), so a fixed id lets a
    // restarted `npm start` resume its own interrupted runs at once instead of after a takeover.
    executorId:
      env.PROMO_EXECUTOR_ID ??
      (databaseUrl ? `promo-${process.pid}-${Date.now().toString(36)}` : 'promo-embedded'),
    mergeTimeoutMs: integer(env, 'PROMO_MERGE_TIMEOUT_MS', 10 * 60_000),
    releaseTimeoutMs: integer(env, 'PROMO_RELEASE_TIMEOUT_MS', 10 * 60_000),
    failpoint: env.PROMO_FAILPOINT || undefined,
    pollIntervalMs:
      env.PROMO_POLL_INTERVAL_MS || boomi === undefined
        ? integer(env, 'PROMO_POLL_INTERVAL_MS', 250)
        : undefined,
    boomiRateLimitPerSecond,
    approvalPolicy: readApprovalPolicy(env),
    branchJanitorIntervalMs: integer(env, 'PROMO_BRANCH_JANITOR_INTERVAL_MS', 5 * 60_000),
    cli: {
      url: (env.PROMO_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
      token: env.PROMO_TOKEN || undefined,
    },
    notifications: readNotifications(env),
  };
}
