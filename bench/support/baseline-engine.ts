/**
 * The baseline of bench/concurrent: the same workflow on the same kind of database, but with the
 * Boomi client the old bash scripts amounted to — a fixed 120 ms sleep before every call of a
 * run (the seed's "120 ms gap between calls"), no shared limiter and no retries. The service's
 * composition root always wires the shared limiter, so this composes the pieces itself.
 * Runs are started through the deployment service directly (the HTTP layer is not what differs).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createBoomiClient, type RateLimiter } from '../../src/boomi/index.ts';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import type { Caller } from '../../src/domain/caller.ts';
import type { DemoWorld } from '../../src/sandbox/server.ts';
import type { Database } from '../../src/store/database.ts';
import { createAppServices } from '../../src/app/index.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { startWorkflowEngine, trackBoomiCall } from '../../src/workflow/engine.ts';

/** Sleeps a fixed time before every call, whoever else is calling: no shared budget at all. */
export class FixedGapLimiter implements RateLimiter {
  constructor(private readonly gapMs: number) {}
  async acquire(): Promise<number> {
    await sleep(this.gapMs);
    return this.gapMs;
  }
}

export interface BaselineEngine {
  repos: Repositories;
  start(body: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startBaselineEngine(options: {
  database: Database;
  sandboxApiBaseUrl: string;
  demo: DemoWorld;
  gapMs: number;
  /** The service's sandbox-mode poll pacing, so only the client differs. */
  pollIntervalMs: number;
  admin: Caller;
}): Promise<BaselineEngine> {
  const { database, demo } = options;
  const repos = createRepositories(database.pool);
  const boomi = createBoomiClient({
    baseUrl: options.sandboxApiBaseUrl,
    accountId: demo.accountId,
    username: demo.username,
    apiToken: demo.apiToken,
    limiter: new FixedGapLimiter(options.gapMs),
    retry: { enabled: false },
    onCall: trackBoomiCall,
  });
  const poll = { intervalMs: options.pollIntervalMs, maxIntervalMs: options.pollIntervalMs * 4 };
  const engine = await startWorkflowEngine({
    boomi,
    repos,
    settings: {
      accountId: demo.accountId,
      mergeTimeoutMs: 10 * 60_000,
      releaseTimeoutMs: 10 * 60_000,
      poll: { mergeStage: poll, release: poll },
    },
    dbos: {
      systemDatabaseUrl: database.systemDatabaseUrl,
      pool: database.pool,
      applicationVersion: 'bench-baseline',
      executorId: `bench-baseline-${process.pid}`,
    },
  });
  const services = createAppServices({ boomi, repos, engine, accountId: demo.accountId });
  return {
    repos,
    async start(body) {
      const { runId } = await services.deployments.start(parseDeployRequest(body), options.admin);
      return runId;
    },
    async close() {
      await engine.close({ waitForWorkflowsMs: 0 });
    },
  };
}
