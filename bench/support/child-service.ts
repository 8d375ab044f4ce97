/**
 * `npm start` as a child process, exactly as a user runs it: a temp data dir, free loopback
 * ports, nothing inherited that would configure it by accident. Measures spawn → "promo is ready"
 * and reads the memory of the service's own node process (not npm's, not PostgreSQL's) from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/store/free-port.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildService {
  url: string;
  readyMs: number;
  /** Start-up log lines until ready: ms after spawn and the message. */
  startup: { atMs: number; msg: string }[];
  /** The node process running bin/promo.js (under npm and its shell). */
  servicePid: number;
  stop(): Promise<void>;
}

function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(PROMO_|BOOMI_|DATABASE_URL$|LOG_LEVEL$|npm_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface NpmServiceOptions {
  /**
   * Write a V8 CPU profile of the service there at exit. Node refuses --cpu-prof in NODE_OPTIONS,
   * so the service is then started as `node --cpu-prof bin/promo.js start` (what `npm start` runs).
   */
  cpuProfileDir?: string;
  timeoutMs?: number;
  /** More environment for the service (e.g. DATABASE_URL and BOOMI_* for a second instance). */
  env?: Record<string, string>;
}

export async function startNpmService(
  dataDir: string,
  options: NpmServiceOptions = {},
): Promise<ChildService> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const env = cleanEnv({
    PROMO_DATA_DIR: dataDir,
    PROMO_PORT: String(await freeLoopbackPort()),
    PROMO_SANDBOX_PORT: String(await freeLoopbackPort()),
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const started = performance.now();
  const [command, args] = options.cpuProfileDir
    ? [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, 'bin/promo.js', 'start']]
    : ['npm', ['start', '--silent']];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const spawnedAt = Date.now();
  const lines: string[] = [];
  const url = await readyUrl(child, timeoutMs, () => stderr, lines).catch((error: unknown) => {
    // Never leave a half-started service behind.
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    throw error;
  });
  const readyMs = performance.now() - started;
  const startup = lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { time?: string; msg?: string };
      return entry.time && entry.msg ? [{ atMs: Date.parse(entry.time) - spawnedAt, msg: entry.msg }] : [];
    } catch {
      return [];
    }
  });
  const servicePid = await findServicePid(child.pid!);
  return {
    url,
    readyMs,
    startup,
    servicePid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Ctrl-C reaches the whole process group.
      process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readyUrl(
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
  lines: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    const timer = setTimeout(
      () => reject(new Error(`not ready within ${timeoutMs} ms\n${stderr()}`)),
      timeoutMs,
    );
    // Read on after ready too (and drop it): the service writes its logs synchronously, so an
    // undrained pipe would stall it.
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (ready) return;
      out += chunk;
      const complete = out.split('\n');
      out = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        if (!line.includes('"promo is ready"')) continue;
        ready = true;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
        return;
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before ready\n${stderr()}`));
    });
  });
}

async function processes(): Promise<{ pid: number; ppid: number; cmdline: string }[]> {
  const list = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      list.push({ pid: Number(entry), ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

/** Every process under `root`, itself included. */
export async function processTree(root: number): Promise<{ pid: number; cmdline: string }[]> {
  const all = await processes();
  const tree = all.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) {
    tree.push(...all.filter((p) => p.ppid === tree[i]!.pid));
  }
  return tree;
}

async function findServicePid(npmPid: number): Promise<number> {
  // npm's shell carries the same command line; the node process is the deepest match.
  const service = (await processTree(npmPid)).filter((p) => p.cmdline.includes('bin/promo.js')).at(-1);
  if (!service) throw new Error('could not find the service process under npm start');
  return service.pid;
}

/** Resident set size now and at its peak (VmHWM), in MB. */
export async function memoryOf(pid: number): Promise<{ rssMb: number; peakRssMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/** Proportional set size (shared pages split among their users), in MB: sums honestly. */
export async function pssOf(pid: number): Promise<number> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
