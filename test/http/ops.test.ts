import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoomiClient } from '../../src/boomi/index.ts';
import { SandboxControlClient } from '../../src/sandbox/control-client.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('GET /healthz and /readyz', () => {
  it('is live and ready when the database and Boomi answer', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toStrictEqual({ status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    // Spec §10: the detail carries the account's live branch count as the sandbox has it.
    const { accounts } = await new SandboxControlClient(h.sandbox.url).world();
    const live = accounts.find((a) => a.accountId === h.accountId)!.branches.length;
    expect(ready.json()).toStrictEqual({
      status: 'ready',
      checks: { database: 'ok', boomi: 'ok' },
      branches: { count: live, warningAt: 15, criticalAt: 20, level: 'ok', readAt: expect.any(String) },
    });
  });

  it('is not ready (503) when Boomi refuses the credentials', async () => {
    const wrongCredentials = createBoomiClient({
      baseUrl: h.sandbox.apiBaseUrl,
      accountId: h.accountId,
      username: 'nobody@example.com',
      apiToken: 'wrong',
      retry: { enabled: false },
    });
    const other = await startHarness({
      overrides: { checkBoomi: async () => void (await wrongCredentials.environments.list()) },
    });
    try {
      const r = await other.app.inject({ method: 'GET', url: '/readyz' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toStrictEqual({
        status: 'not ready',
        checks: { database: 'ok', boomi: 'unavailable' },
        branches: expect.objectContaining({ level: 'ok' }),
      });
    } finally {
      await other.close();
    }
  });

  it('is not ready (503) when the database cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    const unreachable = new pg.Pool({ connectionString: 'postgres://promo@127.0.0.1:1/promo', max: 1 });
    unreachable.on('error', () => {});
    const other = await startHarness({ overrides: { pool: unreachable } });
    try {
      const r = await other.app.inject({ method: 'GET', url: '/readyz' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toStrictEqual({
        status: 'not ready',
        checks: { database: 'unavailable', boomi: 'ok' },
        branches: expect.objectContaining({ level: 'ok' }),
      });
    } finally {
      await other.close();
      await unreachable.end();
    }
  });
});

describe('GET /metrics', () => {
  it('exposes HTTP, Boomi-call, limiter, retry, run and step metrics in Prometheus text', async () => {
    await h.as('viewer', { method: 'GET', url: '/api/v1/environments' });
    h.metrics.recordRun('TEST', 'SUCCEEDED');
    h.metrics.recordStep('8-deploy:env-1', 1.5, 'SUCCEEDED');
    const r = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(r.body).toMatch(
      /promo_boomi_calls_total\{object="Environment",method="POST",status="200"\} [1-9]/,
    );
    expect(r.body).toContain('promo_boomi_limiter_wait_seconds_count');
    expect(r.body).toContain('promo_boomi_retries_total');
    expect(r.body).toMatch(/promo_runs_total\{mode="TEST",outcome="SUCCEEDED"\} 1/);
    expect(r.body).toMatch(/promo_step_duration_seconds_count\{step="8-deploy",outcome="SUCCEEDED"\} 1/);
    expect(r.body).toMatch(
      /promo_http_requests_total\{method="GET",route="\/api\/v1\/environments",status="200"\} 1/,
    );
  });

  it('counts retried Boomi attempts', () => {
    h.metrics.recordBoomiCall({
      method: 'POST',
      object: 'DeployedPackage',
      path: '/DeployedPackage',
      status: 503,
      attempt: 2,
      retried: true,
      limiterWaitMs: 120,
      latencyMs: 30,
    });
    return expect(h.metrics.registry.getSingleMetricAsString('promo_boomi_retries_total')).resolves.toMatch(
      /promo_boomi_retries_total\{object="DeployedPackage"\} 1/,
    );
  });
});

describe('OpenAPI and docs', () => {
  it('describes every API operation with tags, a summary and response schemas incl. errors', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    // 18, notifications' two, the console's session two, withdraw and status (spec §10), integration
    // packs, plan and rollback (spec §11, §12).
    expect(operations.length).toBe(27);
    for (const { path, method, op } of operations) {
      const where = `${method} ${path}`;
      expect(op.tags, where).toHaveLength(1);
      expect(op.summary, where).toEqual(expect.any(String));
      // Public operations (the console's sign-in options) need no credential: no 401/403.
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      expect(Object.keys(op.responses as object), where).toEqual(
        expect.arrayContaining(isPublic ? ['200', '500'] : ['400', '401', '403', '500']),
      );
    }
    const deploy = doc.paths['/api/v1/package-and-deploy'].post;
    expect(Object.keys(deploy.requestBody.content['application/json'].schema.properties)).toContain(
      'hotfixJustification',
    );
    expect(deploy.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
  });

  it('serves the docs page', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
  });
});
