/**
 * The client's options and their check at construction: a missing credential or a nonsense
 * setting fails at createBoomiClient() with a copy-pasteable fix, not on the first call.
 */
import type { Dispatcher } from 'undici';
import { BoomiClientConfigError } from './errors.ts';
import type { RateLimiter } from './limiter/rate-limiter.ts';
import type { BoomiCallEvent } from './plugins/events.ts';
import type { RetryPolicy } from './plugins/retry.ts';

export const DEFAULT_BASE_URL = 'https://api.boomi.com/api/rest/v1';
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface BoomiClientOptions {
  /** Default https://api.boomi.com/api/rest/v1; a partner base (…/partner/api/rest/v1) works too. */
  baseUrl?: string;
  accountId: string;
  /** The platform user, with or without the `BOOMI_TOKEN.` prefix. */
  username: string;
  apiToken: string;
  /** Partner API: act on this sub-account (sent as `?overrideAccount=`). */
  overrideAccount?: string;
  /** Shared limiter (e.g. PostgresRateLimiter); default in-memory; `false` disables limiting. */
  limiter?: RateLimiter | false;
  /** Rate of the default in-memory limiter. Default 8 per second. */
  rateLimitPerSecond?: number;
  /** Limiter key; default the accountId (Boomi counts per authenticating account). */
  limiterKey?: string;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** undici dispatcher: a MockAgent in unit tests, a tuned Agent in production. */
  dispatcher?: Dispatcher;
  onCall?: (event: BoomiCallEvent) => void;
  /** Injected time base for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const EXAMPLE = `createBoomiClient({
  accountId: 'acme-A1B2C3',
  username: 'ci@acme.com',
  apiToken: config.boomi.apiToken,
})`;

function fail(problem: string, fix: string): never {
  throw new BoomiClientConfigError(`createBoomiClient: ${problem}. ${fix}`);
}

function requireText(value: unknown, name: string, what: string, envName: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(
      `${name} is missing`,
      `Pass ${what} (BOOMI_${envName} in the environment), for example:\n${EXAMPLE}`,
    );
  }
}

function requirePositive(value: number | undefined, name: string, example: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    fail(`${name} must be a positive number, got ${String(value)}`, `For example: ${example}`);
  }
}

export function validateOptions(
  options: BoomiClientOptions | undefined,
): asserts options is BoomiClientOptions {
  if (!options || typeof options !== 'object') fail('options are missing', `Call it like:\n${EXAMPLE}`);
  requireText(options.accountId, 'accountId', 'the Boomi account ID', 'ACCOUNT_ID');
  requireText(options.username, 'username', 'the Boomi user the API token belongs to', 'USERNAME');
  requireText(
    options.apiToken,
    'apiToken',
    'an API token from Settings → Account Information → Platform API Tokens',
    'API_TOKEN',
  );
  if (options.baseUrl !== undefined && !URL.canParse(options.baseUrl)) {
    fail(`baseUrl '${options.baseUrl}' is not a URL`, `For example: baseUrl: '${DEFAULT_BASE_URL}'`);
  }
  requirePositive(options.rateLimitPerSecond, 'rateLimitPerSecond', 'rateLimitPerSecond: 8');
  requirePositive(options.timeoutMs, 'timeoutMs', 'timeoutMs: 30000');
  if (
    options.limiter !== undefined &&
    options.limiter !== false &&
    typeof options.limiter.acquire !== 'function'
  ) {
    fail(
      'limiter has no acquire(key) method',
      'Pass new PostgresRateLimiter(pool, { perSecond: 8 }), or omit it',
    );
  }
  const retry = options.retry ?? {};
  requirePositive(retry.attempts, 'retry.attempts', 'retry: { attempts: 5 }');
  requirePositive(retry.baseDelayMs, 'retry.baseDelayMs', 'retry: { baseDelayMs: 500 }');
  requirePositive(retry.maxDelayMs, 'retry.maxDelayMs', 'retry: { maxDelayMs: 8000 }');
  requirePositive(retry.maxTotalMs, 'retry.maxTotalMs', 'retry: { maxTotalMs: 60000 }');
}
