/**
 * When a failed delivery is tried again: exponential backoff with jitter, capped. After
 * `maxAttempts` attempts the delivery is failed for good (an admin can retry it).
 */
export interface BackoffPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before attempt `attempts + 1`, or null when `attempts` has used up the policy.
 * `random` is in [0, 1) (Math.random in production, fixed in tests).
 */
export function retryDelayMs(policy: BackoffPolicy, attempts: number, random: number): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  // Equal jitter (half fixed, half random) spreads the retries of deliveries that failed together
  // (a receiver outage) while still growing the wait.
  return Math.max(1, Math.round(ceiling / 2 + (random * ceiling) / 2));
}
