/**
 * A whole product world for workflow integration tests: the Boomi sandbox (demo world) over real
 * HTTP, a fresh migrated database, the Boomi client, the workflow services and DBOS launched on
 * that database. DBOS is one per process, so one world per test file (vitest forks a process per
 * file). Async stages and polls are tiny; the sandbox's rate limit is off unless a test sets one.
 */
import type { ApprovalPolicy } from '../../src/domain/approval-policy.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { AppServices } from '../../src/app/contract.ts';
import { createAppServices } from '../../src/app/index.ts';
import { createBoomiClient, type BoomiClient } from '../../src/boomi/index.ts';
import { describeBoomiCall } from '../../src/domain/boomi-calls.ts';
import type { Caller } from '../../src/domain/caller.ts';
import type { PromotionLog, PromotionStatus } from '../../src/domain/promotion.ts';
import { SandboxControlClient, type CallRecord } from '../../src/sandbox/control-client.ts';
import type { DemoWorld, RunningSandbox } from '../../src/sandbox/server.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import {
  startWorkflowEngine,
  trackBoomiCall,
  type WorkflowEngine,
  type WorkflowEngineOptions,
  type WorkflowLogger,
  type WorkflowSettings,
} from '../../src/workflow/engine.ts';
import { createTestDatabase, databaseUrl, testClusterAdminUrl, type TestDatabase } from './db.ts';

/** Sandbox async stages in tests: a few milliseconds each. */
export const TINY_ASYNC = { branchReadyMs: 5, mergeDraftingMs: 20, mergeMergingMs: 20, releaseMs: 20 };

export const ADMIN: Caller = { email: 'ops.admin@acme.example', roles: ['admin'] };
export const SECOND_ADMIN: Caller = { email: 'second.admin@acme.example', roles: ['admin'] };
export const REVIEWER: Caller = { email: 'peer.reviewer@acme.example', roles: ['reviewer'] };
/** The developer who initiated every demo promotion. */
export const DEVELOPER_EMAIL = 'dev.one@acme.example';

export function testSettings(accountId: string): WorkflowSettings {
  return {
    accountId,
    mergeTimeoutMs: 5_000,
    releaseTimeoutMs: 5_000,
    // A write whose outcome is unknown is looked for during 1 s before it is sent again.
    writeSettleMs: 1_000,
    poll: {
      mergeStage: { intervalMs: 10, maxIntervalMs: 40, backoffFactor: 1.5 },
      release: { intervalMs: 10, maxIntervalMs: 40, backoffFactor: 1.5 },
    },
  };
}

/** Fast client retries, so fault tests take milliseconds. */
export const TEST_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 40, maxTotalMs: 10_000 };

export function testBoomiClient(
  sandbox: RunningSandbox,
  extra: { onCall?: typeof trackBoomiCall } = {},
): BoomiClient {
  const demo = sandbox.world!;
  return createBoomiClient({
    baseUrl: sandbox.apiBaseUrl,
    accountId: demo.accountId,
    username: demo.username,
    apiToken: demo.apiToken,
    rateLimitPerSecond: 200,
    retry: TEST_RETRY,
    onCall: extra.onCall ?? trackBoomiCall,
  });
}

/** The workflow engine with test pacing: step retries after 20 ms. */
export function startTestEngine(options: WorkflowEngineOptions): Promise<WorkflowEngine> {
  return startWorkflowEngine({ stepRetryIntervalSeconds: 0.02, ...options });
}

export function systemDatabaseUrl(db: TestDatabase): string {
  return databaseUrl(testClusterAdminUrl(), `${db.name}_dbos_sys`);
}

/** A logger that keeps what it was told, for tests that assert "logged, not fatal". */
export function recordingLogger(): WorkflowLogger & { warnings: { details: object; message: string }[] } {
  const warnings: { details: object; message: string }[] = [];
  return {
    warnings,
    info() {},
    warn(details, message) {
      warnings.push({ details, message });
    },
    error(details, message) {
      warnings.push({ details, message });
    },
  };
}

export interface World {
  sandbox: RunningSandbox;
  demo: DemoWorld;
  control: SandboxControl;
  db: TestDatabase;
  repos: Repositories;
  boomi: BoomiClient;
  engine: WorkflowEngine;
  services: AppServices;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Defaults to a fresh demo sandbox with tiny async stages and no rate limit. */
  sandbox?: RunningSandbox;
  /** Replace the Boomi client (e.g. one pointed at a fault-injecting proxy). */
  boomi?: (sandbox: RunningSandbox) => BoomiClient;
  /** Skip DBOS (tests of services that need no durable run). */
  durable?: boolean;
  settings?: Partial<WorkflowSettings>;
  log?: WorkflowLogger;
  /** Spec §10 checks 5a/5b; the spec's defaults when left out. */
  approvalPolicy?: ApprovalPolicy;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const sandbox =
    options.sandbox ??
    (await startSandbox({ port: 0, demo: true, rateLimitPerSecond: 0, asyncDurations: TINY_ASYNC }));
  const demo = sandbox.world!;
  const db = await createTestDatabase();
  const repos = createRepositories(db.pool);
  const boomi = options.boomi?.(sandbox) ?? testBoomiClient(sandbox);
  const durable = options.durable ?? true;
  const engine = await startTestEngine({
    boomi,
    repos,
    settings: { ...testSettings(demo.accountId), ...options.settings },
    historyPollMs: 100,
    ...(options.log ? { log: options.log } : {}),
    dbos: durable
      ? {
          systemDatabaseUrl: systemDatabaseUrl(db),
          pool: db.pool,
          applicationVersion: 'test',
          executorId: `test-${randomBytes(4).toString('hex')}`,
          takeoverAfterMs: 3_600_000,
        }
      : false,
  });
  const services = createAppServices({
    boomi,
    repos,
    engine,
    accountId: demo.accountId,
    ...(options.log ? { log: options.log } : {}),
    ...(options.approvalPolicy ? { approvalPolicy: options.approvalPolicy } : {}),
  });
  await seedDemoRegistry(repos, demo);
  return {
    sandbox,
    demo,
    control: new SandboxControl(sandbox.url, demo),
    db,
    repos,
    boomi,
    engine,
    services,
    async close() {
      await engine.close();
      await db.drop();
      if (!options.sandbox) await sandbox.close();
    },
  };
}

/** What the admin registered in the service: account-group targets, dev-account access, mappings. */
export async function seedDemoRegistry(repos: Repositories, demo: DemoWorld): Promise<void> {
  for (const group of demo.accountGroups) {
    if (group.environmentIds.length === 0) continue;
    await repos.accountGroupEnvironments.replaceForGroup(
      group.id,
      group.environmentIds.map((environmentId) => ({ environmentId })),
      'seed@acme.example',
    );
  }
  await repos.devAccountAccess.upsertMany(
    demo.devAccounts.map((account) => ({ ...account, isActive: true })),
  );
  await repos.componentMappings.upsertMany(
    demo.componentMappings.map((mapping) => ({
      ...mapping,
      prodAccountId: demo.accountId,
      prodLatestVersion: 1,
      lastPromotedAt: '2025-01-01T00:00:00.000Z',
      lastPromotedBy: DEVELOPER_EMAIL,
      mappingSource: 'PROMOTION_ENGINE' as const,
    })),
  );
}

export type DemoPromotion = DemoWorld['promotions'][number];

/** Record fields of a promotion REVIEWER peer-approved (spec §10 check 5a), for direct registration. */
export const PEER_APPROVED = { peerReviewStatus: 'PEER_APPROVED', peerReviewedBy: REVIEWER.email } as const;

/** A peer approval by REVIEWER (someone other than the deploying admins), as spec §10 requires. */
export async function peerApprove(
  world: Pick<World, 'services'>,
  promotionId: string,
): Promise<PromotionLog> {
  const outcome = await world.services.reviews.peerReview(
    promotionId,
    { decision: 'APPROVED', comments: 'Looks good' },
    REVIEWER,
  );
  return outcome.promotion;
}

/** Registers a demo promotion in the PromotionLog as the upstream promotion step would. */
export async function registerPromotion(
  world: Pick<World, 'repos' | 'demo'>,
  promotion: DemoPromotion,
  overrides: Partial<PromotionLog> & { status?: PromotionStatus } = {},
): Promise<PromotionLog> {
  return world.repos.promotions.create({
    promotionId: promotion.promotionId,
    devAccountId: promotion.devAccountId,
    prodAccountId: world.demo.accountId,
    devPackageId: promotion.devPackageId,
    prodComponentId: promotion.prodComponentId,
    processName: promotion.processName,
    branchId: promotion.branchId,
    branchName: promotion.branchName,
    componentsTotal: promotion.componentsTotal,
    componentsCreated: promotion.componentsTotal,
    initiatedBy: DEVELOPER_EMAIL,
    initiatedAt: '2025-03-01T09:00:00.000Z',
    status: 'COMPLETED',
    targetEnvironment: 'TEST',
    ...overrides,
  });
}

/**
 * A new promotion of its own: a root process on main whose promotion branch changed it, seeded
 * into the sandbox, so tests never share a branch (a run may merge or delete it).
 */
export async function freshPromotion(
  world: Pick<World, 'control' | 'demo'>,
  key: string,
): Promise<DemoPromotion> {
  const template = world.demo.promotions[0]!;
  const branchName = `promo-${key}`;
  const prodComponentId = stableTestGuid(`component/${key}`);
  const description = await world.control.seed({
    branches: [{ accountId: world.demo.accountId, id: branchIdFor(key), name: branchName }],
    components: [
      {
        accountId: world.demo.accountId,
        id: prodComponentId,
        name: `Process ${key}`,
        type: 'process',
        revisions: [{ branch: 'main' }, { branch: branchName }],
      },
    ],
  });
  const account = description.accounts.find((candidate) => candidate.accountId === world.demo.accountId);
  const branch = account?.branches.find((candidate) => candidate.name === branchName);
  if (!branch) throw new Error(`seeded branch ${branchName} not found`);
  return {
    ...template,
    promotionId: `promotion-${key}`,
    branchId: branch.id,
    branchName,
    prodComponentId,
    processName: `Process ${key}`,
    componentsTotal: 1,
  };
}

/** Boomi-looking (base64url of `B:<n>`) and unique per key, also across sandboxes. */
function branchIdFor(key: string): string {
  const n = 300_000 + (parseInt(createHash('sha256').update(key).digest('hex').slice(0, 8), 16) % 9_000_000);
  return Buffer.from(`B:${n}`).toString('base64url');
}

function stableTestGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function environmentNamed(demo: DemoWorld, name: string): DemoWorld['environments'][number] {
  const environment = demo.environments.find((candidate) => candidate.name === name);
  if (!environment) throw new Error(`demo world has no environment '${name}'`);
  return environment;
}

export function accountGroupNamed(demo: DemoWorld, name: string): DemoWorld['accountGroups'][number] {
  const group = demo.accountGroups.find((candidate) => candidate.name === name);
  if (!group) throw new Error(`demo world has no account group '${name}'`);
  return group;
}

export type SandboxCall = CallRecord;

/** The sandbox's control API (`/__sandbox/…`) and a raw Boomi GET, as tests use them. */
export class SandboxControl extends SandboxControlClient {
  constructor(
    baseUrl: string,
    private readonly demo: DemoWorld,
  ) {
    super(baseUrl);
  }

  /** The last call's sequence number: pass it to `writesSince` to see only what came after. */
  mark(): Promise<number> {
    return this.lastSeq();
  }

  /** Successful Boomi writes after `since`, as `METHOD /Object[/action]` (ids dropped), in order. */
  async writesSince(since: number): Promise<string[]> {
    return (await this.writeCallsSince(since))
      .filter((call) => call.status >= 200 && call.status < 300)
      .map(describeBoomiCall);
  }

  /** GET a Boomi object as a real client would; returns the status and body. */
  async boomiGet(path: string): Promise<{ status: number; body: unknown }> {
    const auth = Buffer.from(`${this.demo.username}:${this.demo.apiToken}`).toString('base64');
    const response = await fetch(`${this.baseUrl}/api/rest/v1/${this.demo.accountId}${path}`, {
      headers: { authorization: `Basic ${auth}`, accept: 'application/json' },
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** True while GET /Branch/{id} answers 200 with a live branch. */
  async branchExists(branchId: string): Promise<boolean> {
    const { status, body } = await this.boomiGet(`/Branch/${encodeURIComponent(branchId)}`);
    return status === 200 && (body as { deleted?: unknown }).deleted !== true;
  }
}
