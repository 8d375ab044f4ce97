import { describe, expect, it } from 'vitest';
import { BoomiTestClient, control, eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;
const RATE_MESSAGE =
  "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later.";

describe('faults', () => {
  it("answers the next 3 matching calls with the rule's status, then behaves again; all are logged", async () => {
    const added = await control(demo.sandbox, 'POST', '/faults', {
      method: 'POST',
      pathPattern: '/DeployedPackage',
      status: 500,
      times: 3,
    });
    expect(added.status).toBe(201);
    // Customer Master Sync 1.1 runs in Test; Production still runs 1.0.
    const production = world().environments.find((e) => e.name === 'Production')!;
    const body = {
      environmentId: production.id,
      packageId: world().packages.find((p) => p.packageVersion === '1.1')!.packageId,
    };
    for (let i = 0; i < 3; i++)
      expectBoomiError(await demo.boomi.post('/DeployedPackage', body), 500, /fault/);
    // A query of the same object does not match the exact pattern.
    expect((await demo.boomi.query('DeployedPackage')).status).toBe(200);
    expect((await demo.boomi.post('/DeployedPackage', body)).status).toBe(200);
    const calls = await control(demo.sandbox, 'GET', '/calls?method=POST&path=/DeployedPackage');
    expect(calls.body.calls.map((c: { status: number }) => c.status)).toEqual([500, 500, 500, 200]);
    expect((await control(demo.sandbox, 'GET', '/faults')).body.faults).toEqual([]);
  });

  it("returns a rule's own body, matches globs and regexes, and can be scoped to an account", async () => {
    await control(demo.sandbox, 'POST', '/faults', [
      { pathPattern: '/Branch/*', status: 503, body: { '@type': 'Error', message: 'custom' } },
      { pathPattern: '^/Environment/query$', status: 502, account: 'someone-else' },
    ]);
    const branch = await demo.boomi.get(`/Branch/${world().mainBranchId}`);
    expectBoomiError(branch, 503, 'custom');
    expect((await demo.boomi.query('Environment')).status).toBe(200);
    const listed = (await control(demo.sandbox, 'GET', '/faults')).body.faults;
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ pathPattern: '/Branch/*', remaining: null, hits: 1 });
  });

  it('removes one fault by id, or all of them', async () => {
    const added = await control(demo.sandbox, 'POST', '/faults', [
      { pathPattern: '/Branch/query', status: 500 },
      { scenario: 'mergeFails' },
    ]);
    const [rule] = added.body.faults;
    expect((await control(demo.sandbox, 'DELETE', `/faults/${rule.id}`)).status).toBe(200);
    expect((await control(demo.sandbox, 'DELETE', `/faults/${rule.id}`)).status).toBe(404);
    expect((await demo.boomi.query('Branch')).status).toBe(200);
    expect((await control(demo.sandbox, 'DELETE', '/faults')).body).toEqual({ cleared: 1 });
  });

  it('refuses malformed rules with 400 and adds none of a batch', async () => {
    expect((await control(demo.sandbox, 'POST', '/faults', { pathPattern: '/X', status: 42 })).status).toBe(
      400,
    );
    expect((await control(demo.sandbox, 'POST', '/faults', { status: 500 })).status).toBe(400);
    expect((await control(demo.sandbox, 'POST', '/faults', { scenario: 'meteor' })).status).toBe(400);
    expect(
      (
        await control(demo.sandbox, 'POST', '/faults', [
          { pathPattern: '/A', status: 500 },
          { pathPattern: '/B', status: 500, times: 0 },
        ])
      ).status,
    ).toBe(400);
    expect((await control(demo.sandbox, 'GET', '/faults')).body.faults).toEqual([]);
  });
});

describe('rate limit (checklist 9)', () => {
  it("answers 503 with Boomi's message and no Retry-After beyond the per-account rate; throttled calls are logged", async () => {
    expect((await control(demo.sandbox, 'PUT', '/rate-limit', { perSecond: 1 })).body).toEqual({
      perSecond: 1,
    });
    const statuses: number[] = [];
    let throttled;
    for (let i = 0; i < 4; i++) {
      const response = await demo.boomi.query('Environment');
      statuses.push(response.status);
      if (response.status === 503) throttled = response;
    }
    // A bucket of one request, refilled at 1/s: back-to-back calls cannot all pass.
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(503);
    expectBoomiError(throttled!, 503, RATE_MESSAGE);
    expect(throttled!.headers.get('retry-after')).toBeNull();
    const logged = (await control(demo.sandbox, 'GET', '/calls?path=/Environment/query')).body.calls;
    expect(logged.map((c: { status: number }) => c.status)).toEqual(statuses);
  });

  it('limits per account: another account keeps its own budget', async () => {
    await control(demo.sandbox, 'PUT', '/rate-limit', { perSecond: 1 });
    expect((await demo.boomi.query('Environment')).status).toBe(200);
    expect((await demo.boomi.query('Environment')).status).toBe(503);
    const dev = world().devAccounts[0]!.devAccountId;
    expect(
      (await demo.boomi.query('Environment', undefined, { partner: true, overrideAccount: dev })).status,
    ).toBe(200);
  });

  it('refuses a bad rate with 400; the default is restored by reset', async () => {
    expect((await control(demo.sandbox, 'PUT', '/rate-limit', { perSecond: -1 })).status).toBe(400);
    await control(demo.sandbox, 'PUT', '/rate-limit', { perSecond: 5 });
    await control(demo.sandbox, 'POST', '/reset');
    // This test sandbox was started with the limit off (0).
    expect((await control(demo.sandbox, 'GET', '/rate-limit')).body).toEqual({ perSecond: 0 });
  });
});

describe('latency and async durations', () => {
  it('stores per-route latency and async durations, and applies the added delay', async () => {
    const set = await control(demo.sandbox, 'PUT', '/latency', {
      defaultMs: 0,
      perRoute: { 'POST /Environment/query': 40 },
      releaseMs: 5,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      defaultMs: 0,
      perRoute: { 'POST /Environment/query': 40 },
      asyncDurations: { releaseMs: 5 },
    });
    await demo.boomi.query('Environment');
    const [call] = (await control(demo.sandbox, 'GET', '/calls?path=/Environment/query')).body.calls;
    // The delay is a lower bound (timers may round by a millisecond).
    expect(call.durationMs).toBeGreaterThanOrEqual(38);
  });

  it('refuses malformed latency settings', async () => {
    expect((await control(demo.sandbox, 'PUT', '/latency', { defaultMs: -5 })).status).toBe(400);
    expect((await control(demo.sandbox, 'PUT', '/latency', { perRoute: { '/Branch': 5 } })).status).toBe(400);
    expect((await control(demo.sandbox, 'PUT', '/latency', { mergeMergingMs: 'slow' })).status).toBe(400);
  });
});

describe('call log', () => {
  it('records method, path, status, time, duration, effective account and user; filters and clears', async () => {
    await demo.boomi.query('Branch');
    await demo.boomi.get('/Branch/nope');
    await demo.boomi.get('/Nothing/here');
    await demo.boomi.get('/Branch/x', { credentials: 'BOOMI_TOKEN.intruder@x.example:bad' });
    const all = (await control(demo.sandbox, 'GET', '/calls')).body.calls;
    expect(
      all.map((c: { method: string; path: string; status: number }) => `${c.method} ${c.path} ${c.status}`),
    ).toEqual([
      'POST /Branch/query 200',
      'GET /Branch/nope 400',
      'GET /Nothing/here 404',
      'GET /Branch/x 401',
    ]);
    expect(all[0]).toMatchObject({
      seq: expect.any(Number),
      account: world().accountId,
      user: 'admin@acme.example',
      partner: false,
    });
    expect(all[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(all[3].user).toBe('intruder@x.example');
    const since = (await control(demo.sandbox, 'GET', `/calls?since=${all[1].seq}`)).body.calls;
    expect(since).toHaveLength(2);
    expect((await control(demo.sandbox, 'GET', '/calls?method=get&path=/Branch/*')).body.calls).toHaveLength(
      2,
    );
    await control(demo.sandbox, 'DELETE', '/calls');
    expect((await control(demo.sandbox, 'GET', '/calls')).body.calls).toEqual([]);
  });
});

describe('seed, world, reset and clock', () => {
  it('seeds an account with users, environments, branches, components, packages and deployments', async () => {
    const seeded = await control(demo.sandbox, 'POST', '/seed', {
      accounts: [
        { id: 'seeded-1', name: 'Seeded', users: [{ email: 'me@seeded.example', apiToken: 'tok' }] },
      ],
      environments: [{ id: 'env-1', name: 'QA', classification: 'TEST' }],
      branches: [{ name: 'feature' }],
      components: [
        {
          id: 'proc-1',
          name: 'Proc',
          type: 'process',
          revisions: [{}, { branch: 'feature', name: 'Proc v2' }],
        },
      ],
      packages: [{ id: 'pkg-1', componentId: 'proc-1', packageVersion: '1.0', shareable: true }],
      deployments: [{ id: 'dep-1', environmentId: 'env-1', packageId: 'pkg-1' }],
    });
    expect(seeded.status).toBe(200);
    const account = seeded.body.accounts.find((a: { accountId: string }) => a.accountId === 'seeded-1');
    expect(account.users).toEqual([
      { username: 'BOOMI_TOKEN.me@seeded.example', apiToken: 'tok', readOnly: false },
    ]);
    const client = new BoomiTestClient(demo.sandbox, {
      accountId: 'seeded-1',
      credentials: 'BOOMI_TOKEN.me@seeded.example:tok',
    });
    expect((await client.get('/DeployedPackage/dep-1')).body).toMatchObject({
      packageId: 'pkg-1',
      active: true,
      packageVersion: '1.0',
    });
    const feature = (await client.query('Branch', eq('name', 'feature'))).body.result[0];
    expect((await client.get(`/Component/proc-1~${feature.id}`)).body).toMatchObject({
      name: 'Proc v2',
      version: 2,
    });
    expect((await client.get('/Component/proc-1')).body).toMatchObject({ name: 'Proc', version: 1 });
  });

  it('refuses a seed naming things that do not exist, with the reason', async () => {
    const response = await control(demo.sandbox, 'POST', '/seed', {
      deployments: [{ accountId: world().accountId, environmentId: 'nope', packageId: 'x' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/nope/);
    expect(
      (await control(demo.sandbox, 'POST', '/seed', { branches: [{ accountId: 'ghost', name: 'x' }] })).body
        .error,
    ).toMatch(/ghost/);
  });

  it('reset brings back the demo world with the same ids and forgets changes', async () => {
    const created = await demo.boomi.post('/Branch', { name: 'temporary' });
    const before = world();
    await control(demo.sandbox, 'POST', '/reset');
    expectBoomiError(await demo.boomi.get(`/Branch/${created.body.id}`), 400);
    expect(demo.sandbox.world).toEqual(before);
  });

  it('GET /world describes the loaded accounts and the demo world', async () => {
    const response = await control(demo.sandbox, 'GET', '/world');
    expect(response.body.demo).toEqual(world());
    const primary = response.body.accounts.find(
      (a: { accountId: string }) => a.accountId === world().accountId,
    );
    expect(primary.environments.map((e: { name: string }) => e.name)).toEqual([
      'Test',
      'Test 2',
      'Production',
    ]);
    expect(primary.users.map((u: { username: string }) => u.username)).toContain(world().username);
  });

  it('moves the clock forward for scheduled things', async () => {
    const now = Date.now();
    const moved = await control(demo.sandbox, 'POST', '/clock', { advanceMs: 86_400_000 });
    expect(Date.parse(moved.body.now)).toBeGreaterThanOrEqual(now + 86_400_000 - 1000);
    expect((await control(demo.sandbox, 'POST', '/clock', { advanceMs: -1 })).status).toBe(400);
  });
});
