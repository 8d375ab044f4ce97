// Discovery for the console's pickers (spec §11, §7): the publisher Integration Packs read through
// Boomi's paging, newest first with the suggestion from the PromotionLog, and the environments
// filtered by classification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewPromotion } from '../../src/store/repositories/index.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const world = () => h.sandbox.world!;
const componentNamed = (name: string) => world().components.find((c) => c.name === name)!.id;
const packNamed = (name: string) => world().integrationPacks.find((p) => p.name === name)!.id;

interface PackItem {
  id: string;
  name: string;
  latestReleasedVersion: string | null;
  lastReleasedAt: string | null;
  suggested: boolean;
  components: { componentId: string; releasedVersion: string | null }[];
}

async function listPacks(query = ''): Promise<PackItem[]> {
  const r = await h.as('viewer', { method: 'GET', url: `/api/v1/integration-packs${query}` });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.json().nextCursor).toBeNull();
  return r.json().items as PackItem[];
}

function released(promotionId: string, prodComponentId: string, fields: Partial<NewPromotion>): NewPromotion {
  return {
    promotionId,
    devAccountId: 'dev-1',
    prodAccountId: h.accountId,
    devPackageId: `dev-package-${promotionId}`,
    prodComponentId,
    initiatedBy: 'dev@example.com',
    initiatedAt: '2025-01-01T00:00:00.000Z',
    status: 'COMPLETED',
    targetEnvironment: 'TEST',
    ...fields,
  };
}

describe('GET /integration-packs', () => {
  it('suggests the pack the process was last released in, and lists the most recently released first', async () => {
    const [packA, packB] = world().integrationPacks.map((p) => p.id);
    const orderIntake = componentNamed('Order Intake');
    const promotions = h.repositories.promotions;
    // Production release into A (older), then a test release of the same process into B (newer).
    await promotions.create(
      released('P-prod', orderIntake, {
        status: 'DEPLOYED',
        targetEnvironment: 'PRODUCTION',
        integrationPackId: packA,
        adminApprovedAt: '2025-02-01T00:00:00.000Z',
      }),
    );
    await promotions.create(
      released('P-test', orderIntake, {
        status: 'TEST_DEPLOYED',
        testIntegrationPackId: packB,
        testDeployedAt: '2025-03-01T00:00:00.000Z',
      }),
    );
    // Another process released into A last of all: A is then the most recent, still not the suggestion.
    await promotions.create(
      released('P-other', componentNamed('Invoice Sync'), {
        status: 'DEPLOYED',
        targetEnvironment: 'PRODUCTION',
        integrationPackId: packA,
        adminApprovedAt: '2025-04-01T00:00:00.000Z',
      }),
    );

    const packs = await listPacks(`?prodComponentId=${orderIntake}`);
    expect(packs.filter((p) => p.suggested).map((p) => p.id)).toStrictEqual([packB]);
    expect(packs.map((p) => [p.id, p.lastReleasedAt])).toStrictEqual([
      [packA, '2025-04-01T00:00:00.000Z'],
      [packB, '2025-03-01T00:00:00.000Z'],
    ]);

    expect(
      (await listPacks(`?prodComponentId=${componentNamed('Invoice Sync')}`)).find((p) => p.suggested)?.id,
    ).toBe(packA);
    expect((await listPacks('?prodComponentId=never-released')).some((p) => p.suggested)).toBe(false);
    expect((await listPacks()).some((p) => p.suggested)).toBe(false);
  });

  it('shows each pack’s components and latest released version as Boomi has them', async () => {
    const packs = await listPacks();
    expect(packs.map((p) => p.id).sort()).toStrictEqual(
      world()
        .integrationPacks.map((p) => p.id)
        .sort(),
    );
    const orders = packs.find((p) => p.id === packNamed('Acme Order Management'))!;
    // The demo pack holds Order Intake released at 1.0 and Customer Master Sync at 1.1.
    expect(orders.components.map((c) => [c.componentId, c.releasedVersion]).sort()).toStrictEqual(
      [
        [componentNamed('Order Intake'), '1.0'],
        [componentNamed('Customer Master Sync'), '1.1'],
      ].sort(),
    );
    expect(orders.latestReleasedVersion).toBe('1.1');
  });

  it('pages through Boomi when the account has more than 100 packs', async () => {
    const before = (await listPacks()).length;
    const seeded = Array.from({ length: 120 }, (_, i) => ({
      accountId: world().accountId,
      name: `Paged pack ${String(i).padStart(3, '0')}`,
      Description: `pack ${i}`,
      components: [{ componentId: componentNamed('Inventory Feed'), currentVersion: `1.${i}` }],
    }));
    const seeding = await fetch(`${h.sandbox.url}/__sandbox/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ integrationPacks: seeded }),
    });
    expect(seeding.status).toBe(200);

    const packs = await listPacks();
    expect(packs).toHaveLength(before + 120);
    expect(new Set(packs.map((p) => p.id)).size).toBe(packs.length);
    const paged = packs.filter((p) => p.name.startsWith('Paged pack '));
    // Never released here: after the released ones, by name.
    expect(paged.map((p) => p.name)).toStrictEqual(seeded.map((p) => p.name));
    expect(paged.at(-1)?.latestReleasedVersion).toBe('1.119');
  });

  it('answers 401 without credentials and 400 for an empty prodComponentId', async () => {
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/integration-packs' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ success: false, errorCode: 'UNAUTHENTICATED' });
    const empty = await h.as('viewer', { method: 'GET', url: '/api/v1/integration-packs?prodComponentId=' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ success: false, errorCode: 'INVALID_REQUEST' });
  });
});

describe('GET /environments?classification=', () => {
  it('answers only the environments of that classification, by name', async () => {
    for (const classification of ['TEST', 'PROD'] as const) {
      const r = await h.as('promoter', {
        method: 'GET',
        url: `/api/v1/environments?classification=${classification}`,
      });
      expect(r.statusCode).toBe(200);
      const expected = world()
        .environments.filter((e) => e.classification === classification)
        .map((e) => e.name)
        .sort();
      expect(r.json().items.map((e: { name: string }) => e.name)).toStrictEqual(expected);
    }
  });

  it('refuses an unknown classification and answers 401 without credentials', async () => {
    const r = await h.as('viewer', { method: 'GET', url: '/api/v1/environments?classification=PRODUCTION' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ success: false, errorCode: 'INVALID_REQUEST' });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/environments' })).statusCode).toBe(401);
  });
});
