import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromoError } from '../../src/domain/errors.ts';
import { startHarness, type Harness } from './harness.ts';
import { deployBody, registrationBody } from './requests.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function auditFor(targetId: string) {
  const r = await h.as('admin', { method: 'GET', url: `/api/v1/audit?targetId=${targetId}` });
  expect(r.statusCode).toBe(200);
  return r.json().items as {
    actor: string;
    action: string;
    targetType: string;
    outcome: string;
    detail: Record<string, unknown>;
  }[];
}

describe('audit log', () => {
  it('records a successful state change with who, what, target and outcome', async () => {
    await h.as('promoter', {
      method: 'POST',
      url: '/api/v1/promotions',
      payload: registrationBody(h.accountId, 'A-1'),
    });
    const [entry, ...rest] = await auditFor('A-1');
    expect(rest).toStrictEqual([]);
    expect(entry).toMatchObject({
      actor: 'dev@example.com',
      action: 'promotion.register',
      targetType: 'promotion',
      outcome: 'SUCCESS',
      detail: { method: 'POST', path: '/api/v1/promotions', status: 201 },
    });
  });

  it('records refusals: a wrong role, a failed rule, a service refusal', async () => {
    await h.as('viewer', { method: 'POST', url: '/api/v1/deployments', payload: deployBody('A-2') });
    await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      payload: deployBody('A-2', { packageVersion: '' }),
    });
    h.services.deployments.nextRefusal = new PromoError(
      'SELF_APPROVAL_NOT_ALLOWED',
      'Admin cannot approve and deploy their own promotion',
    );
    await h.as('admin', { method: 'POST', url: '/api/v1/deployments', payload: deployBody('A-2') });
    const entries = await auditFor('A-2');
    expect(entries.map((e) => [e.actor, e.action, e.outcome])).toStrictEqual([
      ['admin@example.com', 'deployment.start', 'REFUSED:SELF_APPROVAL_NOT_ALLOWED'],
      ['admin@example.com', 'deployment.start', 'REFUSED:INVALID_REQUEST'],
      ['viewer@example.com', 'deployment.start', 'REFUSED:FORBIDDEN'],
    ]);
  });

  it('records a failed run with its code, and an idempotent replay as such', async () => {
    h.services.deployments.nextResponse = (request, runId) => ({
      success: false,
      errorCode: 'MERGE_FAILED',
      errorMessage: 'MergeRequest ended FAILED_TO_MERGE',
      promotionId: request.promotionId,
      runId,
      packagedComponentId: null,
      integrationPackId: null,
      integrationPackName: null,
      releaseVersion: null,
      deploymentStatus: 'NOT_DEPLOYED',
      deployedEnvironments: [],
      deploymentTarget: 'TEST',
      branchPreserved: 'false',
      isHotfix: 'false',
      cacheRefreshFailed: 'false',
      extensionAccessMappingCount: 0,
    });
    const send = () =>
      h.as('admin', {
        method: 'POST',
        url: '/api/v1/package-and-deploy',
        headers: { 'idempotency-key': 'audit-key' },
        payload: deployBody('A-3'),
      });
    expect((await send()).statusCode).toBe(502);
    expect((await send()).statusCode).toBe(502);
    const entries = await auditFor('A-3');
    expect(entries.map((e) => [e.outcome, e.detail.replayed ?? false])).toStrictEqual([
      ['FAILED:MERGE_FAILED', true],
      ['FAILED:MERGE_FAILED', false],
    ]);
    expect(entries[0]!.detail.idempotencyKey).toBe('audit-key');
  });

  it('does not record reads or unauthenticated attempts', async () => {
    await h.as('viewer', { method: 'GET', url: '/api/v1/promotions/A-1' });
    await h.app.inject({ method: 'POST', url: '/api/v1/promotions/A-1/deny', payload: { reason: 'x' } });
    const entries = await auditFor('A-1');
    expect(entries.map((e) => e.action)).toStrictEqual(['promotion.register']);
  });

  it('pages newest first and filters by actor and action', async () => {
    for (let i = 0; i < 3; i++) {
      await h.as('admin', { method: 'POST', url: `/api/v1/environments/env-${i}/extension-access/refresh` });
    }
    const first = await h.as('admin', {
      method: 'GET',
      url: '/api/v1/audit?action=extension-access.refresh&limit=2',
    });
    expect(first.json().items.map((e: { targetId: string }) => e.targetId)).toStrictEqual(['env-2', 'env-1']);
    const cursor = encodeURIComponent(first.json().nextCursor);
    const second = await h.as('admin', {
      method: 'GET',
      url: `/api/v1/audit?action=extension-access.refresh&limit=2&cursor=${cursor}`,
    });
    expect(second.json()).toMatchObject({
      items: [{ targetId: 'env-0', actor: 'admin@example.com' }],
      nextCursor: null,
    });
    const byActor = await h.as('admin', { method: 'GET', url: '/api/v1/audit?actor=VIEWER@example.com' });
    expect(byActor.json().items.every((e: { actor: string }) => e.actor === 'viewer@example.com')).toBe(true);
    expect(byActor.json().items.length).toBeGreaterThan(0);
  });
});
