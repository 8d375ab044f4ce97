/**
 * The application layer, assembled: every service the adapters (`http/`, `cli/`) call, built
 * from the Boomi client, the repositories and the started workflow engine.
 */
import type { BoomiClient } from '../boomi/index.ts';
import type { Repositories } from '../store/repositories/index.ts';
import type { WorkflowEngine } from '../workflow/engine.ts';
import { silentLogger, type WorkflowLogger } from '../workflow/logger.ts';
import { createAccessService } from './access-service.ts';
import { createCacheService } from './cache-service.ts';
import type { AppServices } from './contract.ts';
import { createDeploymentService } from './deployment-service.ts';
import { createIntegrationPackService, type PackCatalogBoomi } from './integration-pack-service.ts';
import { createPromotionService } from './promotion-service.ts';
import { createReviewService } from './review-service.ts';
import { createRollbackService } from './rollback-service.ts';
import { createTargetService, type BoomiReader } from './target-service.ts';

export interface AppServicesDeps {
  boomi: BoomiClient;
  repos: Repositories;
  engine: WorkflowEngine;
  /** The configured (primary) Boomi account id. */
  accountId: string;
  log?: WorkflowLogger;
}

/** The services that start no run: the PromotionLog, targets, pack discovery, access data and the audit trail. */
export function createRecordServices(deps: {
  boomi: BoomiReader & PackCatalogBoomi;
  repos: Repositories;
  accountId: string;
}): Pick<AppServices, 'promotions' | 'targets' | 'integrationPacks' | 'access' | 'audit'> {
  const { boomi, repos, accountId } = deps;
  return {
    promotions: createPromotionService({ promotions: repos.promotions, accountId }),
    targets: createTargetService({ boomi, registry: repos.accountGroupEnvironments }),
    integrationPacks: createIntegrationPackService({ boomi, releases: repos.packReleases }),
    access: createAccessService({ ...repos, accountId }),
    audit: repos.auditLog,
  };
}

export function createAppServices(deps: AppServicesDeps): AppServices {
  const { boomi, repos, engine, accountId } = deps;
  return {
    ...createRecordServices(deps),
    deployments: createDeploymentService({ boomi, repos, engine, accountId }),
    rollbacks: createRollbackService({ repos, engine }),
    reviews: createReviewService({ boomi, repos, log: deps.log ?? silentLogger }),
    cache: createCacheService({ boomi, repos }),
  };
}
