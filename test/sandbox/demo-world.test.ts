import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.ts';
import { eq, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: false });

const world = demo.world;

describe('the demo world (issue 2 point 4)', () => {
  it('keeps the same ids across restarts', async () => {
    const other = await startSandbox({ port: 0, demo: true });
    try {
      expect(other.world).toEqual(world());
    } finally {
      await other.close();
    }
  });

  it('has environments Test and Test 2 (TEST) and Production (PROD), as the API shows them', async () => {
    expect(world().environments.map((e) => [e.name, e.classification])).toEqual([
      ['Test', 'TEST'],
      ['Test 2', 'TEST'],
      ['Production', 'PROD'],
    ]);
    const listed = await demo.boomi.queryAll('Environment');
    expect(listed.map((e) => e.id).sort()).toEqual(
      world()
        .environments.map((e) => e.id)
        .sort(),
    );
  });

  it('has main and at least five promotion branches, each holding changes to its root process', async () => {
    const main = await demo.boomi.query('Branch', eq('name', 'main'));
    expect(main.body.result[0].id).toBe(world().mainBranchId);
    expect(world().promotions.length).toBeGreaterThanOrEqual(5);
    for (const p of world().promotions) {
      expect(p.branchName).toBe(`promo-${p.promotionId}`);
      const branch = await demo.boomi.get(`/Branch/${p.branchId}`);
      expect(branch.body).toMatchObject({ name: p.branchName, stage: 'NORMAL', ready: true });
      const onBranch = await demo.boomi.get(`/Component/${p.prodComponentId}~${p.branchId}`);
      expect(onBranch.body.name).toBe(p.processName);
      const onMain = await demo.boomi.get(`/Component/${p.prodComponentId}`);
      // Either a new process (not on main yet) or a newer revision than main's.
      if (onMain.status === 200) expect(onBranch.body.version).toBeGreaterThan(onMain.body.version);
      else expect(onMain.status).toBe(400);
      expect(p.componentsTotal).toBeGreaterThanOrEqual(3);
    }
  });

  it('has an account group with suggested environments, and existing packages and deployments', async () => {
    const qa = world().accountGroups.find((g) => g.environmentIds.length > 0)!;
    expect((await demo.boomi.get(`/AccountGroup/${qa.id}`)).body.name).toBe(qa.name);
    for (const pkg of world().packages) {
      expect((await demo.boomi.get(`/PackagedComponent/${pkg.packageId}`)).body.packageVersion).toBe(
        pkg.packageVersion,
      );
    }
    const active = await demo.boomi.query('DeployedPackage', eq('active', 'true'));
    expect(active.body.numberOfResults).toBe(world().deployments.filter((d) => d.active).length);
    expect(active.body.numberOfResults).toBeGreaterThanOrEqual(3);
  });

  it('has connections, operations and process properties as extensions on every environment', async () => {
    for (const env of world().environments) {
      const extensions = (await demo.boomi.get(`/EnvironmentExtensions/${env.id}`)).body;
      expect(extensions.connections.connection.length, env.name).toBeGreaterThan(0);
      expect(extensions.operations.operation.length, env.name).toBeGreaterThan(0);
      expect(extensions.processProperties.ProcessProperty.length, env.name).toBeGreaterThan(0);
    }
  });

  it('maps every extension component to dev accounts, one connection from two of them', async () => {
    const mapped = new Set(world().componentMappings.map((m) => m.prodComponentId));
    for (const env of world().environments) {
      const x = (await demo.boomi.get(`/EnvironmentExtensions/${env.id}`)).body;
      const ids = [
        ...x.connections.connection,
        ...x.operations.operation,
        ...x.processProperties.ProcessProperty,
      ].map((c: { id: string }) => c.id);
      for (const id of ids) expect(mapped.has(id), id).toBe(true);
    }
    const byProd = new Map<string, Set<string>>();
    for (const m of world().componentMappings)
      byProd.set(m.prodComponentId, (byProd.get(m.prodComponentId) ?? new Set()).add(m.devAccountId));
    const shared = world().componentMappings.filter(
      (m) => m.componentType === 'connector-settings' && byProd.get(m.prodComponentId)!.size >= 2,
    );
    expect(shared.map((m) => m.componentName)).toContain('Salesforce Connection');
  });

  it('has dev accounts under the primary, each with its SSO group and the promoted dev packages', async () => {
    expect(world().devAccounts).toHaveLength(3);
    for (const dev of world().devAccounts) expect(dev.ssoGroupName).toMatch(/^ABC_BOOMI_FLOW_DEVTEAM/);
    for (const p of world().promotions) {
      const pkg = await demo.boomi.get(`/PackagedComponent/${p.devPackageId}`, {
        partner: true,
        overrideAccount: p.devAccountId,
      });
      expect(pkg.status).toBe(200);
      expect(pkg.body.componentType).toBe('process');
    }
  });
});
