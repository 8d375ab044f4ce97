/**
 * Takes over the pending workflows of instances that stopped heart-beating. Silent executors
 * are row-locked (FOR UPDATE SKIP LOCKED) for the whole takeover, so when several live
 * instances reap at once each dead executor is handled by exactly one of them; a failed
 * takeover rolls back and is retried on the next pass.
 */
import type { Pool } from 'pg';
import { HeartbeatsRepository } from './repositories/heartbeats.ts';

export interface ReapOptions {
  pool: Pool;
  /** This instance's executor id (never reaps itself). */
  self: string;
  /** Only executors of this version: DBOS recovers a workflow only on the version that started it. */
  applicationVersion: string;
  /** An executor whose last beat is older than this is presumed dead. */
  silentForMs: number;
  /** Resumes the executor's pending workflows; returns how many. */
  recover: (executorId: string) => Promise<number>;
}

export interface Takeover {
  executorId: string;
  recoveredWorkflows: number;
}

export async function reapSilentExecutors(options: ReapOptions): Promise<Takeover[]> {
  const heartbeats = new HeartbeatsRepository(options.pool);
  const client = await options.pool.connect();
  try {
    await client.query('BEGIN');
    const silent = await heartbeats.lockSilent(
      client,
      options.self,
      options.applicationVersion,
      options.silentForMs,
    );
    const takeovers: Takeover[] = [];
    for (const executorId of silent) {
      const recoveredWorkflows = await options.recover(executorId);
      await heartbeats.markReaped(client, executorId, options.self);
      takeovers.push({ executorId, recoveredWorkflows });
    }
    await client.query('COMMIT');
    return takeovers;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
