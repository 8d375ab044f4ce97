/**
 * DBOS Transact on the service's PostgreSQL: workflows and their checkpointed steps live in
 * a system database beside ours, so a run interrupted by a crash resumes after its last
 * completed step. DBOS recovers only its own executor id at launch; the heartbeat + reaper
 * below let a live instance resume the runs of an instance that died for good.
 *
 * DBOS is a process-wide singleton: one launch per process (the workflow engine's).
 */
import { hostname } from 'node:os';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { DBOSExecutor } from '@dbos-inc/dbos-sdk/internal/dbos-executor';
import { migrateSystemDatabase } from '@dbos-inc/dbos-sdk/internal/system_database';
import type { Pool } from 'pg';
import { DBOS_INIT_LOCK_KEY, withAdvisoryLock } from './advisory-lock.ts';
import { type StoreLog, silentLog } from './embedded.ts';
import { reapSilentExecutors, type Takeover } from './reaper.ts';
import { HeartbeatsRepository } from './repositories/heartbeats.ts';

export interface DbosLaunchOptions {
  /** Database.systemDatabaseUrl; DBOS creates it on first launch. */
  systemDatabaseUrl: string;
  /** The service database's pool (heartbeats table). */
  pool: Pool;
  /** Explicit: DBOS resumes a workflow only on the version that started it. */
  applicationVersion: string;
  /** Unique per instance and stable across its restarts (config.executorId). */
  executorId: string;
  /** Registers every workflow (DBOS.registerWorkflow) — must run before launch. */
  registerWorkflows: () => void;
  /** DBOS application name, default `promo`. */
  appName?: string;
  /** Default 5 s. */
  heartbeatIntervalMs?: number;
  /** An instance silent this long is presumed dead and taken over. Default 30 s. */
  takeoverAfterMs?: number;
  log?: StoreLog;
}

export interface DbosInstance {
  executorId: string;
  applicationVersion: string;
  /** Runs one reaper pass now; returns what this instance took over. */
  reapNow(): Promise<Takeover[]>;
}

interface Running {
  dbos: DbosInstance;
  timer: NodeJS.Timeout;
  heartbeats: HeartbeatsRepository;
  executorId: string;
  log: StoreLog;
}

let running: Running | null = null;

function dbosLogger(log: StoreLog) {
  const text = (entry: unknown) => (entry instanceof Error ? entry.message : String(entry));
  return {
    info: (entry: unknown) => log.info(`dbos: ${text(entry)}`),
    debug: () => {},
    warn: (entry: unknown) => log.warn(`dbos: ${text(entry)}`),
    error: (entry: unknown) => log.warn(`dbos error: ${text(entry)}`),
  };
}

/** Re-enqueues the executor's PENDING workflows of our version; any live instance then runs them. */
async function recoverExecutor(executorId: string): Promise<number> {
  const executor = DBOSExecutor.globalInstance;
  if (!executor) throw new Error('DBOS is not launched');
  const handles = await executor.recoverPendingWorkflows([executorId]);
  return handles.length;
}

export async function launchDbos(options: DbosLaunchOptions): Promise<DbosInstance> {
  if (running) throw new Error('DBOS is already launched in this process');
  const log = options.log ?? silentLog;
  const heartbeats = new HeartbeatsRepository(options.pool);
  const beatInfo = { applicationVersion: options.applicationVersion, hostname: hostname(), pid: process.pid };
  // Beat before launching, so no peer mistakes a restarting instance for a dead one.
  await heartbeats.beat(options.executorId, beatInfo);

  options.registerWorkflows();
  DBOS.setConfig({
    name: options.appName ?? 'promo',
    systemDatabaseUrl: options.systemDatabaseUrl,
    applicationVersion: options.applicationVersion,
    executorID: options.executorId,
    logger: dbosLogger(log),
  });
  // Two instances initialising DBOS at once on a fresh database deadlock: one at a time.
  await withAdvisoryLock(options.pool, DBOS_INIT_LOCK_KEY, () => DBOS.launch());

  const reapNow = async () => {
    const takeovers = await reapSilentExecutors({
      pool: options.pool,
      self: options.executorId,
      applicationVersion: options.applicationVersion,
      silentForMs: options.takeoverAfterMs ?? 30_000,
      recover: recoverExecutor,
    });
    for (const t of takeovers) {
      log.warn(`Took over ${t.recoveredWorkflows} pending workflow(s) of silent instance ${t.executorId}`);
    }
    return takeovers;
  };
  const tick = async () => {
    try {
      await heartbeats.beat(options.executorId, beatInfo);
      await reapNow();
    } catch (error) {
      log.warn(`Heartbeat/reaper pass failed: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => void tick(), options.heartbeatIntervalMs ?? 5_000);
  timer.unref();
  void tick();

  const dbos: DbosInstance = {
    executorId: options.executorId,
    applicationVersion: options.applicationVersion,
    reapNow,
  };
  running = { dbos, timer, heartbeats, executorId: options.executorId, log };
  return dbos;
}

/**
 * Creates or migrates DBOS's system database without launching DBOS (`promo migrate`), under the
 * same lock as launches, so an instance starting meanwhile waits and then finds it ready.
 */
export async function prepareSystemDatabase(
  pool: Pool,
  systemDatabaseUrl: string,
  log: StoreLog = silentLog,
): Promise<void> {
  const logger = dbosLogger(log) as unknown as Parameters<typeof migrateSystemDatabase>[1];
  await withAdvisoryLock(pool, DBOS_INIT_LOCK_KEY, () => migrateSystemDatabase(systemDatabaseUrl, logger));
}

/**
 * Stops DBOS (optionally letting running workflows finish first) and dates this instance's
 * heartbeat back so a peer resumes anything left pending without waiting for the threshold.
 */
export async function shutdownDbos(options: { waitForWorkflowsMs?: number } = {}): Promise<void> {
  if (!running) return;
  const { timer, heartbeats, executorId, log } = running;
  running = null;
  clearInterval(timer);
  await DBOS.shutdown({
    deregister: true,
    ...(options.waitForWorkflowsMs ? { workflowCompletionTimeoutMS: options.waitForWorkflowsMs } : {}),
  });
  await heartbeats
    .markStopped(executorId)
    .catch((error: Error) => log.warn(`Heartbeat not updated: ${error.message}`));
}
