/**
 * Spec §10: the account's branch count, read from the sandbox, in GET /api/v1/status, the
 * promo_boomi_branches gauge and the /readyz detail — warning at 15, critical at 20 — and read
 * from Boomi at most once per cache period however often it is scraped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxControlClient } from '../../src/sandbox/control-client.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
let control: SandboxControlClient;
beforeAll(async () => {
  h = await startHarness({ branchCountMaxAgeMs: 0 });
  control = new SandboxControlClient(h.sandbox.url);
});
afterAll(async () => {
  await h?.close();
});

async function liveBranches(): Promise<number> {
  return (await control.account(h.accountId)).branches.length;
}

/** Seeds branches through the control API until the account has `total` live ones. */
async function growTo(total: number): Promise<void> {
  const now = await liveBranches();
  const branches = Array.from({ length: total - now }, (_, i) => ({
    accountId: h.accountId,
    name: `status-${total}-${i}`,
  }));
  if (branches.length > 0) await control.seed({ branches });
  expect(await liveBranches()).toBe(total);
}

async function observed() {
  const status = await h.as('viewer', { method: 'GET', url: '/api/v1/status' });
  expect(status.statusCode, status.body).toBe(200);
  const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
  const gauge = /^promo_boomi_branches (\d+)$/m.exec(metrics)?.[1];
  const ready = (await h.app.inject({ method: 'GET', url: '/readyz' })).json();
  return { status: status.json().branches, gauge: Number(gauge), metrics, ready: ready.branches };
}

describe('the account branch count', () => {
  it.each([
    [14, 'ok'],
    [15, 'warning'],
    [19, 'warning'],
    [20, 'critical'],
  ])('with %i live branches in the sandbox: level %s everywhere', async (count, level) => {
    await growTo(count);
    const seen = await observed();
    expect(seen.status).toStrictEqual({
      count,
      warningAt: 15,
      criticalAt: 20,
      level,
      readAt: expect.any(String),
    });
    expect(seen.gauge).toBe(count);
    expect(seen.metrics).toMatch(/^promo_boomi_branches_warning_threshold 15$/m);
    expect(seen.metrics).toMatch(/^promo_boomi_branches_critical_threshold 20$/m);
    expect(seen.ready).toMatchObject({ count, level });
  });

  it('is read from Boomi at most once per cache period, however often it is scraped', async () => {
    const cached = await startHarness();
    try {
      const cachedControl = new SandboxControlClient(cached.sandbox.url);
      const mark = await cachedControl.lastSeq();
      for (let i = 0; i < 3; i++) await cached.app.inject({ method: 'GET', url: '/metrics' });
      await cached.as('admin', { method: 'GET', url: '/api/v1/status' });
      const queries = (await cachedControl.calls(mark)).filter((c) => c.path.includes('/Branch/query'));
      expect(queries).toHaveLength(1);
    } finally {
      await cached.close();
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE in the standard body when Boomi cannot be read', async () => {
    await control.addFault({ method: 'POST', pathPattern: '/Branch/query', status: 401 });
    try {
      const r = await h.as('reviewer', { method: 'GET', url: '/api/v1/status' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toStrictEqual({
        success: false,
        errorCode: 'SERVICE_UNAVAILABLE',
        errorMessage: expect.stringContaining('branches could not be read'),
      });
    } finally {
      await control.clearFaults();
    }
  });
});
