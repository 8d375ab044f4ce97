/**
 * One row per Package and Deploy run; its id is the DBOS workflow id. Two partial unique
 * indexes allow only one active (PENDING/RUNNING) run per promotion and per branch, so the
 * database itself answers spec §4 check 9 even when requests race across instances.
 */
import type { Pool } from 'pg';
import { PromoError } from '../../domain/errors.ts';
import type { DeploymentTarget } from '../../domain/promotion.ts';
import { fromRow, isUniqueViolation } from '../sql.ts';

export const RUN_STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const ACTIVE_RUN_STATES = ['PENDING', 'RUNNING'] as const satisfies readonly RunState[];
export type FinalRunState = Exclude<RunState, (typeof ACTIVE_RUN_STATES)[number]>;

export const MAX_ERROR_LENGTH = 5000;

export interface DeploymentRun {
  runId: string;
  promotionId: string;
  branchId: string | null;
  /** The workflow's mode name, e.g. TEST / PRODUCTION_FROM_TEST / HOTFIX (not constrained here). */
  mode: string;
  deploymentTarget: DeploymentTarget;
  state: RunState;
  request: unknown;
  callerEmail: string;
  callerRoles: string[];
  idempotencyKey: string | null;
  /** Durable facts the run records for itself, e.g. `{createdPackId}`. */
  context: Record<string, unknown>;
  executorId: string | null;
  /** A rollback run: the run it rolls back. */
  rollsBackRunId: string | null;
  response: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  updatedAt: string;
}

export interface NewDeploymentRun {
  runId: string;
  promotionId: string;
  branchId?: string | null;
  mode: string;
  deploymentTarget: DeploymentTarget;
  request: unknown;
  callerEmail: string;
  callerRoles?: readonly string[];
  idempotencyKey?: string | null;
  /** Default PENDING. */
  state?: (typeof ACTIVE_RUN_STATES)[number];
  executorId?: string | null;
  rollsBackRunId?: string | null;
}

export interface RunOutcome {
  state: FinalRunState;
  response?: unknown;
  errorCode?: string | null;
  errorMessage?: string | null;
}

export function truncateError(message: string | null | undefined): string | null {
  if (message === null || message === undefined) return null;
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export class DeploymentRunsRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Records a new active run. Another active run for the promotion or branch is refused with
   * DEPLOYMENT_IN_PROGRESS (spec §4 check 9); a reused runId with CONFLICT.
   */
  async create(run: NewDeploymentRun): Promise<DeploymentRun> {
    try {
      const result = await this.pool.query(
        `INSERT INTO deployment_runs (run_id, promotion_id, branch_id, mode, deployment_target, state, request,
           caller_email, caller_roles, idempotency_key, executor_id, rolls_back_run_id, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, CASE WHEN $6 = 'RUNNING' THEN now() END)
         RETURNING *`,
        [
          run.runId,
          run.promotionId,
          run.branchId ?? null,
          run.mode,
          run.deploymentTarget,
          run.state ?? 'PENDING',
          json(run.request),
          run.callerEmail,
          run.callerRoles ?? [],
          run.idempotencyKey ?? null,
          run.executorId ?? null,
          run.rollsBackRunId ?? null,
        ],
      );
      return fromRow<DeploymentRun>(result.rows[0]!);
    } catch (error) {
      if (isUniqueViolation(error, 'deployment_runs_one_active_per_promotion')) {
        throw new PromoError(
          'DEPLOYMENT_IN_PROGRESS',
          `A deployment is already in progress for promotion ${run.promotionId}`,
        );
      }
      if (isUniqueViolation(error, 'deployment_runs_one_active_per_branch')) {
        throw new PromoError(
          'DEPLOYMENT_IN_PROGRESS',
          `A deployment is already in progress for branch ${run.branchId}`,
        );
      }
      if (isUniqueViolation(error, 'deployment_runs_pkey')) {
        throw new PromoError('CONFLICT', `Deployment run ${run.runId} already exists`);
      }
      throw error;
    }
  }

  async get(runId: string): Promise<DeploymentRun | null> {
    const result = await this.pool.query('SELECT * FROM deployment_runs WHERE run_id = $1', [runId]);
    return result.rows[0] ? fromRow<DeploymentRun>(result.rows[0]) : null;
  }

  /** PENDING → RUNNING on `executorId` (also re-claims a RUNNING run after a takeover). */
  async markRunning(runId: string, executorId: string): Promise<DeploymentRun | null> {
    const result = await this.pool.query(
      `UPDATE deployment_runs SET state = 'RUNNING', executor_id = $2, started_at = coalesce(started_at, now()),
              updated_at = now()
        WHERE run_id = $1 AND state IN ('PENDING', 'RUNNING') RETURNING *`,
      [runId, executorId],
    );
    return result.rows[0] ? fromRow<DeploymentRun>(result.rows[0]) : this.get(runId);
  }

  /**
   * Ends an active run with its outcome and final response. A run already ended keeps its
   * first outcome (a step re-run after a crash must not rewrite history); returns the row.
   */
  async finish(runId: string, outcome: RunOutcome): Promise<DeploymentRun | null> {
    const result = await this.pool.query(
      `UPDATE deployment_runs SET state = $2, response = $3::jsonb, error_code = $4, error_message = $5,
              ended_at = now(), updated_at = now()
        WHERE run_id = $1 AND state IN ('PENDING', 'RUNNING') RETURNING *`,
      [
        runId,
        outcome.state,
        json(outcome.response),
        outcome.errorCode ?? null,
        truncateError(outcome.errorMessage),
      ],
    );
    return result.rows[0] ? fromRow<DeploymentRun>(result.rows[0]) : this.get(runId);
  }

  /** Merges `facts` into the run's context (key by key) and returns the whole context. */
  async mergeContext(runId: string, facts: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    const result = await this.pool.query<{ context: Record<string, unknown> }>(
      `UPDATE deployment_runs SET context = context || $2::jsonb, updated_at = now() WHERE run_id = $1
       RETURNING context`,
      [runId, JSON.stringify(facts)],
    );
    return result.rows[0]?.context ?? null;
  }

  /** The active run of a promotion, if any. */
  async findActiveForPromotion(promotionId: string): Promise<DeploymentRun | null> {
    const result = await this.pool.query(
      `SELECT * FROM deployment_runs WHERE promotion_id = $1 AND state IN ('PENDING', 'RUNNING')`,
      [promotionId],
    );
    return result.rows[0] ? fromRow<DeploymentRun>(result.rows[0]) : null;
  }

  /** Newest first. */
  async listForPromotion(promotionId: string, limit = 50): Promise<DeploymentRun[]> {
    const result = await this.pool.query(
      'SELECT * FROM deployment_runs WHERE promotion_id = $1 ORDER BY created_at DESC, run_id DESC LIMIT $2',
      [promotionId, limit],
    );
    return result.rows.map((r) => fromRow<DeploymentRun>(r));
  }

  /** Active runs, optionally only those owned by one executor (e.g. for a takeover). */
  async listActive(executorId?: string): Promise<DeploymentRun[]> {
    const result = await this.pool.query(
      `SELECT * FROM deployment_runs WHERE state IN ('PENDING', 'RUNNING')
       ${executorId === undefined ? '' : 'AND executor_id = $1'} ORDER BY created_at`,
      executorId === undefined ? [] : [executorId],
    );
    return result.rows.map((r) => fromRow<DeploymentRun>(r));
  }
}
