/**
 * Retries transient failures quickly (seconds, not minutes): 429/502/503/504 and network errors,
 * with exponential backoff, jitter and a bound on attempts and total time. Other 4xx are final.
 * Longer outages are the workflow's business (DBOS step retries), never both layers at once.
 *
 * A POST that creates something is retried only when Boomi certainly did not act on it: a 503
 * (Boomi's rate-limit refusal) or 429, or a connection that was never established. After a 502,
 * 504, timeout or reset the outcome is unknown, so the error goes to the caller, who checks
 * whether the object exists before trying again (the resource modules expose those look-ups).
 */
import { BoomiRequestError } from '../errors.ts';
import type { TimeBase } from '../time.ts';
import type { BoomiRequest, TransportPlugin } from '../transport.ts';

export interface RetryPolicy {
  enabled: boolean;
  /** Total attempts including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  maxTotalMs: number;
  /** Statuses retried for any request. */
  retryStatuses: readonly number[];
  /** Statuses retried for non-idempotent requests too (Boomi refused before doing anything). */
  unsafeRetryStatuses: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  enabled: true,
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalMs: 60_000,
  retryStatuses: [429, 502, 503, 504],
  unsafeRetryStatuses: [429, 503],
};

/** Network failures where the request never reached Boomi. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'];

export function isIdempotent(request: BoomiRequest): boolean {
  return request.idempotent ?? request.method !== 'POST';
}

export function shouldRetry(error: BoomiRequestError, request: BoomiRequest, policy: RetryPolicy): boolean {
  const safe = isIdempotent(request);
  if (error.status === 0) return safe || NOT_SENT_CODES.includes(error.networkCode ?? '');
  return (safe ? policy.retryStatuses : policy.unsafeRetryStatuses).includes(error.status);
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export function retryPlugin(policy: RetryPolicy, time: TimeBase): TransportPlugin {
  return {
    name: 'retry',
    wrap: (next) => async (context) => {
      const started = time.now();
      for (let attempt = 1; ; attempt++) {
        try {
          return await next({ ...context, attempt });
        } catch (error) {
          if (!(error instanceof BoomiRequestError)) throw error;
          error.attempts = attempt;
          if (attempt >= policy.attempts || !shouldRetry(error, context.request, policy)) throw error;
          const wait = Math.min(
            error.retryAfterMs ?? backoffMs(attempt, policy, time.random),
            policy.maxTotalMs,
          );
          if (time.now() - started + wait > policy.maxTotalMs) throw error;
          await time.sleep(wait);
        }
      }
    },
  };
}
