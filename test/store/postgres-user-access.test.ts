import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedBinaryDir, ensureTraversableByOthers } from '../../src/store/postgres-user-access.ts';

describe('ensureTraversableByOthers', () => {
  let root: string;
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('adds only the search bit for others on each private ancestor, and is idempotent', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'promo-access-')); // 0700, like `mktemp -d`
    const leaf = path.join(root, 'checkout', 'node_modules');
    await mkdir(leaf, { recursive: true, mode: 0o700 });

    const changed = await ensureTraversableByOthers(leaf);

    expect(changed).toEqual(expect.arrayContaining([leaf, path.dirname(leaf), root]));
    for (const dir of [leaf, path.dirname(leaf), root]) {
      expect((await stat(dir)).mode & 0o777).toBe(0o701);
    }
    expect(await ensureTraversableByOthers(leaf)).toEqual([]);
  });

  it('finds the directory of the embedded PostgreSQL binaries', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'promo-access-'));
    const dir = await embeddedBinaryDir();
    expect((await stat(path.join(dir, 'initdb'))).isFile()).toBe(true);
  });
});
