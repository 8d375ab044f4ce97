import { describe, expect, it } from 'vitest';
import { control, eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;

describe('POST /Branch (checklist 42)', () => {
  it('creates a branch CREATING, which becomes NORMAL (one pending poll, then ready)', async () => {
    const created = await demo.boomi.post('/Branch', { name: 'feature-1', description: 'try' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      '@type': 'Branch',
      name: 'feature-1',
      parentId: world().mainBranchId,
      ready: false,
      stage: 'CREATING',
      deleted: false,
    });
    expect(Buffer.from(created.body.id, 'base64url').toString()).toMatch(/^B:\d+$/);
    const firstPoll = await demo.boomi.get(`/Branch/${created.body.id}`);
    expect(firstPoll.body).toMatchObject({ ready: false, stage: 'CREATING' });
    const secondPoll = await demo.boomi.get(`/Branch/${created.body.id}`);
    expect(secondPoll.body).toMatchObject({ ready: true, stage: 'NORMAL' });
  });

  it('refuses a duplicate name with 400', async () => {
    expectBoomiError(
      await demo.boomi.post('/Branch', { name: world().promotions[0]!.branchName }),
      400,
      /already exists/,
    );
    expectBoomiError(await demo.boomi.post('/Branch', { name: 'main' }), 400, /already exists/);
  });

  it('refuses a missing name and an unknown parent with 400', async () => {
    expectBoomiError(await demo.boomi.post('/Branch', {}), 400, /'name' is required/);
    expectBoomiError(
      await demo.boomi.post('/Branch', { name: 'x', parentId: 'QjoxMjM0NQ' }),
      400,
      /QjoxMjM0NQ/,
    );
  });

  it('enforces the account limit of 20 branches (main included)', async () => {
    // The demo account has main + 6 promotion branches.
    for (let i = world().branches.length; i < 20; i++) {
      expect((await demo.boomi.post('/Branch', { name: `fill-${i}` })).status).toBe(200);
    }
    expectBoomiError(await demo.boomi.post('/Branch', { name: 'one-too-many' }), 400, /limit of 20/);
    const all = await demo.boomi.queryAll('Branch');
    expect(all).toHaveLength(20);
  });

  it('creates a hotfix branch from a packaged component or a deployment', async () => {
    const pkg = world().packages[0]!;
    const fromPackage = await demo.boomi.post('/Branch', { name: 'hotfix-pkg', packageId: pkg.packageId });
    expect(fromPackage.body).toMatchObject({ packageId: pkg.packageId, stage: 'CREATING' });
    const deployment = world().deployments[0]!;
    const fromDeployment = await demo.boomi.post('/Branch', {
      name: 'hotfix-dep',
      packageId: deployment.deploymentId,
    });
    expect(fromDeployment.body).toMatchObject({
      packageId: deployment.packageId,
      deploymentId: deployment.deploymentId,
    });
    expectBoomiError(
      await demo.boomi.post('/Branch', { name: 'hotfix-bad', packageId: 'nope' }),
      400,
      /nope/,
    );
  });
});

describe('POST /Branch/{id} and DELETE /Branch/{id} (checklist 43)', () => {
  it('renames a branch, visible through a later GET', async () => {
    const branch = world().promotions[0]!;
    const renamed = await demo.boomi.post(`/Branch/${branch.branchId}`, {
      id: branch.branchId,
      name: 'renamed',
    });
    expect(renamed.body).toMatchObject({ name: 'renamed', modifiedBy: 'admin@acme.example' });
    expect((await demo.boomi.get(`/Branch/${branch.branchId}`)).body.name).toBe('renamed');
  });

  it('never renames or deletes main', async () => {
    expectBoomiError(
      await demo.boomi.post(`/Branch/${world().mainBranchId}`, { name: 'trunk' }),
      400,
      /main branch/,
    );
    expectBoomiError(await demo.boomi.delete(`/Branch/${world().mainBranchId}`), 400, /main branch/);
  });

  it('deletes a branch: DELETING first, then gone (GET 400)', async () => {
    const created = await demo.boomi.post('/Branch', { name: 'short-lived' });
    await demo.boomi.get(`/Branch/${created.body.id}`);
    await demo.boomi.get(`/Branch/${created.body.id}`);
    const deleted = await demo.boomi.delete(`/Branch/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    // With zero delay the deletion finishes before the next call is handled.
    expectBoomiError(await demo.boomi.get(`/Branch/${created.body.id}`), 400, /not found/);
    expectBoomiError(await demo.boomi.delete(`/Branch/${created.body.id}`), 400, /not found/);
  });

  it('shows DELETING while the deletion is in progress', async () => {
    await control(demo.sandbox, 'PUT', '/latency', { branchReadyMs: 60_000 });
    const branch = world().promotions[1]!;
    expect((await demo.boomi.delete(`/Branch/${branch.branchId}`)).status).toBe(200);
    const during = await demo.boomi.get(`/Branch/${branch.branchId}`);
    expect(during.body).toMatchObject({ stage: 'DELETING', deleted: true, ready: false });
    // A deleted branch frees its name.
    expect((await demo.boomi.post('/Branch', { name: branch.branchName })).status).toBe(200);
  });
});

describe('POST /Branch/query', () => {
  it('finds main by name, and promotion branches with LIKE', async () => {
    const main = await demo.boomi.query('Branch', eq('name', 'main'));
    expect(main.body.result).toEqual([
      expect.objectContaining({ id: world().mainBranchId, name: 'main', ready: true }),
    ]);
    const promos = await demo.boomi.query('Branch', {
      operator: 'LIKE',
      property: 'name',
      argument: ['promo-%'],
    });
    expect(promos.body.numberOfResults).toBe(world().promotions.length);
  });

  it('queries by parentName', async () => {
    const children = await demo.boomi.query('Branch', eq('parentName', 'main'));
    expect(children.body.numberOfResults).toBe(world().branches.length - 1);
  });
});
