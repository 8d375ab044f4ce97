// One migrated database per test file (or describe), with its repositories, dropped after it.
import { afterAll, beforeAll } from 'vitest';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** The database of one test file; its fields are set once the file's beforeAll has run. */
export interface TestStore {
  readonly db: TestDatabase;
  readonly repos: Repositories;
}

/** Clones a fresh database for the calling test file (dropped after all its tests), with its repositories. */
export function useTestRepositories(): TestStore {
  let db: TestDatabase | undefined;
  let repos: Repositories | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    repos = createRepositories(db.pool);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const started = () => {
    if (!db || !repos) throw new Error('the test database is not created yet (used outside a test?)');
    return { db, repos };
  };
  return {
    get db() {
      return started().db;
    },
    get repos() {
      return started().repos;
    },
  };
}
