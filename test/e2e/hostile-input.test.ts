/**
 * Attacks from outside on the real server (child process, OIDC configured, the sandbox behind
 * it): hostile bodies, look-alike identities, forged request ids, unknown environments. Each
 * refusal is the standard error body, the service stays healthy, and the sandbox's call log shows
 * no Boomi write.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcFixture } from '../http/oidc-fixture.ts';
import { call, isStandardErrorBody } from './support/http.ts';
import { endpoints, type Role } from './support/endpoints.ts';
import { startServerWithOidc } from './support/oidc-server.ts';
import type { SandboxControl, World } from './support/sandbox.ts';
import type { RunningServer } from './support/server.ts';

let server: RunningServer;
let sandbox: SandboxControl;
let world: World;
let oidc: OidcFixture;

const TOKEN_OF: Record<Role, string> = {
  admin: 'admin@example.com',
  reviewer: 'reviewer@example.com',
  promoter: 'dev@example.com',
  viewer: 'admin@example.com',
};

beforeAll(async () => {
  ({ oidc, server, sandbox, world } = await startServerWithOidc());
});

afterAll(async () => {
  await server?.dispose();
  await oidc?.close();
});

/**
 * A POST/PUT declaring a body of `declaredBytes` but sending only `body` (at most that): an
 * over-size body is refused from its Content-Length before it is read, so the answer comes while
 * the rest is still unsent; the socket is then dropped.
 */
function sendRaw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  declaredBytes = Buffer.byteLength(body),
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method, headers: { ...headers, 'content-length': String(declaredBytes) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
          req.destroy();
        });
      },
    );
    req.on('error', reject);
    req.write(body);
    if (declaredBytes === Buffer.byteLength(body)) req.end();
  });
}

async function expectHealthy(): Promise<void> {
  expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
  const token = server.tokens['admin@example.com'];
  expect((await call(server.url, 'GET', '/api/v1/promotions?limit=1', { token })).status).toBe(200);
}

describe('hostile bodies on every POST and PUT endpoint', () => {
  const writes = () =>
    endpoints(() => world).filter((e) => (e.method === 'POST' || e.method === 'PUT') && e.allow !== 'public');
  const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  // Declared over every limit (the bulk endpoints' 8 MiB included); only its start is sent.
  const overSize = { start: '{"notes":"xxxxxxxx', declaredBytes: 9 * 1024 * 1024 };

  it('10,000-deep and over-size bodies answer 4xx with the standard body, with and without an Idempotency-Key', async () => {
    const since = await sandbox.lastSeq();
    let key = 0;
    for (const endpoint of writes()) {
      const role = (endpoint.allow as Role[])[0]!;
      const bodies = { deepArray, deepObject, overSize: overSize.start };
      for (const [name, rawBody] of Object.entries(bodies)) {
        for (const idempotencyKey of [undefined, `hostile-${++key}`]) {
          const answer = await sendRaw(
            endpoint.method,
            endpoint.path(),
            {
              authorization: `Bearer ${server.tokens[TOKEN_OF[role]]}`,
              'content-type': 'application/json',
              ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
            },
            rawBody,
            name === 'overSize' ? overSize.declaredBytes : undefined,
          );
          const what = `${endpoint.method} ${endpoint.path()} ${name} key=${idempotencyKey ?? 'none'}`;
          expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBeGreaterThanOrEqual(400);
          expect(answer.status, what).toBeLessThan(500);
          expect(isStandardErrorBody(answer.body), `${what}: ${JSON.stringify(answer.body)}`).toBe(true);
        }
      }
    }
    await expectHealthy();
    expect(await sandbox.writesSince(since)).toEqual([]);
  });

  it('the refresh endpoint takes no body but an empty one: anything else is 400 before Boomi is called', async () => {
    const path = `/api/v1/environments/${world.environments[0]!.id}/extension-access/refresh`;
    const token = server.tokens['admin@example.com'];
    const since = await sandbox.lastSeq();
    for (const body of [{ anything: 1 }, [1, 2], 'text', 42]) {
      const answer = await call(server.url, 'POST', path, {
        token,
        body,
        idempotencyKey: `refresh-${JSON.stringify(body)}`,
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errorCode).toBe('INVALID_REQUEST');
    }
    expect(await sandbox.calls(since)).toEqual([]);
    expect((await call(server.url, 'POST', path, { token, body: {} })).status).toBe(200);
    expect((await call(server.url, 'POST', path, { token })).status).toBe(200);
  });
});

describe('request ids', () => {
  it('a client’s X-Request-Id is recorded as clientRequestId (bounded, sanitised), never as the service’s request id', async () => {
    const token = server.tokens['admin@example.com'];
    const forged = 'forged-request-42';
    const hostile = `evil"} {"reqId":"x"}\t<script>${'z'.repeat(500)}`;
    const answers = [];
    for (const [i, header] of [forged, hostile].entries()) {
      const response = await fetch(
        `${server.url}/api/v1/environments/${world.environments[0]!.id}/extension-access/refresh`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'x-request-id': header,
            'idempotency-key': `rid-${i}`,
          },
        },
      );
      expect(response.status).toBe(200);
      answers.push(response.headers.get('x-request-id'));
    }
    const audit = await call(server.url, 'GET', '/api/v1/audit?action=extension-access.refresh&limit=100', {
      token,
    });
    const entries = (audit.body.items as { detail: Record<string, unknown> }[]).filter((e) =>
      ['rid-0', 'rid-1'].includes(e.detail.idempotencyKey as string),
    );
    expect(entries).toHaveLength(2);
    const byKey = Object.fromEntries(entries.map((e) => [e.detail.idempotencyKey, e.detail]));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(byKey['rid-0']!.requestId).toMatch(uuid);
    expect(byKey['rid-0']!.clientRequestId).toBe(forged);
    expect(byKey['rid-1']!.requestId).toMatch(uuid);
    expect(byKey['rid-1']!.clientRequestId).toMatch(/^[A-Za-z0-9._:@/+=-]{1,128}$/);
    // The service tells the client its own id for the request.
    expect(answers).toEqual([byKey['rid-0']!.requestId, byKey['rid-1']!.requestId]);
    // Logs: the forged value appears only as clientRequestId, never as the request id.
    const lines = server
      .stdout()
      .split('\n')
      .filter((line) => line.includes(forged));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry.reqId).not.toBe(forged);
      expect(entry.clientRequestId).toBe(forged);
    }
  });
});

describe('look-alike identities', () => {
  const GROUPS = ['ABC_BOOMI_FLOW_ADMIN', 'ABC_BOOMI_FLOW_CONTRIBUTOR', 'ABC_BOOMI_FLOW_REVIEWER'];
  const jwtFor = (email: string, sub: string) => oidc.sign({ email, sub, groups: GROUPS });
  const LOOK_ALIKES = {
    'zero-width space': 'boss\u200b@example.com',
    'zero-width joiner': 'bo\u200dss@example.com',
    BOM: '\ufeffboss@example.com',
    'soft hyphen': 'boss@exam\u00adple.com',
    'fullwidth letters': '\uff42\uff4f\uff53\uff53@example.com',
    'mixed case': 'BoSS@Example.COM',
    'inner space': 'boss @example.com',
  };

  it('zero-width, NFKC compatibility forms and case are all refused as self-approval and self-review, with no Boomi write', async () => {
    const promotionId = 'hostile-look-alike';
    const demo = world.promotions[0]!;
    const registered = await call(server.url, 'POST', '/api/v1/promotions', {
      token: await jwtFor('boss@example.com', 'subject-of-boss'),
      body: {
        promotionId,
        devAccountId: 'acme-dev-orders-3KD9QA',
        prodAccountId: world.accountId,
        devPackageId: 'dev-look-alike',
        status: 'COMPLETED',
        prodComponentId: demo.prodComponentId,
        branchId: demo.branchId,
      },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const since = await sandbox.lastSeq();
    for (const [name, email] of Object.entries(LOOK_ALIKES)) {
      const token = await jwtFor(email, `subject-${name}`);
      const deploy = await call(server.url, 'POST', '/api/v1/deployments', {
        token,
        body: {
          promotionId,
          packageVersion: '9.0',
          deploymentTarget: 'TEST',
          integrationPackId: world.integrationPacks[0]!.id,
          targetEnvironments: [{ environmentId: world.environments.find((e) => e.name === 'Test')!.id }],
        },
      });
      expect([name, deploy.status, deploy.body.errorCode]).toEqual([name, 403, 'SELF_APPROVAL_NOT_ALLOWED']);
      const review = await call(server.url, 'POST', `/api/v1/promotions/${promotionId}/peer-review`, {
        token,
        body: { decision: 'APPROVED', comments: 'looks fine to me' },
      });
      expect([name, review.status, review.body.errorCode]).toEqual([name, 403, 'SELF_REVIEW_NOT_ALLOWED']);
      const deny = await call(server.url, 'POST', `/api/v1/promotions/${promotionId}/deny`, {
        token,
        body: { reason: 'mine' },
      });
      expect([name, deny.status, deny.body.errorCode]).toEqual([name, 403, 'SELF_APPROVAL_NOT_ALLOWED']);
    }
    expect(await sandbox.writesSince(since)).toEqual([]);
    const admin = server.tokens['admin@example.com'];
    const record = await call(server.url, 'GET', `/api/v1/promotions/${promotionId}`, { token: admin });
    // Untouched by the refused attempts: still waiting for its peer review (a COMPLETED
    // registration enters peer review at once, spec §10).
    expect(record.body).toMatchObject({
      status: 'COMPLETED',
      peerReviewStatus: 'PENDING_PEER_REVIEW',
      adminReviewStatus: null,
    });
  });

  it('the initiatedBy filter compares the same normalised form', async () => {
    const admin = server.tokens['admin@example.com'];
    for (const email of Object.values(LOOK_ALIKES)) {
      const found = await call(
        server.url,
        'GET',
        `/api/v1/promotions?initiatedBy=${encodeURIComponent(email)}`,
        {
          token: admin,
        },
      );
      expect(found.status).toBe(200);
      expect(found.body.items.map((p: { promotionId: string }) => p.promotionId)).toEqual([
        'hostile-look-alike',
      ]);
    }
  });

  it('keeps the OIDC subject beside the email in the audit log', async () => {
    const admin = server.tokens['admin@example.com'];
    const audit = await call(server.url, 'GET', '/api/v1/audit?action=deployment.start&limit=100', {
      token: admin,
    });
    const refused = (audit.body.items as { actor: string; subject: string | null; outcome: string }[]).filter(
      (e) => e.subject === 'subject-zero-width space',
    );
    expect(refused).toEqual([
      expect.objectContaining({
        actor: 'boss\u200b@example.com',
        outcome: 'REFUSED:SELF_APPROVAL_NOT_ALLOWED',
      }),
    ]);
  });
});

describe('extension-access refresh of an unknown environment', () => {
  it('answers 404 NOT_FOUND after an Environment query, without calling EnvironmentExtensions', async () => {
    const token = server.tokens['admin@example.com'];
    const since = await sandbox.lastSeq();
    for (const environmentId of ['00000000-0000-4000-8000-000000000000', world.accountGroups[1]!.id]) {
      const answer = await call(
        server.url,
        'POST',
        `/api/v1/environments/${environmentId}/extension-access/refresh`,
        {
          token,
        },
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(404);
      expect(answer.body).toEqual({
        success: false,
        errorCode: 'NOT_FOUND',
        errorMessage: expect.any(String),
      });
    }
    const calls = await sandbox.calls(since);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /Environment/query',
      'POST /Environment/query',
    ]);
    // A known one still refreshes: the check reads Boomi, then the extensions.
    const known = world.environments[0]!.id;
    const before = await sandbox.lastSeq();
    expect(
      (await call(server.url, 'POST', `/api/v1/environments/${known}/extension-access/refresh`, { token }))
        .status,
    ).toBe(200);
    expect((await sandbox.calls(before)).map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /Environment/query',
      `GET /EnvironmentExtensions/${known}`,
    ]);
  });
});
