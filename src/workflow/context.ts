/**
 * What the durable steps need at run time (Boomi client, repositories, settings, logger).
 * DBOS re-enters workflows by name — also on recovery right after launch — so the steps cannot
 * receive these as arguments: the wiring sets them once, before the durable runtime launches.
 */
import type { BoomiClient } from '../boomi/index.ts';
import type { PollPolicy } from '../boomi/poll.ts';
import type { AccountGroupEnvironmentsRepository } from '../store/repositories/account-group-environments.ts';
import type { AuditLogRepository } from '../store/repositories/audit-log.ts';
import type { ComponentMappingsRepository } from '../store/repositories/component-mappings.ts';
import type { DeploymentRunStepsRepository } from '../store/repositories/deployment-run-steps.ts';
import type { DeploymentRunsRepository } from '../store/repositories/deployment-runs.ts';
import type { DevAccountAccessRepository } from '../store/repositories/dev-account-access.ts';
import type { ExtensionAccessMappingsRepository } from '../store/repositories/extension-access-mappings.ts';
import type { PromotionsRepository } from '../store/repositories/promotions.ts';
import type { StageDurationsRepository } from '../store/repositories/stage-durations.ts';
import type { RunHistory } from './run-history.ts';
import type { SafeRunObserver } from './run-observer-hooks.ts';

/** The repositories the workflow layer uses (a subset of the store's `createRepositories`). */
export interface WorkflowRepositories {
  promotions: PromotionsRepository;
  deploymentRuns: DeploymentRunsRepository;
  deploymentRunSteps: DeploymentRunStepsRepository;
  componentMappings: ComponentMappingsRepository;
  devAccountAccess: DevAccountAccessRepository;
  extensionAccessMappings: ExtensionAccessMappingsRepository;
  accountGroupEnvironments: AccountGroupEnvironmentsRepository;
  auditLog: AuditLogRepository;
  stageDurations: StageDurationsRepository;
}

/** pino's shape, so a pino logger plugs straight in. */
export interface WorkflowLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WorkflowSettings {
  /** The configured Boomi account (the `prodAccountId` a request may name). */
  accountId: string;
  /** How long a merge may take to reach REVIEWING and then MERGED (spec: MERGE_TIMEOUT). */
  mergeTimeoutMs: number;
  releaseTimeoutMs: number;
  /** Poll pacing; tests shorten it, production keeps the client's defaults. */
  poll?: { mergeStage?: Partial<PollPolicy>; release?: Partial<PollPolicy> };
}

export interface WorkflowDeps {
  boomi: BoomiClient;
  repos: WorkflowRepositories;
  history: RunHistory;
  settings: WorkflowSettings;
  log: WorkflowLogger;
  /** Logs/metrics hooks; every hook present and guarded (see run-observer-hooks.ts). */
  observer: SafeRunObserver;
}

let current: WorkflowDeps | undefined;

export function setWorkflowDeps(deps: WorkflowDeps): void {
  current = deps;
}

export function workflowDeps(): WorkflowDeps {
  if (!current) {
    throw new Error('Workflow dependencies are not set: call createWorkflowRuntime() before launching DBOS');
  }
  return current;
}

export const silentLogger: WorkflowLogger = { info() {}, warn() {}, error() {} };
