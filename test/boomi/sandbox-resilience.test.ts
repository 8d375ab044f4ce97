// The client's failure handling against the sandbox over real HTTP: paging past 100 results,
// riding out the account rate limit (the call log shows the 503s and their retries), injected
// gateway errors, permanent 4xx, bad credentials and pollers that run out of time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BoomiPollTimeoutError, BoomiRequestError, type BoomiClient } from '../../src/boomi/index.ts';
import {
  expectRequestsFollowOfficialSchemas,
  FAST_POLL,
  startTestSandbox,
  type TestSandbox,
} from './sandbox-helpers.ts';

let t: TestSandbox;
let boomi: BoomiClient;

beforeAll(async () => {
  t = await startTestSandbox();
  boomi = t.client();
});
afterEach(async () => {
  await t.clearFaults();
  await t.setRateLimit(0);
  await t.clearCalls();
});
afterAll(async () => t.close());

const callLine = (c: { method: string; path: string; status: number }) => `${c.method} ${c.path} ${c.status}`;

describe('paging', () => {
  it('returns all 250 seeded environments (plus the demo three) across query and two queryMore pages', async () => {
    await t.seed({
      accountId: t.world.accountId,
      environments: Array.from({ length: 250 }, (_, i) => ({
        accountId: t.world.accountId,
        name: `Paging Env ${String(i).padStart(3, '0')}`,
        classification: 'TEST',
      })),
    });
    await t.clearCalls();
    const all = await boomi.environments.list();
    expect(all).toHaveLength(253);
    expect(new Set(all.map((e) => e.id)).size).toBe(253);
    expect(all.filter((e) => e.name?.startsWith('Paging Env ')).map((e) => e.name)).toHaveLength(250);
    expect((await t.calls()).map(callLine)).toStrictEqual([
      'POST /Environment/query 200',
      'POST /Environment/queryMore 200',
      'POST /Environment/queryMore 200',
    ]);
  });
});

describe('the account rate limit (503)', () => {
  it('rides out a lowered sandbox limit: every call succeeds and the call log shows 503s then retries', async () => {
    await t.setRateLimit(4);
    await t.clearCalls();
    // No client-side limiting here, so the sandbox's 503s are what the client has to survive.
    const eager = t.client({ limiter: false, retry: { baseDelayMs: 200, maxDelayMs: 1_000, attempts: 10 } });
    const ids = t.world.environments.map((e) => e.id);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => eager.environments.get(ids[i % 3]!)),
    );
    expect(results.map((r) => r.id)).toStrictEqual(Array.from({ length: 12 }, (_, i) => ids[i % 3]));

    const calls = await t.calls();
    const throttled = calls.filter((c) => c.status === 503);
    expect(throttled.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status === 200)).toHaveLength(12);
    expect(calls.every((c) => c.status === 200 || c.status === 503)).toBe(true);
    // Every 503 was followed by a retry of the same call (a later request for the same path).
    for (const refused of throttled) {
      expect(calls.some((c) => c.seq > refused.seq && c.path === refused.path && c.status === 200)).toBe(
        true,
      );
    }
    // And the client's own events agree: the retried attempts are marked.
    const retried = (eager as unknown as { events: { retried: boolean; status: number }[] }).events.filter(
      (e) => e.retried,
    );
    expect(retried.length).toBe(throttled.length);
  });

  it('retries a create refused with 503 (Boomi did not act on it) and creates exactly one package', async () => {
    await t.addFault({ method: 'POST', pathPattern: '/PackagedComponent', status: 503, times: 2 });
    const componentId = t.world.components.find((c) => c.name === 'Invoice Sync')!.id;
    const created = await boomi.packagedComponents.create({
      componentId,
      packageVersion: '7.7-503',
      shareable: true,
    });
    expect(created.packageVersion).toBe('7.7-503');
    expect((await t.calls({ path: '/PackagedComponent' })).map(callLine)).toStrictEqual([
      'POST /PackagedComponent 503',
      'POST /PackagedComponent 503',
      'POST /PackagedComponent 200',
    ]);
  });
});

describe('gateway errors and permanent refusals', () => {
  it('retries a read through 502 and 504', async () => {
    await t.addFault([
      { method: 'GET', pathPattern: '/Environment/*', status: 502, times: 1 },
      { method: 'GET', pathPattern: '/Environment/*', status: 504, times: 1 },
    ]);
    const env = t.world.environments[0]!;
    await expect(boomi.environments.get(env.id)).resolves.toMatchObject({ id: env.id });
    expect((await t.calls()).map((c) => c.status)).toStrictEqual([502, 504, 200]);
  });

  it('does not repeat a deploy after a 502 (it may have happened); the caller can look it up', async () => {
    const componentId = t.world.components.find((c) => c.name === 'Invoice Sync')!.id;
    const { packageId } = await boomi.packagedComponents.create({ componentId, packageVersion: '5.0-502' });
    const environmentId = t.world.environments[0]!.id;
    await t.addFault({ method: 'POST', pathPattern: '/DeployedPackage', status: 502, times: 1 });
    const error = await boomi.deployedPackages.create({ environmentId, packageId }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, retryable: true, attempts: 1 });
    expect((await t.calls({ path: '/DeployedPackage' })).map(callLine)).toStrictEqual([
      'POST /DeployedPackage 502',
    ]);
    await expect(
      boomi.deployedPackages.find({ environmentId, packageId, active: true }),
    ).resolves.toStrictEqual([]);
  });

  it('never retries a 400 for an unknown id', async () => {
    const error = await boomi.branches.get('QjoxMjM0NTY3ODk').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoomiRequestError);
    expect(error).toMatchObject({ status: 400, retryable: false, attempts: 1 });
    expect((error as BoomiRequestError).bodyMessage).toContain('QjoxMjM0NTY3ODk');
    expect((await t.calls()).map(callLine)).toStrictEqual(['GET /Branch/QjoxMjM0NTY3ODk 400']);
  });

  it('never retries a 403 (read-only user writing) or a 401 (wrong token), and leaks neither token', async () => {
    const readOnly = t.client({ username: t.world.readOnlyUsername, apiToken: t.world.readOnlyApiToken });
    const forbidden = await readOnly.publisherIntegrationPacks
      .create({ name: 'nope', installationType: 'SINGLE' })
      .catch((e: unknown) => e);
    expect(forbidden).toMatchObject({
      status: 403,
      bodyMessage: 'Access denied due to insufficient permissions.',
    });
    const wrongToken = 'wrong-token-b6f1c0de';
    const unauthenticated = await t
      .client({ apiToken: wrongToken })
      .environments.list()
      .catch((e: unknown) => e);
    expect(unauthenticated).toMatchObject({ status: 401, attempts: 1 });
    expect(JSON.stringify(unauthenticated) + String(unauthenticated)).not.toContain(wrongToken);
    expect(JSON.stringify(forbidden) + String(forbidden)).not.toContain(t.world.readOnlyApiToken);
    expect((await t.calls()).map((c) => c.status)).toStrictEqual([403, 401]);
  });
});

describe('pollers against the sandbox', () => {
  it('a merge that ends FAILED_TO_MERGE is returned as that dead end', async () => {
    const branchId = t.world.promotions[1]!.branchId;
    const created = await boomi.mergeRequests.create({
      sourceBranchId: branchId,
      destinationBranchId: t.world.mainBranchId,
      strategy: 'OVERRIDE',
      priorityBranch: 'SOURCE',
    });
    await t.addFault({ scenario: 'mergeFails', id: created.id });
    await boomi.mergeRequests.waitForStage(created.id, ['REVIEWING'], FAST_POLL);
    await boomi.mergeRequests.execute(created.id, 'MERGE');
    await expect(boomi.mergeRequests.waitForStage(created.id, ['MERGED'], FAST_POLL)).resolves.toMatchObject({
      stage: 'FAILED_TO_MERGE',
    });
  });

  it('a branch still CREATING at the deadline ends in BoomiPollTimeoutError', async () => {
    await t.setLatency({ branchReadyMs: 600_000 });
    const branch = await boomi.branches.create({ name: 'slow-branch', parentId: t.world.mainBranchId });
    const error = await boomi.branches
      .waitUntilReady(branch.id, { intervalMs: 20, maxIntervalMs: 50, timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoomiPollTimeoutError);
    expect(error).toMatchObject({ what: 'Branch', id: branch.id, lastState: 'CREATING', timeoutMs: 300 });
    expect((error as BoomiPollTimeoutError).polls).toBeGreaterThan(1);
    await t.setLatency({ branchReadyMs: 30 });
  });

  it('a release that ends ERROR is returned with that state', async () => {
    const componentId = t.world.components.find((c) => c.name === 'Customer Master Sync')!.id;
    const pack = await boomi.publisherIntegrationPacks.create({
      name: 'Error Pack',
      installationType: 'MULTI',
    });
    await boomi.publisherIntegrationPacks.addComponents(pack.id, [componentId]);
    await t.addFault({ scenario: 'releaseError' });
    const release = await boomi.releases.create({ integrationPackId: pack.id });
    await expect(boomi.releases.waitForRelease(release.requestId!, FAST_POLL)).resolves.toMatchObject({
      state: 'ERROR',
    });
  });
});

describe('contract', () => {
  it('every request sent above (retries included) used an operation of the subset with a valid body', () => {
    expectRequestsFollowOfficialSchemas(t.requests);
  });
});
