import { describe, expect, it } from 'vitest';
import { control, eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;
const promotion = (i = 0) => world().promotions[i]!;

async function createMerge(sourceBranchId: string, extra: Record<string, unknown> = {}) {
  return demo.boomi.post('/MergeRequest', {
    sourceBranchId,
    destinationBranchId: world().mainBranchId,
    strategy: 'OVERRIDE',
    priorityBranch: 'SOURCE',
    ...extra,
  });
}

/** Polls GET until the stage is no longer `pending` (ONE_POLL makes this exactly two GETs). */
async function settle(id: string, pending: string) {
  let response = await demo.boomi.get(`/MergeRequest/${id}`);
  for (let i = 0; i < 5 && response.body.stage === pending; i++)
    response = await demo.boomi.get(`/MergeRequest/${id}`);
  return response;
}

async function reviewing(sourceBranchId = promotion().branchId, extra: Record<string, unknown> = {}) {
  const created = await createMerge(sourceBranchId, extra);
  expect(created.status).toBe(200);
  const ready = await settle(created.body.id, 'DRAFTING');
  expect(ready.body.stage).toBe('REVIEWING');
  return ready.body;
}

const execute = (id: string, mergeRequestAction: string) =>
  demo.boomi.post(`/MergeRequest/execute/${id}`, { id, mergeRequestAction });

describe('POST /MergeRequest (checklist 44)', () => {
  it("starts DRAFTING from NOT_EXIST and reaches REVIEWING with the branch's changes", async () => {
    const created = await createMerge(promotion().branchId);
    expect(created.body).toMatchObject({
      '@type': 'MergeRequest',
      stage: 'DRAFTING',
      previousStage: 'NOT_EXIST',
      sourceBranchName: promotion().branchName,
      destinationBranchName: 'main',
      strategy: 'OVERRIDE',
      priorityBranch: 'SOURCE',
    });
    expect(Buffer.from(created.body.id, 'base64url').toString()).toMatch(/^MR:\d+$/);
    expect((await demo.boomi.get(`/MergeRequest/${created.body.id}`)).body.stage).toBe('DRAFTING');
    const ready = await demo.boomi.get(`/MergeRequest/${created.body.id}`);
    expect(ready.body).toMatchObject({ stage: 'REVIEWING', previousStage: 'DRAFTED' });
    const details = ready.body.MergeRequestDetails.MergeRequestDetail;
    // Order Intake's branch changed the process, its map and its process properties.
    expect(details.map((d: { componentGuid: string }) => d.componentGuid)).toContain(
      promotion().prodComponentId,
    );
    expect(details).toHaveLength(3);
    expect(
      details.every(
        (d: { changeType: string; conflict: boolean }) => d.changeType === 'MODIFIED' && !d.conflict,
      ),
    ).toBe(true);
  });

  it('marks components new to main as ADDED', async () => {
    const newProcess = world().promotions.find((p) => p.processName === 'Shipment Notifications')!;
    const mr = await reviewing(newProcess.branchId);
    const changeTypes = new Set(
      mr.MergeRequestDetails.MergeRequestDetail.map((d: { changeType: string }) => d.changeType),
    );
    expect([...changeTypes]).toEqual(['ADDED']);
  });

  it('refuses unknown branches, same branches, a bad strategy and OVERRIDE without priorityBranch', async () => {
    expectBoomiError(await createMerge('QjoxMjM0NTY3'), 400, /not found/);
    expectBoomiError(await createMerge(world().mainBranchId), 400, /must differ/);
    expectBoomiError(await createMerge(promotion().branchId, { strategy: 'YOLO' }), 400, /strategy/);
    expectBoomiError(
      await createMerge(promotion().branchId, { priorityBranch: undefined }),
      400,
      /priorityBranch/,
    );
    expectBoomiError(
      await createMerge(promotion().branchId, { priorityBranch: promotion().branchId }),
      400,
      /priorityBranch/,
    );
  });

  it('refuses a source branch that is still CREATING', async () => {
    const branch = await demo.boomi.post('/Branch', { name: 'fresh' });
    expectBoomiError(await createMerge(branch.body.id), 400, /not ready/);
  });
});

describe('POST /MergeRequest/execute/{id} (checklist 45)', () => {
  it('refuses MERGE while DRAFTING', async () => {
    const created = await createMerge(promotion().branchId);
    expectBoomiError(await execute(created.body.id, 'MERGE'), 400, /not allowed in stage DRAFTING/);
  });

  it("merges: MERGING then MERGED, and main now holds the branch's revisions", async () => {
    const mr = await reviewing();
    const processId = promotion().prodComponentId;
    const before = await demo.boomi.get(`/Component/${processId}`);
    const onBranch = await demo.boomi.get(`/Component/${processId}~${promotion().branchId}`);
    expect(onBranch.body.version).toBeGreaterThan(before.body.version);

    const started = await execute(mr.id, 'MERGE');
    expect(started.body).toMatchObject({
      stage: 'MERGING',
      previousStage: 'REVIEWING',
      mergeRequestAction: 'MERGE',
    });
    const done = await settle(mr.id, 'MERGING');
    expect(done.body).toMatchObject({ stage: 'MERGED', previousStage: 'MERGING' });
    const detail = done.body.MergeRequestDetails.MergeRequestDetail.find(
      (d: { componentGuid: string }) => d.componentGuid === processId,
    );
    expect(detail).toMatchObject({ stage: 'MERGED', sourceRevision: onBranch.body.version });

    const after = await demo.boomi.get(`/Component/${processId}`);
    expect(after.body).toMatchObject({
      version: detail.mergeRevision,
      branchName: 'main',
      currentVersion: true,
      deleted: false,
    });
    expect(after.body.version).toBeGreaterThan(onBranch.body.version);
    expect(after.body.name).toBe(onBranch.body.name);
  });

  it('refuses MERGE once MERGED, and a second merge request of the same branch has nothing left', async () => {
    const mr = await reviewing();
    await execute(mr.id, 'MERGE');
    await settle(mr.id, 'MERGING');
    expectBoomiError(await execute(mr.id, 'MERGE'), 400, /MERGED/);
    const again = await reviewing();
    expect(again.MergeRequestDetails.MergeRequestDetail).toBeUndefined();
  });

  it('ends FAILED_TO_MERGE under a scenario fault, main unchanged, and MERGE can be retried', async () => {
    await control(demo.sandbox, 'POST', '/faults', { scenario: 'mergeFails', id: promotion().branchId });
    const mr = await reviewing();
    const before = await demo.boomi.get(`/Component/${promotion().prodComponentId}`);
    await execute(mr.id, 'MERGE');
    const failed = await settle(mr.id, 'MERGING');
    expect(failed.body).toMatchObject({ stage: 'FAILED_TO_MERGE', previousStage: 'MERGING' });
    expect((await demo.boomi.get(`/Component/${promotion().prodComponentId}`)).body.version).toBe(
      before.body.version,
    );
    // The fault fired once; the retry merges.
    expect((await execute(mr.id, 'MERGE')).body.stage).toBe('MERGING');
    expect((await settle(mr.id, 'MERGING')).body.stage).toBe('MERGED');
  });

  it('does not apply a scenario fault scoped to another branch', async () => {
    await control(demo.sandbox, 'POST', '/faults', { scenario: 'mergeFails', id: promotion(1).branchId });
    const mr = await reviewing();
    await execute(mr.id, 'MERGE');
    expect((await settle(mr.id, 'MERGING')).body.stage).toBe('MERGED');
  });

  it('CONFLICT_RESOLVE: fails while a conflict is unresolved, merges once it is resolved', async () => {
    // Two branches change the same component; merging the first one makes the second conflict.
    await control(demo.sandbox, 'POST', '/seed', {
      branches: [
        { accountId: world().accountId, name: 'change-a' },
        { accountId: world().accountId, name: 'change-b' },
      ],
      components: [
        {
          accountId: world().accountId,
          id: 'shared-map',
          name: 'Shared Map',
          type: 'transform.map',
          revisions: [{}, { branch: 'change-a' }, { branch: 'change-b', name: 'Shared Map (b)' }],
        },
      ],
    });
    const branchId = async (name: string) =>
      (await demo.boomi.query('Branch', eq('name', name))).body.result[0].id;
    const a = await reviewing(await branchId('change-a'));
    // Main changes strictly after the branches were made, whatever the wall clock does.
    await control(demo.sandbox, 'POST', '/clock', { advanceMs: 1000 });
    await execute(a.id, 'MERGE');
    expect((await settle(a.id, 'MERGING')).body.stage).toBe('MERGED');
    const mainAfterA = (await demo.boomi.get('/Component/shared-map')).body;

    const b = await reviewing(await branchId('change-b'), {
      strategy: 'CONFLICT_RESOLVE',
      priorityBranch: undefined,
    });
    const detail = b.MergeRequestDetails.MergeRequestDetail[0];
    expect(detail).toMatchObject({ componentGuid: 'shared-map', conflict: true, changeType: 'MODIFIED' });
    expect(detail.resolution).toBeUndefined();
    await execute(b.id, 'MERGE');
    expect((await settle(b.id, 'MERGING')).body.stage).toBe('FAILED_TO_MERGE');

    const resolved = await demo.boomi.post(`/MergeRequest/${b.id}`, {
      id: b.id,
      strategy: 'CONFLICT_RESOLVE',
      MergeRequestDetails: { MergeRequestDetail: [{ componentGuid: 'shared-map', resolution: 'OVERRIDE' }] },
    });
    expect(resolved.body.MergeRequestDetails.MergeRequestDetail[0]).toMatchObject({
      resolution: 'OVERRIDE',
      stage: 'CONFLICT_RESOLVED',
    });
    expect((await execute(b.id, 'MERGE')).body.previousStage).toBe('FAILED_TO_MERGE');
    expect((await settle(b.id, 'MERGING')).body.stage).toBe('MERGED');
    const mainAfterB = (await demo.boomi.get('/Component/shared-map')).body;
    expect(mainAfterB.name).toBe('Shared Map (b)');
    expect(mainAfterB.version).toBeGreaterThan(mainAfterA.version);
  });

  it("OVERRIDE with priorityBranch DESTINATION keeps main's side of a conflict", async () => {
    await control(demo.sandbox, 'POST', '/seed', {
      branches: [
        { accountId: world().accountId, name: 'first' },
        { accountId: world().accountId, name: 'second' },
      ],
      components: [
        {
          accountId: world().accountId,
          id: 'profile-x',
          name: 'Profile X',
          type: 'profile.json',
          revisions: [{}, { branch: 'first' }, { branch: 'second', name: 'Profile X (second)' }],
        },
      ],
    });
    const branchId = async (name: string) =>
      (await demo.boomi.query('Branch', eq('name', name))).body.result[0].id;
    const first = await reviewing(await branchId('first'));
    await control(demo.sandbox, 'POST', '/clock', { advanceMs: 1000 });
    await execute(first.id, 'MERGE');
    await settle(first.id, 'MERGING');
    const mainBefore = (await demo.boomi.get('/Component/profile-x')).body;
    const second = await reviewing(await branchId('second'), { priorityBranch: 'DESTINATION' });
    expect(second.MergeRequestDetails.MergeRequestDetail[0]).toMatchObject({
      conflict: true,
      resolution: 'KEEP_DESTINATION',
    });
    await execute(second.id, 'MERGE');
    expect((await settle(second.id, 'MERGING')).body.stage).toBe('MERGED');
    expect((await demo.boomi.get('/Component/profile-x')).body).toMatchObject({
      version: mainBefore.version,
      name: 'Profile X',
    });
  });

  it('REVERT only from MERGED, and it restores main', async () => {
    const mr = await reviewing();
    expectBoomiError(await execute(mr.id, 'REVERT'), 400, /REVERT is not allowed in stage REVIEWING/);
    const before = await demo.boomi.get(`/Component/${promotion().prodComponentId}`);
    await execute(mr.id, 'MERGE');
    await settle(mr.id, 'MERGING');
    const reverted = await execute(mr.id, 'REVERT');
    expect(reverted.body).toMatchObject({ stage: 'REVERTED', previousStage: 'MERGED' });
    const after = await demo.boomi.get(`/Component/${promotion().prodComponentId}`);
    expect(after.body.name).toBe(before.body.name);
    expect(after.body.version).toBeGreaterThan(before.body.version);
  });

  it('RETRY_DRAFTING only after a failed draft', async () => {
    const mr = await reviewing();
    expectBoomiError(await execute(mr.id, 'RETRY_DRAFTING'), 400, /RETRY_DRAFTING/);
    await control(demo.sandbox, 'POST', '/faults', { scenario: 'draftFails' });
    const failing = await createMerge(promotion(1).branchId);
    expect((await settle(failing.body.id, 'DRAFTING')).body.stage).toBe('FAILED_TO_DRAFT');
    expect((await execute(failing.body.id, 'RETRY_DRAFTING')).body.stage).toBe('DRAFTING');
    expect((await settle(failing.body.id, 'DRAFTING')).body.stage).toBe('REVIEWING');
  });
});

describe('POST /MergeRequest/{id}, query and DELETE (checklist 46)', () => {
  it('updates exclusions; an excluded component is not merged', async () => {
    const mr = await reviewing();
    const map = mr.MergeRequestDetails.MergeRequestDetail.find(
      (d: { componentGuid: string }) => d.componentGuid !== promotion().prodComponentId,
    );
    const before = await demo.boomi.get(`/Component/${map.componentGuid}`);
    const updated = await demo.boomi.post(`/MergeRequest/${mr.id}`, {
      id: mr.id,
      MergeRequestDetails: { MergeRequestDetail: [{ componentGuid: map.componentGuid, excluded: true }] },
    });
    expect(updated.body.mergeRequestAction).toBe('UPDATE');
    expect(
      updated.body.MergeRequestDetails.MergeRequestDetail.find(
        (d: { componentGuid: string }) => d.componentGuid === map.componentGuid,
      ).excluded,
    ).toBe(true);
    await execute(mr.id, 'MERGE');
    await settle(mr.id, 'MERGING');
    expect((await demo.boomi.get(`/Component/${map.componentGuid}`)).body.version).toBe(before.body.version);
  });

  it('refuses an update naming a component that is not in the request', async () => {
    const mr = await reviewing();
    expectBoomiError(
      await demo.boomi.post(`/MergeRequest/${mr.id}`, {
        MergeRequestDetails: { MergeRequestDetail: [{ componentGuid: 'nope', excluded: true }] },
      }),
      400,
      /nope/,
    );
  });

  it('queries by source branch (EQUALS), and refuses queries without a branch id or with another operator', async () => {
    const mr = await reviewing();
    const found = await demo.boomi.query('MergeRequest', eq('sourceBranchId', promotion().branchId));
    expect(found.body.result.map((m: { id: string }) => m.id)).toEqual([mr.id]);
    const combined = await demo.boomi.query('MergeRequest', {
      operator: 'and',
      nestedExpression: [eq('destinationBranchId', world().mainBranchId), eq('stage', 'REVIEWING')],
    });
    expect(combined.body.numberOfResults).toBe(1);
    expectBoomiError(
      await demo.boomi.query('MergeRequest', eq('stage', 'REVIEWING')),
      400,
      /sourceBranchId or destinationBranchId/,
    );
    expectBoomiError(
      await demo.boomi.query('MergeRequest', {
        operator: 'LIKE',
        property: 'sourceBranchId',
        argument: ['Qj%'],
      }),
      400,
      /EQUALS/,
    );
  });

  it('deletes permanently: a later GET answers 400', async () => {
    const mr = await reviewing();
    expect((await demo.boomi.delete(`/MergeRequest/${mr.id}`)).status).toBe(200);
    expectBoomiError(await demo.boomi.get(`/MergeRequest/${mr.id}`), 400, /not found/);
  });
});
