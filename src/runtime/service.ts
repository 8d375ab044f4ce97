/**
 * The composition root: `startService(config)` builds the whole service in dependency order and
 * hands back one `close()` that stops everything in reverse.
 *
 *   sandbox (sandbox mode only) → database (embedded unless DATABASE_URL; migrated) →
 *   Boomi client (shared PostgreSQL limiter) → workflow engine (steps, run observer: logs +
 *   metrics, DBOS; recovery may start here) → stale-run reconciler (first pass now, then every
 *   minute) → sandbox seed + demo tokens → application services → HTTP app → listen →
 *   notification worker → branch janitor (a pass now, then every PROMO_BRANCH_JANITOR_INTERVAL_MS).
 */
import { fileURLToPath } from 'node:url';
import { startBranchJanitor } from '../app/branch-janitor.ts';
import { createAppServices } from '../app/index.ts';
import { consoleOidcSignIn, type SignInSettings } from '../app/sign-in-service.ts';
import type { BoomiCallEvent } from '../boomi/index.ts';
import { DEFAULT_TIMEOUT_MS } from '../boomi/options.ts';
import type { Config, OidcConfig } from '../config.ts';
import { buildApp } from '../http/app.ts';
import { createOidcVerifier } from '../http/auth/oidc.ts';
import { createMetrics } from '../http/metrics.ts';
import { listen } from '../http/server.ts';
import { createNotificationWorker } from '../notifications/index.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/server.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { createRepositories } from '../store/repositories/index.ts';
import { startStaleRunReconciler, startWorkflowEngine, trackBoomiCall } from '../workflow/engine.ts';
import { boomiProbe, boomiTarget, connectBoomi } from './boomi-connection.ts';
import { createLogger, storeLog, type Logger } from './logger.ts';
import { createRunObserver } from './run-observer.ts';
import { seedSandboxDatabase, type SeedSummary } from './sandbox-seed.ts';
import { DEMO_USERS, ensureSandboxTokens, sandboxTokensPath, type SandboxTokens } from './sandbox-tokens.ts';
import { SERVICE_VERSION, WORKFLOW_APPLICATION_VERSION } from './version.ts';

export interface RunningService {
  /** `http://127.0.0.1:8080` */
  url: string;
  accountId: string;
  sandbox: RunningSandbox | undefined;
  /** Sandbox mode: each demo user's API token (also in `tokensFile`). */
  tokens: SandboxTokens | undefined;
  tokensFile: string | undefined;
  seed: SeedSummary | undefined;
  embeddedDatabase: boolean;
  logger: Logger;
  /** Stops the HTTP server, the workflow engine (DBOS), the database and the sandbox, in that order. */
  close(): Promise<void>;
}

export interface StartServiceOptions {
  /** Default: JSON lines on stdout at config.logLevel. */
  logger?: Logger;
  /** How long shutdown lets running workflows finish before stopping (they resume later). Default 5 s. */
  drainMs?: number;
  /** How often active runs are reconciled with their DBOS workflows. Default 60 s. */
  reconcileIntervalMs?: number;
}

/** Runs `close` steps newest first; one failing step never keeps the next from running. */
class Shutdown {
  private readonly steps: { name: string; run: () => Promise<unknown> }[] = [];
  constructor(private readonly logger: Logger) {}
  add(name: string, run: () => Promise<unknown>): void {
    this.steps.unshift({ name, run });
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0)) {
      try {
        await step.run();
      } catch (error) {
        this.logger.warn({ step: step.name, error: (error as Error).message }, 'Shutdown step failed');
      }
    }
  }
}

export async function startService(
  config: Config,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const shutdown = new Shutdown(logger);
  try {
    return await start(config, options, logger, shutdown);
  } catch (error) {
    await shutdown.run();
    throw error;
  }
}

async function start(
  config: Config,
  options: StartServiceOptions,
  logger: Logger,
  shutdown: Shutdown,
): Promise<RunningService> {
  let sandbox: RunningSandbox | undefined;
  if (config.sandboxMode) {
    sandbox = await withPortHint(
      startSandbox({ port: config.sandboxPort, host: '127.0.0.1', demo: true }),
      config.sandboxPort,
      'PROMO_SANDBOX_PORT',
    );
    shutdown.add('sandbox', () => sandbox!.close());
    logger.info({ url: sandbox.url }, 'Boomi sandbox started with the demo world');
  }

  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: storeLog(logger),
  });
  shutdown.add('database', () => database.close());
  const repos = createRepositories(database.pool);
  const metrics = createMetrics();

  const target = boomiTarget(config.boomi, sandbox, config.boomiRateLimitPerSecond);
  const onCall = (event: BoomiCallEvent) => {
    metrics.recordBoomiCall(event);
    trackBoomiCall(event);
  };
  const boomi = connectBoomi(target, database.pool, onCall, config.executorId);

  const workflowLog = logger.child({ component: 'workflow' });
  const poll =
    config.pollIntervalMs === undefined
      ? undefined
      : {
          mergeStage: { intervalMs: config.pollIntervalMs, maxIntervalMs: config.pollIntervalMs * 4 },
          release: { intervalMs: config.pollIntervalMs, maxIntervalMs: config.pollIntervalMs * 4 },
        };
  const engine = await startWorkflowEngine({
    boomi,
    repos,
    settings: {
      accountId: target.accountId,
      mergeTimeoutMs: config.mergeTimeoutMs,
      releaseTimeoutMs: config.releaseTimeoutMs,
      // A write may reach Boomi until the client gives up, and take Boomi about as long again.
      writeSettleMs: 2 * (target.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS),
      ...(poll ? { poll } : {}),
    },
    log: workflowLog,
    failpoint: config.failpoint,
    observer: createRunObserver(logger, metrics),
    dbos: {
      systemDatabaseUrl: database.systemDatabaseUrl,
      pool: database.pool,
      applicationVersion: WORKFLOW_APPLICATION_VERSION,
      executorId: config.executorId,
      log: storeLog(logger),
    },
  });
  shutdown.add('workflow engine', () => engine.close({ waitForWorkflowsMs: options.drainMs ?? 5_000 }));
  // A run whose workflow ended without recording its end would block its promotion for good.
  const reconciler = await startStaleRunReconciler({
    reconcile: () => engine.reconcileStaleRuns(),
    intervalMs: options.reconcileIntervalMs ?? 60_000,
    log: workflowLog,
  });
  shutdown.add('stale-run reconciler', () => reconciler.stop());

  let tokens: SandboxTokens | undefined;
  let seed: SeedSummary | undefined;
  if (sandbox?.world) {
    seed = await seedSandboxDatabase(repos, sandbox.world);
    tokens = await ensureSandboxTokens(repos.apiTokens, config.dataDir);
    logger.info({ ...seed }, 'Sandbox data seeded');
  }

  const services = createAppServices({
    boomi,
    repos,
    engine,
    accountId: target.accountId,
    log: workflowLog,
    signIn: consoleSignIn(tokens, config.oidc),
    approvalPolicy: config.approvalPolicy,
  });
  const app = await buildApp({
    pool: database.pool,
    stores: repos,
    checkBoomi: boomiProbe(boomi),
    services,
    ...(config.oidc ? { oidc: createOidcVerifier(config.oidc) } : {}),
    metrics,
    logger: logger.child({ component: 'http' }),
    version: SERVICE_VERSION,
    consoleDir: CONSOLE_DIST,
  });
  shutdown.add('http', () => closeHttp(app));
  const url = await withPortHint(
    listen(app, { host: config.host, port: config.port }),
    config.port,
    'PROMO_PORT',
  );
  // Notifications (spec §13): after listen, so links can name the service's own URL.
  const notifier = createNotificationWorker(config.notifications, {
    pool: database.pool,
    apiTokens: repos.apiTokens,
    consoleUrl: url,
    log: logger.child({ component: 'notifications' }),
  });
  notifier.start();
  shutdown.add('notification worker', () => notifier.stop());
  // Spec §10: branches of final-state records are deleted, at start and every interval. Not
  // awaited: a slow Boomi must not hold up readiness; stop() waits for a pass in flight.
  const janitor = startBranchJanitor({
    pool: database.pool,
    boomi,
    repos,
    log: logger.child({ component: 'branch-janitor' }),
    intervalMs: config.branchJanitorIntervalMs,
  });
  shutdown.add('branch janitor', async () => (await janitor).stop());
  if (!config.notifications.smtpUrl && !config.sandboxMode) {
    logger.warn('PROMO_SMTP_URL is not set: notification emails are kept (GET /notifications), not sent');
  }
  logger.info({ url, sandbox: sandbox?.url ?? null, accountId: target.accountId }, 'promo is ready');

  return {
    url,
    accountId: target.accountId,
    sandbox,
    tokens,
    tokensFile: tokens ? sandboxTokensPath(config.dataDir) : undefined,
    seed,
    embeddedDatabase: database.embedded,
    logger,
    close: () => shutdown.run(),
  };
}

/** The built console (`npm run build:console`, run by `npm install`). */
const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** How people sign in to the console: the demo users only in sandbox mode (their tokens exist only there). */
function consoleSignIn(tokens: SandboxTokens | undefined, oidc: OidcConfig | undefined): SignInSettings {
  const oidcSignIn = consoleOidcSignIn(oidc);
  return {
    ...(tokens
      ? { demoUsers: DEMO_USERS.map((user) => ({ ...user, token: tokens[user.email] ?? '' })) }
      : {}),
    ...(oidcSignIn ? { oidc: oidcSignIn } : {}),
  };
}

/** A busy port is the most likely start-up failure on a laptop: say which variable moves it. */
async function withPortHint<T>(starting: Promise<T>, port: number, variable: string): Promise<T> {
  try {
    return await starting;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(
      `Port ${port} is already in use: stop what uses it, or choose another with ${variable}=<port>`,
    );
  }
}

/**
 * Stops accepting and lets requests in flight finish for a moment; then ends whatever is still
 * open (event streams never end on their own, and would hold the close forever).
 */
async function closeHttp(app: Awaited<ReturnType<typeof buildApp>>, graceMs = 2_000): Promise<void> {
  const closing = app.close();
  app.server.closeIdleConnections();
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await closing;
  } finally {
    clearTimeout(timer);
  }
}
