/**
 * How long Boomi's async stages took, as this service's polls saw them (migration 009): the
 * history the poll schedule of the next wait is learned from (boomi/stage-schedule.ts).
 */
import type { Pool } from 'pg';

export type AsyncStage = 'merge-reviewing' | 'merge-merged' | 'release';

export interface StageDuration {
  /** ms after the wait began when the last check that found the stage pending was sent. */
  pendingMs: number | null;
  /** ms after the wait began when the check that found it finished was sent. */
  doneMs: number;
}

/** Enough to see a change in Boomi's pace, few enough to forget an old one soon. */
export const STAGE_HISTORY = 10;

export class StageDurationsRepository {
  constructor(private readonly pool: Pool) {}

  async record(stage: AsyncStage, duration: StageDuration): Promise<void> {
    await this.pool.query('INSERT INTO stage_durations (stage, pending_ms, done_ms) VALUES ($1, $2, $3)', [
      stage,
      duration.pendingMs,
      duration.doneMs,
    ]);
  }

  /** The newest first. */
  async recent(stage: AsyncStage, limit = STAGE_HISTORY): Promise<StageDuration[]> {
    const result = await this.pool.query<{ pending_ms: number | null; done_ms: number }>(
      'SELECT pending_ms, done_ms FROM stage_durations WHERE stage = $1 ORDER BY id DESC LIMIT $2',
      [stage, limit],
    );
    return result.rows.map((row) => ({
      pendingMs: row.pending_ms === null ? null : Number(row.pending_ms),
      doneMs: Number(row.done_ms),
    }));
  }
}
