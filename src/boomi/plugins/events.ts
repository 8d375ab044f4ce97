/**
 * Reports every attempt (method, object, status, attempt, limiter wait, latency) to a callback:
 * the feed for Prometheus metrics and run history. A throwing listener never breaks a call.
 */
import { BoomiRequestError } from '../errors.ts';
import type { TimeBase } from '../time.ts';
import type { TransportPlugin } from '../transport.ts';

export interface BoomiCallEvent {
  method: string;
  /** The Boomi object, e.g. `PackagedComponent`. */
  object: string;
  /** Path below the account, e.g. `/PackagedComponent/query`. */
  path: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** True when this attempt is a retry of an earlier one. */
  retried: boolean;
  limiterWaitMs: number;
  latencyMs: number;
  /** Set when no response arrived (`ECONNRESET`, `TIMEOUT`, …). */
  networkCode?: string;
}

export function eventsPlugin(onCall: (event: BoomiCallEvent) => void, time: TimeBase): TransportPlugin {
  return {
    name: 'events',
    wrap: (next) => async (context) => {
      const started = time.now();
      const report = (status: number, networkCode?: string) => {
        const event: BoomiCallEvent = {
          method: context.request.method,
          object: context.object,
          path: context.request.path,
          status,
          attempt: context.attempt,
          retried: context.attempt > 1,
          limiterWaitMs: context.limiterWaitMs,
          latencyMs: time.now() - started,
          ...(networkCode ? { networkCode } : {}),
        };
        try {
          onCall(event);
        } catch {
          // Metrics must never decide whether a Boomi call succeeds.
        }
      };
      try {
        const response = await next(context);
        report(response.status);
        return response;
      } catch (error) {
        if (error instanceof BoomiRequestError) report(error.status, error.networkCode);
        throw error;
      }
    },
  };
}
