/**
 * PostgreSQL session advisory locks: instances sharing one database take turns for work that
 * must not run twice at once (schema migrations, DBOS initialisation). The lock lives on one
 * pooled connection for the duration of `work` and is released even when `work` throws.
 */
import type { Pool } from 'pg';

/** DBOS creating or migrating its system database: concurrent launches deadlock in it. */
export const DBOS_INIT_LOCK_KEY = 0x70726f6d6f02;

export async function withAdvisoryLock<T>(pool: Pool, key: number, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}

/** The branch janitor (spec §10): one instance at a time across instances sharing the database. */
export const BRANCH_JANITOR_LOCK_KEY = 0x70726f6d6f03;

/**
 * Runs `work` only if this instance gets the lock now (`pg_try_advisory_lock`): another
 * instance already doing the same work means there is nothing to do. `{ran:false}` then.
 */
export async function withTryAdvisoryLock<T>(
  pool: Pool,
  key: number,
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const client = await pool.connect();
  try {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      key,
    ]);
    if (result.rows[0]?.locked !== true) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}
