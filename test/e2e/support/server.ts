/**
 * The real service as a child process (`node bin/promo.js serve`, or exactly `npm start`) on free
 * loopback ports, with its own data directory and — unless a test wants the embedded database —
 * its own database cloned on the shared test cluster. Tests reach it only over HTTP and the CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../../src/store/free-port.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type Tokens = Record<string, string>;

export interface ServerOptions {
  /** Extra environment (OIDC settings, timeouts …). */
  env?: Record<string, string>;
  /** Use the embedded PostgreSQL in the data dir instead of a database on the test cluster. */
  embedded?: boolean;
  /** Run exactly `npm start` instead of `node bin/promo.js serve`. */
  npmStart?: boolean;
  /** Reuse this data directory (a second start). */
  dataDir?: string;
}

/** How the child ended: its exit code, or the signal that ended it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  url: string;
  sandboxUrl: string;
  dataDir: string;
  /** The environment the child got (also what CLI calls should use). */
  env: Record<string, string>;
  tokens: Tokens;
  database: TestDatabase | undefined;
  stdout(): string;
  stderr(): string;
  /** SIGINT (as Ctrl-C sends it to the whole process group), then waits for the exit. */
  stop(): Promise<Exit>;
  /** stop() and remove the data dir and the database. */
  dispose(): Promise<void>;
}

/** The parent's environment without anything that would configure the child by accident. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(PROMO_|BOOMI_|DATABASE_URL$|LOG_LEVEL$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function waitForReady(
  child: ChildProcess,
  output: { out: string; err: string },
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`server not ready within ${timeoutMs} ms\n${output.err}`)),
      timeoutMs,
    );
    // Ready = the JSON "promo is ready" log line (it carries the URL) and the end of the banner.
    const onData = () => {
      if (!output.err.includes('Press Ctrl-C to stop.')) return;
      for (const line of output.out.split('\n')) {
        if (!line.includes('"promo is ready"')) continue;
        const url = (JSON.parse(line) as { url?: string }).url;
        if (url) finish(null, url);
      }
    };
    const onExit = (code: number | null) =>
      finish(new Error(`server exited (${code}) before ready\n${output.err}\n${output.out.slice(-2000)}`));
    function finish(error: Error | null, url?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(url!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'promo-e2e-')));
  const database = options.embedded ? undefined : await createTestDatabase();
  const env = cleanEnv({
    PROMO_PORT: String(await freeLoopbackPort()),
    PROMO_SANDBOX_PORT: String(await freeLoopbackPort()),
    PROMO_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // Quick polls and a generous limiter: tests lift the sandbox's own 10/s limit (sandbox.unthrottle).
    PROMO_POLL_INTERVAL_MS: '20',
    BOOMI_RATE_LIMIT: '200',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const command = options.npmStart ? 'npm' : process.execPath;
  const args = options.npmStart ? ['start', '--silent'] : ['bin/promo.js', 'serve'];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = { out: '', err: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.err += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // npm start runs node under npm (and a shell): signal the whole process group, as Ctrl-C does.
      process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    }
    return exited;
  };

  let url: string;
  try {
    url = await waitForReady(child, output, 90_000);
  } catch (error) {
    await stop();
    await database?.drop();
    throw error;
  }
  // Only sandbox mode writes demo tokens; against Boomi there are none.
  const tokensFile = await readFile(path.join(dataDir, 'sandbox-tokens.json'), 'utf8').catch(() => '{}');
  const tokens = JSON.parse(tokensFile) as Tokens;
  return {
    url,
    sandboxUrl: `http://127.0.0.1:${env.PROMO_SANDBOX_PORT}`,
    dataDir,
    env,
    tokens,
    database,
    stdout: () => output.out,
    stderr: () => output.err,
    stop,
    async dispose() {
      await stop();
      await database?.drop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
