/**
 * A Package and Deploy run as people see it (API, CLI, event stream): the seed-numbered steps
 * with their timings and Boomi calls, and the final response once the run has ended.
 */
import type { DeployResponse } from './deploy-response.ts';
import type { RollbackResponse } from './rollback.ts';

export interface RunStepView {
  /** Seed-numbered, e.g. "2.5-merge-create" or "8-deploy:<envId>". */
  name: string;
  state: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
  startedAt: string;
  endedAt: string | null;
  error?: string | null;
  /** `METHOD /Object[/action]`, in call order. */
  boomiCalls?: string[];
}

/** A run: RUNNING until it ends; the final response once it has. */
export interface DeploymentRunView {
  runId: string;
  promotionId: string;
  state: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  steps: RunStepView[];
  /** A Package and Deploy run's response, or a rollback run's (spec §12). */
  response: DeployResponse | RollbackResponse | null;
  /** Environments of this run already rolled back (spec §12): a later rollback may take the rest. */
  rolledBackEnvironmentIds: string[];
}

/** What a run subscriber receives, in order: each step as it happens, then exactly one `end`. */
export type RunEvent = { type: 'step'; step: RunStepView } | { type: 'end'; run: DeploymentRunView };

export type Unsubscribe = () => void;
