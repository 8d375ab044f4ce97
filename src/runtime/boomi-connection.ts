/**
 * Where the service's Boomi client points: the real Platform API (BOOMI_* set) or the built-in
 * sandbox, reached over real HTTP through the very same client. Either way every call passes the
 * account-wide PostgreSQL limiter, shared by all runs and all instances on the database.
 */
import type { Pool } from 'pg';
import {
  createBoomiClient,
  PostgresRateLimiter,
  type BoomiCallEvent,
  type BoomiClient,
} from '../boomi/index.ts';
import type { BoomiConfig } from '../config.ts';
import type { RunningSandbox } from '../sandbox/server.ts';

export interface BoomiTarget {
  baseUrl: string;
  accountId: string;
  username: string;
  apiToken: string;
  rateLimitPerSecond: number;
  requestTimeoutMs?: number;
}

/** The configured Boomi account, or the sandbox's demo account when there is none. */
export function boomiTarget(
  boomi: BoomiConfig | undefined,
  sandbox: RunningSandbox | undefined,
  rateLimitPerSecond: number,
): BoomiTarget {
  if (boomi) return { ...boomi };
  const world = sandbox?.world;
  if (!sandbox || !world) throw new Error('Sandbox mode needs the sandbox running with its demo world');
  return {
    baseUrl: sandbox.apiBaseUrl,
    accountId: world.accountId,
    username: world.username,
    apiToken: world.apiToken,
    rateLimitPerSecond,
  };
}

export function connectBoomi(
  target: BoomiTarget,
  pool: Pool,
  onCall: (event: BoomiCallEvent) => void,
  /** This instance's place in the limiter's line; the executor id, so a restart takes it over. */
  instanceId?: string,
): BoomiClient {
  return createBoomiClient({
    baseUrl: target.baseUrl,
    accountId: target.accountId,
    username: target.username,
    apiToken: target.apiToken,
    limiter: new PostgresRateLimiter(pool, {
      perSecond: target.rateLimitPerSecond,
      ...(instanceId ? { instanceId } : {}),
    }),
    ...(target.requestTimeoutMs ? { timeoutMs: target.requestTimeoutMs } : {}),
    onCall,
  });
}

/** Readiness: one cheap authenticated read proves Boomi answers and accepts our credentials. */
export function boomiProbe(boomi: BoomiClient): () => Promise<void> {
  return async () => {
    await boomi.environments.list();
  };
}
