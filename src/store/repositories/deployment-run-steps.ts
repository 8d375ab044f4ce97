/**
 * The step history of a run: name, state, timings, error, the Boomi calls it made. A step
 * re-run after a crash updates its own row (attempts + 1). Each change takes a new
 * `changeSeq`, so readers poll for "changes after N" (late and cross-instance subscribers).
 */
import type { Pool } from 'pg';
import { fromRow } from '../sql.ts';
import { truncateError } from './deployment-runs.ts';

export const STEP_STATES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;
export type StepState = (typeof STEP_STATES)[number];

export interface RunStep {
  id: number;
  changeSeq: number;
  runId: string;
  name: string;
  state: StepState;
  startedAt: string;
  endedAt: string | null;
  error: string | null;
  boomiCallCount: number;
  /** e.g. `POST /MergeRequest`, in call order, across attempts. */
  boomiCalls: string[];
  detail: unknown;
  attempts: number;
}

export interface StepEnd {
  state: Exclude<StepState, 'RUNNING'>;
  error?: string | null;
  /** Calls made by this attempt, appended to the step's list. */
  boomiCalls?: readonly string[];
  detail?: unknown;
}

function toStep(row: Record<string, unknown>): RunStep {
  const step = fromRow<RunStep>(row);
  // bigint columns arrive as strings; these stay far below 2^53.
  return { ...step, id: Number(step.id), changeSeq: Number(step.changeSeq) };
}

const NEXT = `nextval('deployment_run_step_changes')`;

export class DeploymentRunStepsRepository {
  constructor(private readonly pool: Pool) {}

  /** Marks the step RUNNING now; a step seen before (crash, retry) gets attempts + 1. */
  async start(runId: string, name: string, detail?: unknown): Promise<RunStep> {
    const result = await this.pool.query(
      `INSERT INTO deployment_run_steps (run_id, name, state, detail) VALUES ($1, $2, 'RUNNING', $3::jsonb)
       ON CONFLICT (run_id, name) DO UPDATE SET state = 'RUNNING', started_at = now(), ended_at = NULL,
         error = NULL, detail = coalesce(EXCLUDED.detail, deployment_run_steps.detail),
         attempts = deployment_run_steps.attempts + 1, change_seq = ${NEXT}
       RETURNING *`,
      [runId, name, detail === undefined ? null : JSON.stringify(detail)],
    );
    return toStep(result.rows[0]!);
  }

  /** Ends the step (creating it if `start` was never recorded) and appends its Boomi calls. */
  async finish(runId: string, name: string, end: StepEnd): Promise<RunStep> {
    const calls = [...(end.boomiCalls ?? [])];
    const result = await this.pool.query(
      `INSERT INTO deployment_run_steps (run_id, name, state, ended_at, error, boomi_calls, boomi_call_count, detail)
       VALUES ($1, $2, $3, now(), $4, $5::text[], cardinality($5::text[]), $6::jsonb)
       ON CONFLICT (run_id, name) DO UPDATE SET state = EXCLUDED.state, ended_at = now(), error = EXCLUDED.error,
         boomi_calls = deployment_run_steps.boomi_calls || EXCLUDED.boomi_calls,
         boomi_call_count = deployment_run_steps.boomi_call_count + EXCLUDED.boomi_call_count,
         detail = coalesce(EXCLUDED.detail, deployment_run_steps.detail), change_seq = ${NEXT}
       RETURNING *`,
      [
        runId,
        name,
        end.state,
        truncateError(end.error),
        calls,
        end.detail === undefined ? null : JSON.stringify(end.detail),
      ],
    );
    return toStep(result.rows[0]!);
  }

  /**
   * Steps in the order they started; with `changedAfter`, only steps changed since that changeSeq,
   * still in the order they started (steps run together end in any order; a reader shows them in
   * the run's order).
   */
  async list(runId: string, options: { changedAfter?: number } = {}): Promise<RunStep[]> {
    const result =
      options.changedAfter === undefined
        ? await this.pool.query('SELECT * FROM deployment_run_steps WHERE run_id = $1 ORDER BY id', [runId])
        : await this.pool.query(
            'SELECT * FROM deployment_run_steps WHERE run_id = $1 AND change_seq > $2 ORDER BY id',
            [runId, options.changedAfter],
          );
    return result.rows.map(toStep);
  }
}
