/**
 * The application layer, assembled: every service the adapters (`http/`, `cli/`) call, built
 * from the Boomi client, the repositories and the started workflow engine.
 */
import type { BoomiClient } from '../boomi/index.ts';
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../domain/approval-policy.ts';
import type { Repositories } from '../store/repositories/index.ts';
import type { WorkflowEngine } from '../workflow/engine.ts';
import { silentLogger, type WorkflowLogger } from '../workflow/logger.ts';
import { createAccessService } from './access-service.ts';
import { createBranchCounter } from './branch-count.ts';
import { createCacheService } from './cache-service.ts';
import type { AppServices } from './contract.ts';
import { createDeploymentService } from './deployment-service.ts';
import { createIntegrationPackService, type PackCatalogBoomi } from './integration-pack-service.ts';
import { createNotificationService } from './notifications.ts';
import { createPromotionService } from './promotion-service.ts';
import { createReviewService } from './review-service.ts';
import { createRollbackService } from './rollback-service.ts';
import { createStatusService } from './status-service.ts';
import { createSignInService, type SignInSettings } from './sign-in-service.ts';
import { createWithdrawService } from './withdraw-service.ts';
import { createTargetService, type BoomiReader } from './target-service.ts';

export interface AppServicesDeps {
  boomi: BoomiClient;
  repos: Repositories;
  engine: WorkflowEngine;
  /** The configured (primary) Boomi account id. */
  accountId: string;
  log?: WorkflowLogger;
  /** How people sign in to the console; default: API tokens only. */
  signIn?: SignInSettings;
  /** Spec §10 checks 5a/5b; the spec's defaults when left out. */
  approvalPolicy?: ApprovalPolicy;
}

export type RecordServices = Pick<
  AppServices,
  'promotions' | 'targets' | 'integrationPacks' | 'access' | 'audit' | 'notifications' | 'signIn' | 'status'
>;

/** The services that start no run: the PromotionLog, targets, pack discovery, access data, the audit trail, notifications, sign-in, status. */
export function createRecordServices(deps: {
  boomi: BoomiReader & PackCatalogBoomi & Pick<BoomiClient, 'branches'>;
  repos: Repositories;
  accountId: string;
  signIn?: SignInSettings;
  approvalPolicy?: ApprovalPolicy;
  /** How long the account's branch count is reused before Boomi is asked again; default 30 s. */
  branchCountMaxAgeMs?: number;
}): RecordServices {
  const { boomi, repos, accountId } = deps;
  const policy = deps.approvalPolicy ?? DEFAULT_APPROVAL_POLICY;
  return {
    promotions: createPromotionService({
      promotions: repos.promotions,
      withTransaction: repos.withTransaction,
      accountId,
      policy,
    }),
    targets: createTargetService({ boomi, registry: repos.accountGroupEnvironments }),
    integrationPacks: createIntegrationPackService({ boomi, releases: repos.packReleases }),
    access: createAccessService({ ...repos, accountId }),
    audit: repos.auditLog,
    notifications: createNotificationService(repos.notifications),
    signIn: createSignInService(deps.signIn),
    status: createStatusService(createBranchCounter(boomi, { maxAgeMs: deps.branchCountMaxAgeMs })),
  };
}

export function createAppServices(deps: AppServicesDeps): AppServices {
  const { boomi, repos, engine, accountId } = deps;
  return {
    ...createRecordServices(deps),
    deployments: createDeploymentService({
      boomi,
      repos,
      engine,
      accountId,
      policy: deps.approvalPolicy ?? DEFAULT_APPROVAL_POLICY,
    }),
    rollbacks: createRollbackService({ repos, engine }),
    reviews: createReviewService({ boomi, repos, log: deps.log ?? silentLogger }),
    withdrawals: createWithdrawService({ boomi, repos, log: deps.log ?? silentLogger }),
    cache: createCacheService({ boomi, repos }),
  };
}
