/**
 * Fake workflow services for the HTTP tests ONLY: the real ones (src/app, src/workflow) are tested end to
 * end elsewhere. Each fake is scriptable and keeps a log of what it was asked, so a test can
 * assert what reached the service layer (e.g. the caller identity taken from the token).
 */
import { PromoError } from '../../src/domain/errors.ts';
import type { DeployRequest } from '../../src/domain/deploy-request.ts';
import type { Caller } from '../../src/domain/caller.ts';
import type {
  AppServices,
  CacheService,
  Denial,
  DeployPreview,
  DeployResponse,
  DeploymentRunView,
  DeploymentService,
  PeerReview,
  ReviewService,
  RollbackRequest,
  RollbackResponse,
  RollbackService,
  WithdrawService,
  Withdrawal,
  RunEvent,
  RunStepView,
} from '../../src/app/contract.ts';
import type { RecordServices } from '../../src/app/index.ts';
import type { Repositories } from '../../src/store/repositories/index.ts';

export function okResponse(request: DeployRequest, runId: string): DeployResponse {
  return {
    success: true,
    errorCode: null,
    errorMessage: null,
    promotionId: request.promotionId,
    runId,
    packagedComponentId: 'pkg-1',
    integrationPackId: 'ip-1',
    integrationPackName: 'Orders - TEST',
    releaseVersion: '1',
    deploymentStatus: 'NOT_DEPLOYED',
    deployedEnvironments: [],
    deploymentTarget: request.deploymentTarget,
    branchPreserved: request.deploymentTarget === 'TEST' ? 'true' : 'false',
    isHotfix: request.isHotfix ? 'true' : 'false',
    cacheRefreshFailed: 'false',
    extensionAccessMappingCount: 0,
  };
}

/** A plan of a TEST run of a new pack to nowhere: enough for the HTTP layer's schema. */
export function fakePreview(request: DeployRequest): DeployPreview {
  return {
    success: true,
    promotionId: request.promotionId,
    mode: 'TEST',
    modeNumber: 1,
    deploymentTarget: request.deploymentTarget,
    isHotfix: false,
    merge: { merge: true, branchId: 'branch-1' },
    packagedComponent: {
      action: 'create',
      packageId: null,
      componentId: 'c-1',
      packageVersion: request.packageVersion,
    },
    integrationPack: {
      action: 'create',
      integrationPackId: null,
      name: 'Orders - TEST',
      currentVersion: null,
      newVersion: request.packageVersion,
      addComponent: true,
      release: true,
    },
    accountGroup: null,
    environments: [],
    branch: { action: 'keep', branchIds: ['branch-1'] },
    activeRun: null,
    warnings: [],
    boomiCalls: { calls: [], writes: [], writeCount: 0, total: 0 },
  };
}

interface FakeRun {
  view: DeploymentRunView;
  listeners: Set<(event: RunEvent) => void>;
}

export class FakeDeploymentService implements DeploymentService {
  readonly calls: {
    method: 'start' | 'runSync' | 'plan';
    request: DeployRequest;
    caller: Caller;
    key: string | undefined;
  }[] = [];
  /** What the next runSync answers (default: a success built from the request). */
  nextResponse: ((request: DeployRequest, runId: string) => DeployResponse) | null = null;
  /** Thrown by the next start/runSync (a pre-check refusal). */
  nextRefusal: PromoError | null = null;
  /** While set, start/runSync wait for it (a slow request still being answered). */
  hold: Promise<void> | null = null;
  private readonly runs = new Map<string, FakeRun>();
  private counter = 0;

  async start(request: DeployRequest, caller: Caller, key?: string) {
    this.calls.push({ method: 'start', request, caller, key });
    await this.hold;
    this.refuseIfScripted();
    const runId = `run-${++this.counter}`;
    this.runs.set(runId, {
      view: {
        runId,
        promotionId: request.promotionId,
        state: 'RUNNING',
        steps: [],
        response: null,
        rolledBackEnvironmentIds: [],
      },
      listeners: new Set(),
    });
    return { runId };
  }

  async runSync(request: DeployRequest, caller: Caller, key?: string): Promise<DeployResponse> {
    this.calls.push({ method: 'runSync', request, caller, key });
    await this.hold;
    this.refuseIfScripted();
    const runId = `run-${++this.counter}`;
    const response = (this.nextResponse ?? okResponse)(request, runId);
    this.nextResponse = null;
    return response;
  }

  async plan(request: DeployRequest, caller: Caller): Promise<DeployPreview> {
    this.calls.push({ method: 'plan', request, caller, key: undefined });
    this.refuseIfScripted();
    return fakePreview(request);
  }

  async getRun(runId: string) {
    const run = this.runs.get(runId);
    return run ? structuredClone(run.view) : null;
  }

  async subscribe(runId: string, listener: (event: RunEvent) => void) {
    const run = this.runs.get(runId);
    if (!run) return null;
    for (const step of run.view.steps) listener({ type: 'step', step });
    if (run.view.state !== 'RUNNING') {
      listener({ type: 'end', run: run.view });
      return () => {};
    }
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }

  /** Test control: records a step of a running run and tells subscribers. */
  emitStep(runId: string, step: RunStepView): void {
    const run = this.mustGet(runId);
    run.view.steps.push(step);
    for (const listener of run.listeners) listener({ type: 'step', step });
  }

  /** Test control: ends a run with its response. */
  finish(runId: string, response: DeployResponse): void {
    const run = this.mustGet(runId);
    run.view.state = response.success ? 'SUCCEEDED' : 'FAILED';
    run.view.response = response;
    for (const listener of [...run.listeners]) listener({ type: 'end', run: run.view });
    run.listeners.clear();
  }

  listenerCount(runId: string): number {
    return this.mustGet(runId).listeners.size;
  }

  private mustGet(runId: string): FakeRun {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no fake run ${runId}`);
    return run;
  }

  private refuseIfScripted(): void {
    const refusal = this.nextRefusal;
    this.nextRefusal = null;
    if (refusal) throw refusal;
  }
}

/** Answers from the stored PromotionLog without changing it (the real rules live in src/app). */
export class FakeReviewService implements ReviewService {
  readonly calls: { method: 'peerReview' | 'deny'; promotionId: string; input: unknown; caller: Caller }[] =
    [];
  constructor(private readonly repositories: Repositories) {}

  async peerReview(promotionId: string, input: PeerReview, caller: Caller) {
    this.calls.push({ method: 'peerReview', promotionId, input, caller });
    return this.outcome(promotionId);
  }

  async deny(promotionId: string, input: Denial, caller: Caller) {
    this.calls.push({ method: 'deny', promotionId, input, caller });
    return this.outcome(promotionId);
  }

  private async outcome(promotionId: string) {
    const promotion = await this.repositories.promotions.get(promotionId);
    if (!promotion) throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} was not found`);
    return { promotion, branchDeleted: false };
  }
}

export class FakeWithdrawService implements WithdrawService {
  readonly calls: { promotionId: string; input: Withdrawal; caller: Caller }[] = [];
  constructor(private readonly repositories: Repositories) {}

  async withdraw(promotionId: string, input: Withdrawal, caller: Caller) {
    this.calls.push({ promotionId, input, caller });
    const promotion = await this.repositories.promotions.get(promotionId);
    if (!promotion) throw new PromoError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} was not found`);
    return { promotion, branchDeleted: false };
  }
}

export class FakeCacheService implements CacheService {
  readonly calls: { environmentId: string; caller: Caller }[] = [];

  async refreshEnvironment(environmentId: string, caller: Caller) {
    this.calls.push({ environmentId, caller });
    return { environmentId, extensionAccessMappingCount: 3, upserted: 3, deleted: 0 };
  }
}

export class FakeRollbackService implements RollbackService {
  readonly calls: { runId: string; request: RollbackRequest; caller: Caller }[] = [];
  /** Thrown by the next start (a refusal of the checks). */
  nextRefusal: PromoError | null = null;
  private counter = 0;

  async start(runId: string, request: RollbackRequest, caller: Caller) {
    this.calls.push({ runId, request, caller });
    const refusal = this.nextRefusal;
    this.nextRefusal = null;
    if (refusal) throw refusal;
    return { runId: `rollback-${++this.counter}` };
  }

  async runSync(): Promise<RollbackResponse> {
    throw new Error('not used by the HTTP layer');
  }
}

/** The services that start runs are fakes; the others (PromotionLog, targets, packs, access, audit) are real. */
export interface FakeServices extends AppServices {
  deployments: FakeDeploymentService;
  rollbacks: FakeRollbackService;
  reviews: FakeReviewService;
  withdrawals: FakeWithdrawService;
  cache: FakeCacheService;
}

export function createFakeServices(repositories: Repositories, records: RecordServices): FakeServices {
  return {
    ...records,
    deployments: new FakeDeploymentService(),
    rollbacks: new FakeRollbackService(),
    reviews: new FakeReviewService(repositories),
    withdrawals: new FakeWithdrawService(repositories),
    cache: new FakeCacheService(),
  };
}
