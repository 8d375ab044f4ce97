/** Every repository over one pool, and their record types. */
import type { Pool } from 'pg';
import { AccountGroupEnvironmentsRepository } from './account-group-environments.ts';
import { ApiTokensRepository } from './api-tokens.ts';
import { AuditLogRepository } from './audit-log.ts';
import { ComponentMappingsRepository } from './component-mappings.ts';
import { DeploymentRunStepsRepository } from './deployment-run-steps.ts';
import { DeploymentRunsRepository } from './deployment-runs.ts';
import { DevAccountAccessRepository } from './dev-account-access.ts';
import { ExtensionAccessMappingsRepository } from './extension-access-mappings.ts';
import { HeartbeatsRepository } from './heartbeats.ts';
import { IdempotencyKeysRepository } from './idempotency-keys.ts';
import { NotificationsRepository } from './notifications.ts';
import { PackReleasesRepository } from './pack-releases.ts';
import { PromotionsRepository } from './promotions.ts';
import { type TransactionRunner, transactionRunner } from '../transaction.ts';
import { StageDurationsRepository } from './stage-durations.ts';

export interface Repositories {
  promotions: PromotionsRepository;
  componentMappings: ComponentMappingsRepository;
  devAccountAccess: DevAccountAccessRepository;
  extensionAccessMappings: ExtensionAccessMappingsRepository;
  accountGroupEnvironments: AccountGroupEnvironmentsRepository;
  deploymentRuns: DeploymentRunsRepository;
  deploymentRunSteps: DeploymentRunStepsRepository;
  apiTokens: ApiTokensRepository;
  auditLog: AuditLogRepository;
  idempotencyKeys: IdempotencyKeysRepository;
  heartbeats: HeartbeatsRepository;
  notifications: NotificationsRepository;
  /** Runs several writes in one transaction (see store/transaction.ts). */
  withTransaction: TransactionRunner;
  stageDurations: StageDurationsRepository;
  packReleases: PackReleasesRepository;
}

export function createRepositories(pool: Pool): Repositories {
  return {
    promotions: new PromotionsRepository(pool),
    componentMappings: new ComponentMappingsRepository(pool),
    devAccountAccess: new DevAccountAccessRepository(pool),
    extensionAccessMappings: new ExtensionAccessMappingsRepository(pool),
    accountGroupEnvironments: new AccountGroupEnvironmentsRepository(pool),
    deploymentRuns: new DeploymentRunsRepository(pool),
    deploymentRunSteps: new DeploymentRunStepsRepository(pool),
    apiTokens: new ApiTokensRepository(pool),
    auditLog: new AuditLogRepository(pool),
    idempotencyKeys: new IdempotencyKeysRepository(pool),
    heartbeats: new HeartbeatsRepository(pool),
    notifications: new NotificationsRepository(pool),
    withTransaction: transactionRunner(pool),
    stageDurations: new StageDurationsRepository(pool),
    packReleases: new PackReleasesRepository(pool),
  };
}

export * from './account-group-environments.ts';
export * from './api-tokens.ts';
export * from './audit-log.ts';
export * from './component-mappings.ts';
export * from './deployment-run-steps.ts';
export * from './deployment-runs.ts';
export * from './dev-account-access.ts';
export * from './extension-access-mappings.ts';
export * from './heartbeats.ts';
export * from './idempotency-keys.ts';
export * from './notifications.ts';
export * from './pack-releases.ts';
export * from './promotions.ts';
export * from './stage-durations.ts';
export type { Page } from '../sql.ts';
export type { TransactionRepositories, TransactionRunner } from '../transaction.ts';
