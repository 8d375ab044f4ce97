/**
 * What the steps are built from (`createSteps(deps)`): the Boomi client, the repositories, the
 * settings and the logger. DBOS re-enters workflows by name — also on recovery right after
 * launch — so the steps cannot receive these as workflow arguments: the engine builds the steps
 * from them and registers the workflow with those steps before DBOS launches.
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
import type { WorkflowLogger } from './logger.ts';
import type { TransactionRunner } from '../store/transaction.ts';
import type { RunHistory } from './run-history.ts';

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
  /** Several writes in one transaction (a PromotionLog change and the notification announcing it). */
  withTransaction: TransactionRunner;
  stageDurations: StageDurationsRepository;
}

export interface WorkflowSettings {
  /** The configured Boomi account (the `prodAccountId` a request may name). */
  accountId: string;
  /** How long a merge may take to reach REVIEWING and then MERGED (spec: MERGE_TIMEOUT). */
  mergeTimeoutMs: number;
  releaseTimeoutMs: number;
  /**
   * How long after a write was sent its effect may still appear in Boomi (Boomi may finish a write
   * the client gave up on). A step that does not see the effect of a write whose outcome is unknown
   * looks again until this deadline, measured from the write, before it sends the write again.
   * Default DEFAULT_WRITE_SETTLE_MS.
   */
  writeSettleMs?: number;
  /** Poll pacing; tests shorten it, production keeps the client's defaults. */
  poll?: { mergeStage?: Partial<PollPolicy>; release?: Partial<PollPolicy> };
}

export interface StepDeps {
  boomi: BoomiClient;
  repos: WorkflowRepositories;
  /** The run's history (the final step ends the run there). */
  history: RunHistory;
  settings: WorkflowSettings;
  log: WorkflowLogger;
}
