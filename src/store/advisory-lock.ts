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
