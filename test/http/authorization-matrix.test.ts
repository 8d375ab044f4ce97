/**
 * Every endpoint × every kind of credential → the expected status. Allowed roles get the
 * route's success status; other roles 403 FORBIDDEN; missing, malformed, revoked or expired
 * credentials 401 UNAUTHENTICATED. Each role is tried with an API token and with an OIDC JWT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/caller.ts';
import { createApiToken } from '../../src/app/api-tokens.ts';
import { createOidcVerifier } from '../../src/http/auth/oidc.ts';
import { okResponse } from './fake-services.ts';
import { startHarness, type Harness } from './harness.ts';
import { GROUP_ROLES, startOidcFixture, type OidcFixture } from './oidc-fixture.ts';
import { deployBody, registrationBody } from './requests.ts';

let h: Harness;
let idp: OidcFixture;
const GROUP_OF: Record<Role, string> = Object.fromEntries(
  Object.entries(GROUP_ROLES).map(([group, role]) => [role, group]),
) as Record<Role, string>;
const credentials: Record<string, string | undefined> = {};
let finishedRunId = '';
let groupId = '';
let environmentId = '';

beforeAll(async () => {
  idp = await startOidcFixture();
  h = await startHarness({ oidc: createOidcVerifier(idp.config) });
  groupId = h.sandbox.world!.accountGroups[0]!.id;
  environmentId = h.sandbox.world!.environments[0]!.id;
  await h.as('promoter', {
    method: 'POST',
    url: '/api/v1/promotions',
    payload: registrationBody(h.accountId, 'P-seed'),
  });
  const { runId } = await h.services.deployments.start(deployBody('P-seed') as never, {
    email: 'admin@example.com',
    roles: ['admin'],
  });
  h.services.deployments.finish(runId, okResponse(deployBody('P-seed') as never, runId));
  finishedRunId = runId;

  for (const role of ROLES) {
    credentials[`token:${role}`] = `Bearer ${
      (
        await createApiToken(h.repositories.apiTokens, {
          email: `${role}@tokens.example.com`,
          roles: [role],
          name: role,
        })
      ).token
    }`;
    credentials[`jwt:${role}`] =
      `Bearer ${await idp.sign({ email: `${role}@sso.example.com`, groups: [GROUP_OF[role]] })}`;
  }
  credentials.none = undefined;
  credentials.malformed = 'Bearer !!!';
  credentials.basic = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  const revoked = await createApiToken(h.repositories.apiTokens, {
    email: 'r@example.com',
    roles: ['admin'],
    name: 'r',
  });
  await h.repositories.apiTokens.revoke(revoked.id);
  credentials.revokedToken = `Bearer ${revoked.token}`;
  const expired = await createApiToken(h.repositories.apiTokens, {
    email: 'e@example.com',
    roles: ['admin'],
    name: 'e',
    expiresAt: new Date(Date.now() + 60_000),
  });
  await h.db.pool.query(`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
    expired.id,
  ]);
  credentials.expiredToken = `Bearer ${expired.token}`;
  credentials.expiredJwt = `Bearer ${await idp.sign(
    { email: 'admin@sso.example.com', groups: ['ABC_BOOMI_FLOW_ADMIN'] },
    { expiresIn: Math.floor(Date.now() / 1000) - 300 },
  )}`;
  credentials.wrongIssuerJwt = `Bearer ${await idp.sign({
    iss: 'https://elsewhere.example.com',
    email: 'admin@sso.example.com',
    groups: ['ABC_BOOMI_FLOW_ADMIN'],
  })}`;
});
afterAll(async () => {
  await h?.close();
  await idp?.close();
});

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT';
  /** Path template as registered, e.g. `/api/v1/promotions/:promotionId`. */
  route: string;
  url: () => string;
  body?: (n: number) => unknown;
  allowed: readonly Role[];
  ok: number;
}

const ANY: readonly Role[] = ROLES;
let counter = 0;
const CASES: RouteCase[] = [
  {
    method: 'POST',
    route: '/api/v1/package-and-deploy',
    url: () => '/api/v1/package-and-deploy',
    body: () => deployBody(),
    allowed: ['admin'],
    ok: 200,
  },
  {
    method: 'POST',
    route: '/api/v1/deployments',
    url: () => '/api/v1/deployments',
    body: () => deployBody(),
    allowed: ['admin'],
    ok: 202,
  },
  {
    method: 'POST',
    route: '/api/v1/package-and-deploy/plan',
    url: () => '/api/v1/package-and-deploy/plan',
    body: () => deployBody(),
    allowed: ['admin'],
    ok: 200,
  },
  {
    method: 'POST',
    route: '/api/v1/deployments/:runId/rollback',
    url: () => `/api/v1/deployments/${finishedRunId}/rollback`,
    body: () => ({ reason: 'matrix' }),
    allowed: ['admin'],
    ok: 202,
  },
  {
    method: 'GET',
    route: '/api/v1/deployments/:runId',
    url: () => `/api/v1/deployments/${finishedRunId}`,
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'GET',
    route: '/api/v1/deployments/:runId/events',
    url: () => `/api/v1/deployments/${finishedRunId}/events`,
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'POST',
    route: '/api/v1/promotions',
    url: () => '/api/v1/promotions',
    body: (n) => registrationBody(h.accountId, `P-matrix-${n}`),
    allowed: ['promoter'],
    ok: 201,
  },
  {
    method: 'GET',
    route: '/api/v1/promotions',
    url: () => '/api/v1/promotions?status=COMPLETED',
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'GET',
    route: '/api/v1/promotions/:promotionId',
    url: () => '/api/v1/promotions/P-seed',
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'POST',
    route: '/api/v1/promotions/:promotionId/peer-review',
    url: () => '/api/v1/promotions/P-seed/peer-review',
    body: () => ({ decision: 'APPROVED' }),
    allowed: ['reviewer', 'admin'],
    ok: 200,
  },
  {
    method: 'POST',
    route: '/api/v1/promotions/:promotionId/deny',
    url: () => '/api/v1/promotions/P-seed/deny',
    body: () => ({ reason: 'not now' }),
    allowed: ['admin'],
    ok: 200,
  },
  {
    // Every role reaches the service, which decides initiator-or-admin (tested end to end).
    method: 'POST',
    route: '/api/v1/promotions/:promotionId/withdraw',
    url: () => '/api/v1/promotions/P-seed/withdraw',
    body: () => ({ reason: 'not needed' }),
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'PUT',
    route: '/api/v1/component-mappings',
    url: () => '/api/v1/component-mappings',
    body: () => ({
      mappings: [
        {
          devComponentId: 'dc-1',
          devAccountId: 'dev-1',
          prodComponentId: 'pc-1',
          componentName: 'Orders',
          componentType: 'process',
          prodAccountId: h.accountId,
          prodLatestVersion: 1,
          lastPromotedAt: '2025-01-01T00:00:00.000Z',
          lastPromotedBy: 'dev@example.com',
        },
      ],
    }),
    allowed: ['admin'],
    ok: 200,
  },
  {
    method: 'PUT',
    route: '/api/v1/dev-account-access',
    url: () => '/api/v1/dev-account-access',
    body: () => ({
      entries: [
        {
          ssoGroupId: 'G1',
          ssoGroupName: 'Team 1',
          devAccountId: 'dev-1',
          devAccountName: 'Dev 1',
          isActive: 'true',
        },
      ],
    }),
    allowed: ['admin'],
    ok: 200,
  },
  {
    method: 'GET',
    route: '/api/v1/extension-access',
    url: () => `/api/v1/extension-access?environmentId=${environmentId}`,
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'POST',
    route: '/api/v1/environments/:environmentId/extension-access/refresh',
    url: () => `/api/v1/environments/${environmentId}/extension-access/refresh`,
    allowed: ['admin'],
    ok: 200,
  },
  { method: 'GET', route: '/api/v1/environments', url: () => '/api/v1/environments', allowed: ANY, ok: 200 },
  {
    method: 'GET',
    route: '/api/v1/integration-packs',
    url: () => '/api/v1/integration-packs',
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'GET',
    route: '/api/v1/account-groups',
    url: () => '/api/v1/account-groups',
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'GET',
    route: '/api/v1/account-groups/:accountGroupId/environments',
    url: () => `/api/v1/account-groups/${groupId}/environments`,
    allowed: ANY,
    ok: 200,
  },
  {
    method: 'PUT',
    route: '/api/v1/account-groups/:accountGroupId/environments',
    url: () => `/api/v1/account-groups/${groupId}/environments`,
    body: () => ({ environments: [{ environmentId }] }),
    allowed: ['admin'],
    ok: 200,
  },
  { method: 'GET', route: '/api/v1/audit', url: () => '/api/v1/audit', allowed: ['admin'], ok: 200 },
  {
    method: 'GET',
    route: '/api/v1/notifications',
    url: () => '/api/v1/notifications',
    allowed: ['admin'],
    ok: 200,
  },
  // An admin gets past authorization to the lookup: no such notification.
  {
    method: 'POST',
    route: '/api/v1/notifications/:id/retry',
    url: () => '/api/v1/notifications/00000000-0000-4000-8000-000000000000/retry',
    allowed: ['admin'],
    ok: 404,
  },
  { method: 'GET', route: '/api/v1/me', url: () => '/api/v1/me', allowed: ANY, ok: 200 },
  // Spec §10: the account's branch count (read from the sandbox) for every role.
  { method: 'GET', route: '/api/v1/status', url: () => '/api/v1/status', allowed: ANY, ok: 200 },
];

/** Read before anyone has a token: how to sign in (the console's sign-in page). */
const PUBLIC_API_ROUTES = ['GET /api/v1/sign-in-options'];

const UNAUTHENTICATED = [
  'none',
  'malformed',
  'basic',
  'revokedToken',
  'expiredToken',
  'expiredJwt',
  'wrongIssuerJwt',
];

function send(c: RouteCase, credential: string | undefined) {
  return h.app.inject({
    method: c.method,
    url: c.url(),
    headers: credential === undefined ? {} : { authorization: credential },
    ...(c.body ? { payload: c.body(++counter) as object } : {}),
  });
}

describe('authorization matrix', () => {
  it('covers every /api/v1 route the app serves', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const served = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const apiRoutes = served.filter((r) => r.includes('/api/v1/')).sort();
    expect(apiRoutes).toStrictEqual(
      [...CASES.map((c) => `${c.method} ${c.route}`), ...PUBLIC_API_ROUTES].sort(),
    );
  });

  describe.each(CASES)('$method $route', (c) => {
    it.each(UNAUTHENTICATED)('answers 401 UNAUTHENTICATED with credential %s', async (kind) => {
      const r = await send(c, credentials[kind]);
      expect(r.statusCode).toBe(401);
      expect(r.json()).toStrictEqual({
        success: false,
        errorCode: 'UNAUTHENTICATED',
        errorMessage: expect.any(String),
      });
    });

    it.each(ROLES.flatMap((role) => [`token:${role}`, `jwt:${role}`]))(
      'answers per role with %s',
      async (kind) => {
        const role = kind.split(':')[1] as Role;
        const r = await send(c, credentials[kind]);
        if (c.allowed.includes(role)) {
          expect(r.statusCode, r.body).toBe(c.ok);
        } else {
          expect(r.statusCode).toBe(403);
          expect(r.json()).toStrictEqual({
            success: false,
            errorCode: 'FORBIDDEN',
            errorMessage: expect.any(String),
          });
        }
      },
    );
  });

  it.each(['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json', '/docs', '/api/v1/sign-in-options'])(
    'serves %s without credentials',
    async (url) => {
      const r = await h.app.inject({ method: 'GET', url });
      expect([200, 302]).toContain(r.statusCode);
    },
  );
});
