/**
 * The product end to end, through the CLI and HTTP only, on one real server + sandbox: the seed's
 * three scenarios (TEST, PRODUCTION from test, hotfix), a partial deployment, an admin denial and a
 * peer rejection, idempotent replays, the order of server-sent events for live, mid-run and late
 * subscribers — and finally the server's logs: JSON lines carrying runId/promotionId/step, and not
 * one token or password.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';
import { apiAs, type Answer } from './support/http.ts';
import { INSTANT, startServerWithSandbox, type SandboxControl, type World } from './support/sandbox.ts';
import type { RunningServer } from './support/server.ts';
import { expectWellFormed, finalSteps, readEvents } from './support/sse.ts';

let server: RunningServer;
let sandbox: SandboxControl;
let world: World;
let admin: ReturnType<typeof apiAs>;
let dev: ReturnType<typeof apiAs>;
const ids: Record<string, { promotionId: string; branchId: string }> = {};

const env = (name: string) => world.environments.find((e) => e.name === name)!.id;
const group = (name: string) => world.accountGroups.find((g) => g.name === name)!.id;
const pack = (name: string) => world.integrationPacks.find((p) => p.name === name)!.id;
const promotion = async (id: string) => (await admin('GET', `/promotions/${id}`)).body;
/** Spec §10: the reviewer (not the deploying admin) approves before a production run. */
const peerApprove = async (promotionId: string) => {
  const result = await runCli(server, ['review', promotionId, '--approve', '--as', 'reviewer@example.com']);
  expect(result.code, result.stderr).toBe(0);
};

beforeAll(async () => {
  ({ server, sandbox, world } = await startServerWithSandbox());
  admin = apiAs(server.url, server.tokens['admin@example.com']);
  dev = apiAs(server.url, server.tokens['dev@example.com']);
  const list = await admin('GET', '/promotions');
  for (const p of list.body.items) ids[p.processName] = { promotionId: p.promotionId, branchId: p.branchId };
});

afterAll(async () => {
  await server?.dispose();
});

describe('the seed’s three scenarios through the CLI', () => {
  let testedPackageId: string;

  it('mode 1: deploys Order Intake to TEST through the QA account group, keeps the branch, records TEST_DEPLOYED', async () => {
    const { promotionId, branchId } = ids['Order Intake']!;
    const since = await sandbox.lastSeq();
    const result = await runCli(server, [
      'deploy',
      '--promotion-id',
      promotionId,
      '--package-version',
      '2.0',
      '--target',
      'TEST',
      '--integration-pack-id',
      pack('Acme Order Management'),
      '--account-group',
      group('Acme QA Subscribers'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ 2\.5-merge-create/);
    expect(result.stdout).toContain(`✓ 8-deploy:${env('Test')}`);
    expect(result.stdout).toContain(`✓ 8-deploy:${env('Test 2')}`);
    expect(result.stdout).toMatch(/^DEPLOYED: promotion .* → TEST$/m);

    const record = await promotion(promotionId);
    expect(record).toMatchObject({
      status: 'TEST_DEPLOYED',
      branchId,
      packageVersion: '2.0',
      testIntegrationPackId: pack('Acme Order Management'),
      adminReviewStatus: 'ADMIN_APPROVED',
      adminApprovedBy: 'admin@example.com',
    });
    testedPackageId = record.prodPackageId;
    expect(testedPackageId).toEqual(expect.any(String));
    const writes = await sandbox.writesSince(since);
    expect(writes.filter((c) => c.method === 'POST' && c.path === '/DeployedPackage')).toHaveLength(2);
    expect(writes.filter((c) => c.method === 'DELETE')).toEqual([]);
  });

  it('mode 2: promotes the tested package to PRODUCTION without merging again, and deletes the branch', async () => {
    const { promotionId, branchId } = ids['Order Intake']!;
    await peerApprove(promotionId);
    const since = await sandbox.lastSeq();
    const result = await runCli(server, [
      'deploy',
      '--promotion-id',
      promotionId,
      '--test-promotion-id',
      promotionId,
      '--package-version',
      '2.0',
      '--target',
      'PRODUCTION',
      '--integration-pack-id',
      pack('Acme Order Management'),
      '--account-group',
      group('Acme Production Subscribers'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`✓ 8-deploy:${env('Production')}`);

    const record = await promotion(promotionId);
    expect(record).toMatchObject({
      status: 'DEPLOYED',
      targetEnvironment: 'PRODUCTION',
      branchId: null,
      prodPackageId: testedPackageId,
    });
    const writes = await sandbox.writesSince(since);
    expect(writes.filter((c) => c.path.startsWith('/MergeRequest'))).toEqual([]);
    expect(writes.filter((c) => c.method === 'POST' && c.path === '/PackagedComponent')).toEqual([]);
    expect(writes.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([`/Branch/${branchId}`]);
  });

  it('mode 3: a hotfix from a request file (string booleans, a new pack) goes straight to PRODUCTION', async () => {
    const { promotionId } = ids['Invoice Sync']!;
    await peerApprove(promotionId);
    const file = path.join(server.dataDir, 'hotfix.json');
    await writeFile(
      file,
      JSON.stringify({
        promotionId,
        packageVersion: '1.0.1',
        deploymentTarget: 'PRODUCTION',
        isHotfix: 'true',
        hotfixJustification: 'Invoices rejected by NetSuite since 09:00',
        createNewPack: 'true',
        newPackName: 'Acme Finance Hotfixes',
        targetEnvironments: [{ environmentId: env('Production') }],
      }),
    );
    const result = await runCli(server, ['deploy', '--file', file, '--json']);
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout);
    expect(response).toMatchObject({
      success: true,
      isHotfix: 'true',
      deploymentStatus: 'DEPLOYED',
      branchPreserved: 'false',
      integrationPackName: 'Acme Finance Hotfixes',
    });
    expect(await promotion(promotionId)).toMatchObject({
      status: 'DEPLOYED',
      isHotfix: 'true',
      hotfixJustification: 'Invoices rejected by NetSuite since 09:00',
      branchId: null,
    });
    const packs = (await sandbox.account(world.accountId)).integrationPacks.map((p) => p.name);
    expect(packs).toContain('Acme Finance Hotfixes');
  });
});

describe('refusals and partial outcomes through the CLI', () => {
  it('an admin denies Shipment Notifications: ADMIN_REJECTED, branch deleted, and it can no longer be deployed', async () => {
    const { promotionId, branchId } = ids['Shipment Notifications']!;
    const since = await sandbox.lastSeq();
    const denied = await runCli(server, ['deny', promotionId, '--reason', 'Carrier contract not signed']);
    expect(denied.code).toBe(0);
    expect(await promotion(promotionId)).toMatchObject({
      status: 'ADMIN_REJECTED',
      adminReviewStatus: 'ADMIN_REJECTED',
      adminComments: 'Carrier contract not signed',
      adminApprovedBy: 'admin@example.com',
      branchId: null,
    });
    expect((await sandbox.writesSince(since)).map((c) => `${c.method} ${c.path}`)).toEqual([
      `DELETE /Branch/${branchId}`,
    ]);

    const deploy = await runCli(server, [
      'deploy',
      '--promotion-id',
      promotionId,
      '--package-version',
      '1.0',
      '--target',
      'TEST',
      '--create-new-pack',
      '--new-pack-name',
      'X',
    ]);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toMatch(/^PROMOTION_NOT_COMPLETED: Promotion .* has status 'ADMIN_REJECTED'/);
    expect(deploy.stderr).not.toMatch(/\n\s+at /);
  });

  it('a reviewer rejects Payment Reconciliation: PEER_REJECTED, branch deleted; a second review is refused', async () => {
    const { promotionId, branchId } = ids['Payment Reconciliation']!;
    const since = await sandbox.lastSeq();
    const reject = ['review', promotionId, '--reject', '--comments', 'Hard-coded credentials in the map'];
    const first = await runCli(server, [...reject, '--as', 'reviewer@example.com']);
    expect(first.code).toBe(0);
    expect(await promotion(promotionId)).toMatchObject({
      status: 'PEER_REJECTED',
      peerReviewStatus: 'PEER_REJECTED',
      peerReviewedBy: 'reviewer@example.com',
      peerReviewComments: 'Hard-coded credentials in the map',
      branchId: null,
    });
    expect((await sandbox.writesSince(since)).map((c) => `${c.method} ${c.path}`)).toEqual([
      `DELETE /Branch/${branchId}`,
    ]);

    const again = await runCli(server, [...reject, '--as', 'admin2@example.com', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({
      success: false,
      errorCode: 'ALREADY_REVIEWED',
      errorMessage: expect.any(String),
    });
  });

  it('one environment failing makes the run PARTIAL: the other still deploys and the CLI exits 2', async () => {
    const { promotionId } = ids['Customer Master Sync']!;
    await sandbox.addFault({ method: 'POST', pathPattern: '/DeployedPackage', status: 400, times: 1 });
    const result = await runCli(server, [
      'deploy',
      '--promotion-id',
      promotionId,
      '--package-version',
      '3.0',
      '--target',
      'TEST',
      '--create-new-pack',
      '--new-pack-name',
      'Customer Sync QA',
      '--env',
      env('Test'),
      '--env',
      env('Test 2'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^PARTIAL: /m);
    // The deploys go out together: the fault hits whichever arrives first, the other deploys.
    const marks = [env('Test'), env('Test 2')].map((id) =>
      result.stdout.includes(`✗ 8-deploy:${id}`)
        ? '✗'
        : result.stdout.includes(`✓ 8-deploy:${id}`)
          ? '✓'
          : '?',
    );
    expect(marks.sort()).toEqual(['✓', '✗']);
    expect((await promotion(promotionId)).status).toBe('TEST_DEPLOYED');
  });
});

describe('idempotent replays', () => {
  const deployBody = () => ({
    promotionId: ids['Inventory Feed']!.promotionId,
    packageVersion: '1.0',
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: 'Inventory QA',
    targetEnvironments: [{ environmentId: env('Test') }],
  });

  it('the same key and body land on the same run; another body with that key is 422', async () => {
    const first = await admin('POST', '/deployments', { body: deployBody(), idempotencyKey: 'inventory-1' });
    const second = await admin('POST', '/deployments', { body: deployBody(), idempotencyKey: 'inventory-1' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.runId).toBe(first.body.runId);
    const other = await admin('POST', '/deployments', {
      body: { ...deployBody(), packageVersion: '1.1' },
      idempotencyKey: 'inventory-1',
    });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ success: false, errorCode: 'IDEMPOTENCY_KEY_REUSED' });

    const follow = await runCli(server, ['runs', 'show', first.body.runId, '--follow', '--json']);
    expect(follow.code).toBe(0);
    expect(JSON.parse(follow.stdout)).toMatchObject({ success: true, runId: first.body.runId });
  });

  it('a replayed synchronous deployment answers the first response and writes nothing to Boomi', async () => {
    const { newPackName: _new, ...rest } = deployBody();
    const body = {
      ...rest,
      packageVersion: '1.2',
      createNewPack: false,
      integrationPackId: pack('Acme Order Management'),
    };
    const first = await admin('POST', '/package-and-deploy', { body, idempotencyKey: 'inventory-sync' });
    expect(first.status).toBe(200);
    expect(first.body.success).toBe(true);
    const since = await sandbox.lastSeq();
    const replay = await admin('POST', '/package-and-deploy', { body, idempotencyKey: 'inventory-sync' });
    expect(replay).toMatchObject({ status: 200, body: first.body });
    expect(await sandbox.writesSince(since)).toEqual([]);
  });

  it('a replayed denial answers the first answer again', async () => {
    const promotionId = `e2e-deny-replay-${Date.now()}`;
    const registered = await dev('POST', '/promotions', {
      body: {
        promotionId,
        devAccountId: 'acme-dev-orders-3KD9QA',
        prodAccountId: world.accountId,
        devPackageId: 'dev-pkg-1',
        status: 'COMPLETED',
        prodComponentId: world.promotions[0]!.prodComponentId,
        branchId: 'no-such-branch',
      },
    });
    expect(registered.status).toBe(201);
    const deny = () =>
      admin('POST', `/promotions/${promotionId}/deny`, {
        body: { reason: 'Duplicate' },
        idempotencyKey: 'deny-1',
      });
    const first = await deny();
    const second = await deny();
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 200, body: first.body });
  });
});

describe('server-sent events', () => {
  it('live, mid-run and late subscribers see the same steps in the same order, then the response', async () => {
    const { promotionId } = ids['Order Intake']!;
    // Slow merge stages so the run is still going when the second subscriber connects.
    await sandbox.setTimings({ mergeDraftingMs: 600, mergeMergingMs: 600 });
    const token = server.tokens['admin2@example.com']!;
    const started: Answer = await admin('POST', '/deployments', {
      body: {
        promotionId: ids['Inventory Feed']!.promotionId,
        packageVersion: '2.0',
        deploymentTarget: 'TEST',
        createNewPack: true,
        newPackName: 'Inventory QA 2',
        targetEnvironments: [{ environmentId: env('Test') }, { environmentId: env('Test 2') }],
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const eventsUrl = `${server.url}/api/v1/deployments/${started.body.runId}/events`;
    const live = readEvents(eventsUrl, token);
    // Wait (by reading the run, not the clock) until the run has recorded a first step.
    let run = (await admin('GET', `/deployments/${started.body.runId}`)).body;
    while (run.steps.length === 0 && run.state === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = (await admin('GET', `/deployments/${started.body.runId}`)).body;
    }
    const midRun = readEvents(eventsUrl, token);
    const [liveEvents, midEvents] = await Promise.all([live, midRun]);
    await sandbox.setTimings(INSTANT);
    const late = await readEvents(eventsUrl, token);

    for (const events of [liveEvents, midEvents, late]) expectWellFormed(events);
    const final = (await admin('GET', `/deployments/${started.body.runId}`)).body;
    const expected = final.steps.map((s: { name: string; state: string }) => [s.name, s.state]);
    expect(finalSteps(liveEvents)).toEqual(expected);
    expect(finalSteps(midEvents)).toEqual(expected);
    expect(finalSteps(late)).toEqual(expected);
    // The late subscriber gets each finished step exactly once.
    expect(late.filter((e) => e.event === 'step')).toHaveLength(expected.length);
    for (const events of [liveEvents, midEvents, late]) expect(events.at(-1)!.data).toEqual(final.response);
    expect(final.response).toMatchObject({ success: true, deploymentStatus: 'DEPLOYED' });
    expect(promotionId).toBeTruthy();
  });

  it('an unknown run answers 404 with the standard body', async () => {
    const answer = await admin('GET', '/deployments/run-does-not-exist/events');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ success: false, errorCode: 'NOT_FOUND' });
  });
});

describe('deployment targets through the CLI', () => {
  it('an admin replaces an account group’s targets; an unknown environment is refused', async () => {
    const qa = group('Acme QA Subscribers');
    const set = await runCli(server, ['targets', 'set', qa, env('Test 2'), '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(
      JSON.parse(set.stdout).environments.map((e: { environmentId: string }) => e.environmentId),
    ).toEqual([env('Test 2')]);
    const list = await runCli(server, ['targets', 'list', '--json']);
    const groups = JSON.parse(list.stdout).accountGroups as {
      id: string;
      registeredEnvironmentIds: string[];
    }[];
    expect(groups.find((g) => g.id === qa)!.registeredEnvironmentIds).toEqual([env('Test 2')]);
    const unknown = await runCli(server, ['targets', 'set', qa, 'no-such-environment']);
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      expect.stringMatching(/^INVALID_TARGET_ENVIRONMENT: /),
    ]);
    const viewer = await runCli(server, ['targets', 'set', qa, env('Test'), '--as', 'reviewer@example.com']);
    expect([viewer.code, viewer.stderr]).toEqual([1, expect.stringMatching(/^FORBIDDEN: /)]);
  });
});

describe('metrics', () => {
  it('count the runs by mode and outcome, time the steps, and count Boomi calls by object', async () => {
    const text = (await fetch(`${server.url}/metrics`).then((r) => r.text())).split('\n');
    const value = (prefix: string) =>
      Number(
        text
          .find((line) => line.startsWith(prefix))
          ?.split(' ')
          .at(-1) ?? 0,
      );
    expect(value('promo_runs_total{mode="TEST",outcome="SUCCEEDED"}')).toBeGreaterThanOrEqual(3);
    expect(value('promo_runs_total{mode="PRODUCTION_FROM_TEST",outcome="SUCCEEDED"}')).toBe(1);
    expect(value('promo_runs_total{mode="PRODUCTION_HOTFIX",outcome="SUCCEEDED"}')).toBe(1);
    expect(value('promo_step_duration_seconds_count{step="8-deploy",outcome="FAILED"}')).toBe(1);
    expect(
      value('promo_step_duration_seconds_count{step="2.5-merge-create",outcome="SUCCEEDED"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(value('promo_boomi_calls_total{object="DeployedPackage",method="POST",status="400"}')).toBe(1);
  });
});

describe('logs', () => {
  it('are JSON lines that follow each run by runId, promotionId and step, and carry no token or password', async () => {
    // One more token, created with the CLI and used once, must not appear either.
    const created = await runCli(server, [
      'token',
      'create',
      '--email',
      'ci@example.com',
      '--role',
      'viewer',
      '--name',
      'e2e',
    ]);
    expect(created.code).toBe(0);
    const ciToken = created.stdout.trim();
    expect((await apiAs(server.url, ciToken)('GET', '/promotions')).status).toBe(200);

    const lines = server.stdout().split('\n').filter(Boolean);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const runId = entries.find((e) => e.msg === 'Package and Deploy run started')?.runId;
    expect(runId).toEqual(expect.any(String));
    const steps = entries.filter((e) => e.runId === runId && typeof e.step === 'string');
    expect(steps.length).toBeGreaterThan(5);
    for (const e of steps) expect(e.promotionId).toEqual(expect.any(String));

    const databasePassword = decodeURIComponent(new URL(server.env.DATABASE_URL!).password);
    const boomiBasic = Buffer.from(`BOOMI_TOKEN.admin@acme.example:${world.apiToken}`).toString('base64');
    const secrets = [...Object.values(server.tokens), ciToken, world.apiToken, boomiBasic, databasePassword];
    expect(secrets.every((s) => s.length >= 8)).toBe(true);
    const logs = server.stdout();
    for (const secret of secrets) expect(logs.includes(secret), `a secret leaked into the logs`).toBe(false);
    // stderr holds only the ready banner, which prints the demo users' tokens on purpose.
    for (const secret of [ciToken, world.apiToken, boomiBasic, databasePassword]) {
      expect(server.stderr().includes(secret)).toBe(false);
    }
  });
});
