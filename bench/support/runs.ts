/** Runs as the store records them: waiting for their end, and the Boomi calls each made. */
import type pg from 'pg';
import { callApi, type Answer } from './promo-api.ts';

export interface RunRow {
  run_id: string;
  state: string;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
  ended_at: Date | null;
}

export async function waitForRuns(pool: pg.Pool, runIds: string[], timeoutMs: number): Promise<RunRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<RunRow>(
      `SELECT run_id, state, error_code, error_message, created_at, ended_at
         FROM deployment_runs WHERE run_id = ANY($1)`,
      [runIds],
    );
    if (rows.length === runIds.length && rows.every((r) => r.ended_at !== null)) return rows;
    if (Date.now() > deadline) throw new Error(`runs still going after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Boomi calls per run, from the run history (every attempt each step made). */
export async function runCalls(pool: pg.Pool, runIds: string[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ run_id: string; calls: number }>(
    `SELECT run_id, sum(boomi_call_count)::int AS calls FROM deployment_run_steps
      WHERE run_id = ANY($1) GROUP BY run_id`,
    [runIds],
  );
  return new Map(rows.map((row) => [row.run_id, row.calls]));
}

/**
 * Starts every run at once through `POST /api/v1/deployments`, the i-th through
 * `urls[i % urls.length]`: the accepted runs' ids, and the answers that were not 202.
 */
export async function startRunsTogether(
  urls: readonly string[],
  token: string,
  bodies: readonly unknown[],
): Promise<{ runIds: string[]; refused: Answer<unknown>[] }> {
  const answers = await Promise.all(
    bodies.map((body, i) =>
      callApi<{ runId: string }>(urls[i % urls.length]!, token, 'POST', '/deployments', body),
    ),
  );
  return {
    runIds: answers.filter((a) => a.status === 202).map((a) => a.body.runId),
    refused: answers.filter((a) => a.status !== 202),
  };
}
