/** The Boomi Platform API client: everything other folders may import from `src/boomi`. */
export { createBoomiClient, type BoomiClient } from './client.ts';
export { DEFAULT_BASE_URL, type BoomiClientOptions } from './options.ts';
export {
  BoomiClientConfigError,
  BoomiPollTimeoutError,
  BoomiRequestError,
  isBoomiRequestError,
  TRANSIENT_STATUSES,
} from './errors.ts';
export type { RateLimiter, RateLimiterOptions } from './limiter/rate-limiter.ts';
export { DEFAULT_BURST, DEFAULT_RATE_PER_SECOND } from './limiter/rate-limiter.ts';
export { BOOMI_LANES, withBoomiLane, type BoomiLane, type LaneTicket } from './lane.ts';
export { InMemoryRateLimiter } from './limiter/in-memory.ts';
export { PostgresRateLimiter } from './limiter/postgres.ts';
export type { BoomiCallEvent } from './plugins/events.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './plugins/retry.ts';
export { DEFAULT_POLL_POLICIES, pollPolicy, pollUntil, type PollPolicy } from './poll.ts';
export { realTime } from './time.ts';
export { MERGE_DEAD_END_STAGES } from './resources/merge-requests.ts';
export { isNotFound, type BulkItem } from './resources/common.ts';
export type { ReleaseStatus } from './resources/releases.ts';
export type { DeployedPackageFilter, UndeployOutcome } from './resources/deployed-packages.ts';
export type { EnvironmentFilter } from './resources/environments.ts';
export type * from './types.ts';
