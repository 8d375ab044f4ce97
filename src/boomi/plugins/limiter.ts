/**
 * Every attempt (first tries and retries alike) waits for a slot from the account-wide limiter,
 * in the lane of the scope that made the call (withBoomiLane), so retries never add to the load
 * that caused a 503.
 */
import { currentLaneTicket } from '../lane.ts';
import { noteLimiterWait } from '../limiter-wait.ts';
import type { RateLimiter } from '../limiter/rate-limiter.ts';
import type { TransportPlugin } from '../transport.ts';

export function limiterPlugin(limiter: RateLimiter, key: string): TransportPlugin {
  return {
    name: 'limiter',
    wrap: (next) => async (context) => {
      const limiterWaitMs = await limiter.acquire(key, currentLaneTicket());
      noteLimiterWait(limiterWaitMs);
      return next({ ...context, limiterWaitMs });
    },
  };
}
