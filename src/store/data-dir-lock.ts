/**
 * An exclusive claim on a data directory: `<dataDir>/promo.lock` holds the owner's pid. A
 * second live process is refused with a message naming the directory and the pid; a lock
 * left by a dead process (crash, SIGKILL) is taken over. PostgreSQL's own postmaster.pid
 * remains the last line of defence: two servers can never run on one cluster.
 */
import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

export interface DataDirLock {
  path: string;
  /** The previous owner when its stale lock was taken over. */
  tookOverFrom: LockOwner | null;
  release(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `Data directory ${dataDir} is in use by another promo process (pid ${owner.pid} on ${owner.hostname}, ` +
        `since ${owner.startedAt}). Stop that process first, or use another directory ` +
        `(PROMO_DATA_DIR=/some/other/dir), or an external database (DATABASE_URL=postgres://…).`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** True when `pid` is a live process that could be a promo (node) process. */
export function isLiveProcess(pid: number, commandMustInclude?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but not ours to signal.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!commandMustInclude) return true;
  try {
    // A recycled pid now running something else does not hold the lock.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(commandMustInclude);
  } catch {
    return true; // No /proc (not Linux): trust the pid.
  }
}

function readOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

function ownerIsAlive(owner: LockOwner): boolean {
  // A lock from another host (shared volume) cannot be checked: treat it as alive.
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  return isLiveProcess(owner.pid, 'node');
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const lockPath = path.join(dataDir, 'promo.lock');
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  let tookOverFrom: LockOwner | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const file = await open(lockPath, 'wx', 0o644);
      await file.writeFile(JSON.stringify(me));
      await file.close();
      return {
        path: lockPath,
        tookOverFrom,
        async release() {
          // Only remove the lock if it is still ours.
          const current = readOwner(await readFile(lockPath, 'utf8').catch(() => ''));
          if (current?.pid === me.pid && current.startedAt === me.startedAt)
            await unlink(lockPath).catch(() => {});
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(lockPath, 'utf8').catch(() => null);
    if (text === null) continue; // Released meanwhile: try again.
    const owner = readOwner(text);
    if (owner && ownerIsAlive(owner)) throw new DataDirInUseError(dataDir, owner);
    tookOverFrom = owner;
    await unlink(lockPath).catch(() => {});
  }
  throw new Error(`Could not lock data directory ${dataDir}: the lock file ${lockPath} keeps changing`);
}
