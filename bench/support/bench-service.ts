/**
 * The real service for a benchmark, in this process: `startService` (the composition root
 * `npm start` uses) in sandbox mode on free loopback ports, on a database this benchmark opened
 * itself (embedded PostgreSQL in a temp dir, handed to the service as DATABASE_URL), so the
 * benchmark can seed promotions straight into the store and read run rows back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import type { DemoWorld } from '../../src/sandbox/server.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { startService, type RunningService } from '../../src/runtime/service.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { freeLoopbackPort } from '../../src/store/free-port.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { SandboxControl } from './sandbox-control.ts';

export interface BenchDatabase {
  db: Database;
  repos: Repositories;
  dataDir: string;
  close(): Promise<void>;
}

/** A fresh embedded PostgreSQL cluster in a temp dir, migrated. */
export async function openBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `promo-bench-${prefix}-`));
  const db = await openDatabase({ dataDir });
  return {
    db,
    repos: createRepositories(db.pool),
    dataDir,
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BenchService {
  service: RunningService;
  sandbox: SandboxControl;
  demo: DemoWorld;
  /** The demo admin's API token (admin@example.com). */
  adminToken: string;
  close(): Promise<void>;
}

export interface BenchServiceOptions {
  databaseUrl: string;
  /** BOOMI_RATE_LIMIT: the service's shared limiter, calls per second. */
  rateLimitPerSecond: number;
  /** PROMO_POLL_INTERVAL_MS; undefined keeps the sandbox-mode default (250 ms). */
  pollIntervalMs?: number;
  logLevel?: string;
}

export async function startBenchService(options: BenchServiceOptions): Promise<BenchService> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'promo-bench-service-'));
  const config = loadConfig({
    PROMO_DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    PROMO_PORT: String(await freeLoopbackPort()),
    PROMO_SANDBOX_PORT: String(await freeLoopbackPort()),
    BOOMI_RATE_LIMIT: String(options.rateLimitPerSecond),
    ...(options.pollIntervalMs !== undefined
      ? { PROMO_POLL_INTERVAL_MS: String(options.pollIntervalMs) }
      : {}),
  });
  // Warnings only, on stderr: the benchmark's own lines stay readable on stdout.
  const logger = createLogger({
    level: options.logLevel ?? 'warn',
    destination: process.stderr,
  });
  const service = await startService(config, { logger });
  const sandboxUrl = service.sandbox?.url;
  const demo = service.sandbox?.world;
  const adminToken = service.tokens?.['admin@example.com'];
  if (!sandboxUrl || !demo || !adminToken) {
    await service.close();
    throw new Error('the benchmark needs the service in sandbox mode (demo world and demo tokens)');
  }
  return {
    service,
    sandbox: new SandboxControl(sandboxUrl),
    demo,
    adminToken,
    async close() {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
