/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked by assertions against the API contract, not by TypeScript */
/**
 * Who may call what, through the real server configured for OIDC by environment variables (the
 * test runs its own issuer: a JWKS over loopback). Every endpoint × every kind of credential —
 * none, malformed, expired JWT, wrong issuer, unknown signing key, revoked API token, each role by
 * API token and by JWT group — answers the expected status. Then: no body field or header can make
 * an admin's own promotion deployable by that admin, and the server's logs hold no token or JWT.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_ROLES, type OidcFixture } from '../http/oidc-fixture.ts';
import { createToken, runCli } from './support/cli.ts';
import { ROLES, endpoints, type Endpoint, type Role } from './support/endpoints.ts';
import { apiAs, call, isStandardErrorBody } from './support/http.ts';
import { startServerWithOidc } from './support/oidc-server.ts';
import type { SandboxControl, World } from './support/sandbox.ts';
import type { RunningServer } from './support/server.ts';

const GROUP_OF: Record<Role, string> = Object.fromEntries(
  Object.entries(GROUP_ROLES).map(([group, role]) => [role, group]),
) as Record<Role, string>;

let oidc: OidcFixture;
let server: RunningServer;
let sandbox: SandboxControl;
let world: World;
const credentials: Record<string, string | undefined> = {};
const usedSecrets: string[] = [];

async function cli(args: string[]): Promise<any> {
  const result = await runCli(server, [...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const ENDPOINTS = endpoints(() => world);

/** Credential name → the role it carries, or null when it must be refused (401). */
const CREDENTIAL_ROLE: Record<string, Role | 'none' | null> = {
  'no token': null,
  'empty bearer': null,
  'basic auth': null,
  'malformed API token': null,
  'garbage JWT': null,
  'expired JWT': null,
  'JWT of another issuer': null,
  'JWT for another audience': null,
  'JWT signed with an unknown key': null,
  'revoked API token': null,
  'JWT without mapped groups': 'none',
  ...Object.fromEntries(
    ROLES.flatMap((role) => [
      [`${role} API token`, role],
      [`${role} JWT`, role],
    ]),
  ),
};

beforeAll(async () => {
  ({ oidc, server, sandbox, world } = await startServerWithOidc());

  const viewer = await cli(['token', 'create', '--email', 'viewer@example.com', '--role', 'viewer']);
  const revoked = await cli(['token', 'create', '--email', 'gone@example.com', '--role', 'admin']);
  await cli(['token', 'revoke', revoked.id]);
  const jwt = (role: Role) => oidc.sign({ email: `${role}.jwt@example.com`, groups: [GROUP_OF[role]] });
  Object.assign(credentials, {
    'no token': undefined,
    'empty bearer': 'Bearer ',
    'basic auth': `Basic ${Buffer.from('admin@example.com:secret').toString('base64')}`,
    'malformed API token': 'Bearer promo_not-a-real-token',
    'garbage JWT': 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl',
    'expired JWT': `Bearer ${await oidc.sign({ email: 'admin.jwt@example.com', groups: [GROUP_OF.admin] }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })}`,
    'JWT of another issuer': `Bearer ${await oidc.sign({ iss: 'https://evil.example.com', email: 'admin.jwt@example.com', groups: [GROUP_OF.admin] })}`,
    'JWT for another audience': `Bearer ${await oidc.sign({ aud: 'api://other', email: 'admin.jwt@example.com', groups: [GROUP_OF.admin] })}`,
    'JWT signed with an unknown key': `Bearer ${await oidc.sign({ email: 'admin.jwt@example.com', groups: [GROUP_OF.admin] }, { key: oidc.strangerKey })}`,
    'revoked API token': `Bearer ${revoked.token}`,
    'JWT without mapped groups': `Bearer ${await oidc.sign({ email: 'nobody@example.com', groups: ['SOME_OTHER_GROUP'] })}`,
    'admin API token': `Bearer ${server.tokens['admin@example.com']}`,
    'reviewer API token': `Bearer ${server.tokens['reviewer@example.com']}`,
    'promoter API token': `Bearer ${server.tokens['dev@example.com']}`,
    'viewer API token': `Bearer ${viewer.token}`,
    ...Object.fromEntries(
      await Promise.all(ROLES.map(async (role) => [`${role} JWT`, `Bearer ${await jwt(role)}`])),
    ),
  });
  for (const value of Object.values(credentials)) {
    if (value?.startsWith('Bearer ') && value.length > 20) usedSecrets.push(value.slice('Bearer '.length));
  }
  usedSecrets.push(viewer.token, revoked.token);
});

afterAll(async () => {
  await server?.dispose();
  await oidc?.close();
});

function expectedStatus(endpoint: Endpoint, role: Role | 'none' | null): number {
  if (endpoint.allow === 'public') return endpoint.ok;
  if (role === null) return 401;
  if (role === 'none' || !endpoint.allow.includes(role)) return 403;
  return endpoint.ok;
}

describe('authorization matrix', () => {
  it('every endpoint × every credential answers the expected status, errors with the standard body', async () => {
    const mismatches: string[] = [];
    for (const endpoint of ENDPOINTS) {
      for (const [name, role] of Object.entries(CREDENTIAL_ROLE)) {
        const authorization = credentials[name];
        const body = endpoint.body?.();
        const answer = await call(server.url, endpoint.method, endpoint.path(), {
          ...(authorization !== undefined ? { authorization } : {}),
          ...(body !== undefined ? { body } : {}),
        });
        const expected = expectedStatus(endpoint, role);
        const label = `${endpoint.method} ${endpoint.path()} with ${name}`;
        if (answer.status !== expected)
          mismatches.push(`${label}: ${answer.status} (expected ${expected}) ${JSON.stringify(answer.body)}`);
        if (
          expected === 401 &&
          !(isStandardErrorBody(answer.body) && answer.body.errorCode === 'UNAUTHENTICATED')
        ) {
          mismatches.push(`${label}: not the UNAUTHENTICATED body`);
        }
        if (
          expected === 403 &&
          !(isStandardErrorBody(answer.body) && answer.body.errorCode === 'FORBIDDEN')
        ) {
          mismatches.push(`${label}: not the FORBIDDEN body`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('self-approval cannot be bypassed', () => {
  const promotionId = 'authz-selfish';
  const selfish = { email: 'Selfish@Example.com', token: '' };

  beforeAll(async () => {
    selfish.token = await createToken(server, selfish.email, ['admin', 'promoter', 'reviewer']);
    usedSecrets.push(selfish.token);
    const registered = await apiAs(server.url, selfish.token)('POST', '/promotions', {
      body: {
        promotionId,
        devAccountId: 'acme-dev-orders-3KD9QA',
        prodAccountId: world.accountId,
        devPackageId: 'dev-selfish',
        status: 'COMPLETED',
        prodComponentId: world.promotions[0]!.prodComponentId,
        branchId: world.promotions[0]!.branchId,
        initiatedBy: 'dev@example.com',
      },
    });
    // The initiator is the caller, whatever the body says: naming someone else is refused outright.
    expect(registered.status).toBe(400);
    const clean = await apiAs(server.url, selfish.token)('POST', '/promotions', {
      body: {
        promotionId,
        devAccountId: 'acme-dev-orders-3KD9QA',
        prodAccountId: world.accountId,
        devPackageId: 'dev-selfish',
        status: 'COMPLETED',
        prodComponentId: world.promotions[0]!.prodComponentId,
        branchId: world.promotions[0]!.branchId,
      },
    });
    expect(clean.status).toBe(201);
    expect(clean.body.initiatedBy).toBe('selfish@example.com');
  });

  const identityFields = [
    'adminEmail',
    'approvedBy',
    'approverEmail',
    'initiatedBy',
    'email',
    'callerEmail',
    'user',
    'requestedBy',
    'actor',
    'reviewerEmail',
    'adminApprovedBy',
    'promotedFromTestBy',
  ];
  const identityHeaders = [
    'x-forwarded-user',
    'x-forwarded-email',
    'x-remote-user',
    'x-user-email',
    'x-auth-request-email',
    'from',
  ];
  const otherPeople = [
    'admin@example.com',
    'admin2@example.com',
    'dev@example.com',
    'reviewer@example.com',
    'someone@else.example',
  ];

  it('no extra body field or identity header turns the initiator’s deployment into someone else’s', async () => {
    const since = await sandbox.lastSeq();
    const extraFields = fc.dictionary(
      fc.oneof(fc.constantFrom(...identityFields), fc.string({ minLength: 1, maxLength: 12 })),
      fc.constantFrom(...otherPeople),
      { maxKeys: 3 },
    );
    const headers = fc.dictionary(fc.constantFrom(...identityHeaders), fc.constantFrom(...otherPeople), {
      maxKeys: 2,
    });
    const casing = fc.constantFrom('token', 'jwt-lower', 'jwt-upper');
    await fc.assert(
      fc.asyncProperty(
        extraFields,
        headers,
        casing,
        fc.constantFrom('/deployments', '/package-and-deploy'),
        async (fields, extraHeaders, via, path) => {
          const authorization =
            via === 'token'
              ? `Bearer ${selfish.token}`
              : `Bearer ${await oidc.sign({ email: via === 'jwt-upper' ? 'SELFISH@EXAMPLE.COM' : 'selfish@example.com', groups: [GROUP_OF.admin], preferred_username: 'admin@example.com', upn: 'admin2@example.com' })}`;
          const response = await fetch(`${server.url}/api/v1${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization, ...extraHeaders },
            body: JSON.stringify({
              promotionId,
              packageVersion: '1.0',
              deploymentTarget: 'TEST',
              createNewPack: true,
              newPackName: 'Mine',
              ...fields,
            }),
          });
          const body = (await response.json()) as { errorCode?: string };
          const known = Object.keys(fields).every((f) =>
            ['promotionId', 'packageVersion', 'deploymentTarget', 'createNewPack', 'newPackName'].includes(f),
          );
          expect(isStandardErrorBody(body)).toBe(true);
          if (known) expect([response.status, body.errorCode]).toEqual([403, 'SELF_APPROVAL_NOT_ALLOWED']);
          else expect([400, 403]).toContain(response.status);
        },
      ),
      { numRuns: 150 },
    );
    expect(await sandbox.writesSince(since)).toEqual([]);
    expect(
      (await apiAs(server.url, server.tokens['admin@example.com'])('GET', `/promotions/${promotionId}`)).body
        .status,
    ).toBe('COMPLETED');
  });

  it('the initiator can neither review nor deny their own promotion, whatever the body says', async () => {
    const api = apiAs(server.url, selfish.token);
    const review = await api('POST', `/promotions/${promotionId}/peer-review`, {
      body: { decision: 'APPROVED', reviewerEmail: 'reviewer@example.com' },
    });
    expect(review.status).toBe(400);
    expect(
      (await api('POST', `/promotions/${promotionId}/peer-review`, { body: { decision: 'APPROVED' } })).body
        .errorCode,
    ).toBe('SELF_REVIEW_NOT_ALLOWED');
    expect(
      (
        await api('POST', `/promotions/${promotionId}/deny`, {
          body: { reason: 'x', adminEmail: 'admin@example.com' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await api('POST', `/promotions/${promotionId}/deny`, { body: { reason: 'x' } })).body.errorCode,
    ).toBe('SELF_APPROVAL_NOT_ALLOWED');
  });
});

describe('logs', () => {
  it('hold none of the API tokens or JWTs used against the server', () => {
    const logs = server.stdout();
    expect(usedSecrets.length).toBeGreaterThan(10);
    for (const secret of usedSecrets) expect(logs.includes(secret)).toBe(false);
  });
});
