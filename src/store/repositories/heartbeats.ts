/**
 * Instance heartbeats. Each instance (DBOS executor) beats every few seconds; an instance
 * silent for longer than a threshold is presumed dead and its pending workflows are taken
 * over by exactly one live instance of the same application version.
 */
import type { Pool, PoolClient } from 'pg';
import { fromRow } from '../sql.ts';

export interface Heartbeat {
  executorId: string;
  applicationVersion: string;
  hostname: string;
  pid: number;
  startedAt: string;
  beatAt: string;
  reapedAt: string | null;
  reapedBy: string | null;
}

export interface BeatInfo {
  applicationVersion: string;
  hostname: string;
  pid: number;
}

export class HeartbeatsRepository {
  constructor(private readonly pool: Pool) {}

  /** Records that the executor is alive now (and clears a past reaping: the id is back). */
  async beat(executorId: string, info: BeatInfo): Promise<void> {
    await this.pool.query(
      `INSERT INTO heartbeats (executor_id, application_version, hostname, pid) VALUES ($1, $2, $3, $4)
       ON CONFLICT (executor_id) DO UPDATE SET beat_at = now(), application_version = EXCLUDED.application_version,
         hostname = EXCLUDED.hostname, pid = EXCLUDED.pid, reaped_at = NULL, reaped_by = NULL,
         started_at = CASE WHEN heartbeats.pid <> EXCLUDED.pid OR heartbeats.hostname <> EXCLUDED.hostname
                           THEN now() ELSE heartbeats.started_at END`,
      [executorId, info.applicationVersion, info.hostname, info.pid],
    );
  }

  /** A clean stop: the beat is dated far back so a peer takes over anything left at once. */
  async markStopped(executorId: string): Promise<void> {
    await this.pool.query(`UPDATE heartbeats SET beat_at = 'epoch' WHERE executor_id = $1`, [executorId]);
  }

  async get(executorId: string): Promise<Heartbeat | null> {
    const result = await this.pool.query('SELECT * FROM heartbeats WHERE executor_id = $1', [executorId]);
    return result.rows[0] ? fromRow<Heartbeat>(result.rows[0]) : null;
  }

  async list(): Promise<Heartbeat[]> {
    const result = await this.pool.query('SELECT * FROM heartbeats ORDER BY executor_id');
    return result.rows.map((r) => fromRow<Heartbeat>(r));
  }

  /**
   * Inside the caller's transaction: locks the silent, unreaped executors of this version
   * (other than `self`). SKIP LOCKED makes concurrent reapers take disjoint sets, so each
   * dead executor is taken over by exactly one instance.
   */
  async lockSilent(
    client: PoolClient,
    self: string,
    applicationVersion: string,
    silentForMs: number,
  ): Promise<string[]> {
    const result = await client.query<{ executor_id: string }>(
      `SELECT executor_id FROM heartbeats
        WHERE reaped_at IS NULL AND executor_id <> $1 AND application_version = $2
          AND beat_at < now() - make_interval(secs => $3::double precision / 1000)
        ORDER BY executor_id FOR UPDATE SKIP LOCKED`,
      [self, applicationVersion, silentForMs],
    );
    return result.rows.map((r) => r.executor_id);
  }

  async markReaped(client: PoolClient, executorId: string, reapedBy: string): Promise<void> {
    await client.query('UPDATE heartbeats SET reaped_at = now(), reaped_by = $2 WHERE executor_id = $1', [
      executorId,
      reapedBy,
    ]);
  }
}
