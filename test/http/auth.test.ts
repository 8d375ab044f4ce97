import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiToken,
  listApiTokens,
  looksLikeApiToken,
  revokeApiToken,
} from '../../src/app/api-tokens.ts';
import { createOidcVerifier } from '../../src/http/auth/oidc.ts';
import { startHarness, type Harness } from './harness.ts';
import { startOidcFixture, type OidcFixture } from './oidc-fixture.ts';

let h: Harness;
let idp: OidcFixture;
beforeAll(async () => {
  idp = await startOidcFixture();
  h = await startHarness({ oidc: createOidcVerifier(idp.config) });
});
afterAll(async () => {
  await h?.close();
  await idp?.close();
});

const whoCanRead = (authorization?: string) =>
  h.app.inject({
    method: 'GET',
    url: '/api/v1/promotions',
    headers: authorization === undefined ? {} : { authorization },
  });

async function expectUnauthenticated(authorization: string | undefined, messagePart?: string) {
  const r = await whoCanRead(authorization);
  expect(r.statusCode).toBe(401);
  expect(r.json()).toMatchObject({ success: false, errorCode: 'UNAUTHENTICATED' });
  if (messagePart) expect(r.json().errorMessage).toContain(messagePart);
}

describe('API tokens', () => {
  it('authenticates a valid token and records its use', async () => {
    const created = await createApiToken(h.repositories.apiTokens, {
      email: 'Ci.Pipeline@Example.com',
      roles: ['viewer'],
      name: 'ci',
    });
    expect(looksLikeApiToken(created.token)).toBe(true);
    expect(created.record.email).toBe('ci.pipeline@example.com');
    const r = await whoCanRead(`Bearer ${created.token}`);
    expect(r.statusCode).toBe(200);
    const stored = await h.repositories.apiTokens.get(created.id);
    expect(stored?.lastUsedAt).not.toBeNull();
  });

  it('refuses a missing header, a non-bearer scheme and an unknown token', async () => {
    await expectUnauthenticated(undefined, 'Authentication required');
    await expectUnauthenticated(`Basic ${Buffer.from('a:b').toString('base64')}`);
    await expectUnauthenticated('Bearer');
    await expectUnauthenticated(`Bearer promo_${'A'.repeat(43)}`, 'not valid');
    await expectUnauthenticated('Bearer not-a-token');
  });

  it('refuses a revoked token', async () => {
    const { token, id } = await createApiToken(h.repositories.apiTokens, {
      email: 'gone@example.com',
      roles: ['admin'],
      name: 'to revoke',
    });
    expect((await whoCanRead(`Bearer ${token}`)).statusCode).toBe(200);
    const revoked = await revokeApiToken(h.repositories.apiTokens, id);
    expect(revoked?.revokedAt).not.toBeNull();
    await expectUnauthenticated(`Bearer ${token}`, 'revoked');
  });

  it('refuses an expired token', async () => {
    const { token, id } = await createApiToken(h.repositories.apiTokens, {
      email: 'brief@example.com',
      roles: ['viewer'],
      name: 'short-lived',
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await whoCanRead(`Bearer ${token}`)).statusCode).toBe(200);
    await h.db.pool.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);
    await expectUnauthenticated(`Bearer ${token}`, 'expired');
  });

  it('refuses to create tokens with a bad email, no roles, unknown roles or a past expiry', async () => {
    const repo = h.repositories.apiTokens;
    const base = { email: 'x@example.com', roles: ['viewer' as const], name: 'n' };
    await expect(createApiToken(repo, { ...base, email: 'nobody' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(createApiToken(repo, { ...base, roles: [] })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(createApiToken(repo, { ...base, roles: ['root' as never] })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(createApiToken(repo, { ...base, expiresAt: '2001-01-01T00:00:00Z' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('lists token metadata only: never the secret or its hash', async () => {
    const { token } = await createApiToken(h.repositories.apiTokens, {
      email: 'lister@example.com',
      roles: ['viewer'],
      name: 'listed',
    });
    const listed = await listApiTokens(h.repositories.apiTokens, { email: 'LISTER@example.com' });
    expect(listed.map((t) => t.name)).toStrictEqual(['listed']);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    const { rows } = await h.db.pool.query('SELECT token_hash FROM api_tokens');
    expect(rows.map((row) => row.token_hash)).not.toContain(token);
  });

  it('never takes the caller from the body: the registered initiator is the token’s email', async () => {
    const r = await h.as('promoter', {
      method: 'POST',
      url: '/api/v1/promotions',
      payload: {
        promotionId: 'P-who',
        devAccountId: 'd',
        prodAccountId: h.accountId,
        devPackageId: 'dp',
        status: 'IN_PROGRESS',
        initiatedBy: 'admin@example.com',
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errorMessage).toContain('initiatedBy is not accepted');
  });
});

describe('OIDC JWTs', () => {
  it('authenticates a valid token, maps groups to roles and lower-cases the email', async () => {
    const jwt = await idp.sign({
      sub: 'user-1',
      email: 'Reviewer.Two@Example.com',
      groups: ['ABC_BOOMI_FLOW_REVIEWER', 'SOME_OTHER_GROUP'],
    });
    expect((await whoCanRead(`Bearer ${jwt}`)).statusCode).toBe(200);
    // Reviewer may peer-review: the service receives the identity from the token.
    await h.as('promoter', {
      method: 'POST',
      url: '/api/v1/promotions',
      payload: {
        promotionId: 'P-jwt',
        devAccountId: 'd',
        prodAccountId: h.accountId,
        devPackageId: 'dp',
        status: 'COMPLETED',
        prodComponentId: 'c',
        branchId: 'b',
      },
    });
    const review = await h.app.inject({
      method: 'POST',
      url: '/api/v1/promotions/P-jwt/peer-review',
      headers: { authorization: `Bearer ${jwt}` },
      payload: { decision: 'APPROVED' },
    });
    expect(review.statusCode).toBe(200);
    expect(h.services.reviews.calls.at(-1)?.caller).toStrictEqual({
      email: 'reviewer.two@example.com',
      roles: ['reviewer'],
      subject: 'user-1',
    });
  });

  it('gives a token whose groups map to no role no access (403), but still authenticates it', async () => {
    const jwt = await idp.sign({ email: 'stranger@example.com', groups: ['UNRELATED'] });
    const r = await whoCanRead(`Bearer ${jwt}`);
    expect(r.statusCode).toBe(403);
    expect(r.json().errorCode).toBe('FORBIDDEN');
  });

  it('maps the admin group to admin (may read the audit log)', async () => {
    const jwt = await idp.sign({ email: 'boss@example.com', groups: ['ABC_BOOMI_FLOW_ADMIN'] });
    const r = await h.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(r.statusCode).toBe(200);
  });

  it('refuses an expired token', async () => {
    const jwt = await idp.sign(
      { email: 'late@example.com', groups: ['ABC_BOOMI_FLOW_ADMIN'] },
      { expiresIn: Math.floor(Date.now() / 1000) - 120 },
    );
    await expectUnauthenticated(`Bearer ${jwt}`, 'expired');
  });

  it('refuses a token of another issuer', async () => {
    const jwt = await idp.sign({
      iss: 'https://evil.example.com',
      email: 'a@example.com',
      groups: ['ABC_BOOMI_FLOW_ADMIN'],
    });
    await expectUnauthenticated(`Bearer ${jwt}`);
  });

  it('refuses a token for another audience', async () => {
    const jwt = await idp.sign({
      aud: 'api://other',
      email: 'a@example.com',
      groups: ['ABC_BOOMI_FLOW_ADMIN'],
    });
    await expectUnauthenticated(`Bearer ${jwt}`);
  });

  it('refuses a token signed by a key the JWKS does not hold', async () => {
    const jwt = await idp.sign(
      { email: 'a@example.com', groups: ['ABC_BOOMI_FLOW_ADMIN'] },
      { key: idp.strangerKey },
    );
    await expectUnauthenticated(`Bearer ${jwt}`);
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const jwt = await idp.sign({ email: 'viewer@example.com', groups: ['ABC_BOOMI_FLOW_READONLY'] });
    const [header, , signature] = jwt.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        iss: idp.config.issuer,
        aud: idp.config.audience,
        email: 'viewer@example.com',
        groups: ['ABC_BOOMI_FLOW_ADMIN'],
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url');
    await expectUnauthenticated(`Bearer ${header}.${forged}.${signature}`);
  });

  it('refuses a shared-secret (HS256) token even with the right claims', async () => {
    const jwt = await new SignJWT({ email: 'a@example.com', groups: ['ABC_BOOMI_FLOW_ADMIN'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(idp.config.issuer)
      .setAudience(idp.config.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-secret-of-32-bytes-or-more-123456'));
    await expectUnauthenticated(`Bearer ${jwt}`);
  });

  it('refuses a token without an email claim', async () => {
    const jwt = await idp.sign({ sub: 'machine', groups: ['ABC_BOOMI_FLOW_ADMIN'] });
    await expectUnauthenticated(`Bearer ${jwt}`, 'email');
  });

  it('answers 503 when the JWKS cannot be reached (the outage is ours, not the caller’s)', async () => {
    const down = await startOidcFixture();
    await down.close();
    const app = await startHarness({ oidc: createOidcVerifier(down.config) });
    try {
      const jwt = await down.sign({ email: 'a@example.com', groups: ['ABC_BOOMI_FLOW_ADMIN'] });
      const r = await app.app.inject({
        method: 'GET',
        url: '/api/v1/promotions',
        headers: { authorization: `Bearer ${jwt}` },
      });
      expect(r.statusCode).toBe(503);
      expect(r.json().errorCode).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await app.close();
    }
  });
});
