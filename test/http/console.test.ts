/**
 * The console as the HTTP app serves it: the built assets (public, fingerprinted ones cached for
 * good), index.html for the console's own routes so reloads and links work, the API's standard
 * 404 under /api untouched, and a clear page when the console was never built. Also the
 * console's session routes: who the caller is, how to sign in, and the sandbox's demo users.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let built: Harness;
let unbuilt: Harness;
let dist: string;
const INDEX = '<!doctype html><title>promo console</title><div id="root"></div>';

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'promo-console-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), INDEX);
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("console")');
  built = await startHarness({
    overrides: { consoleDir: dist },
    signIn: {
      demoUsers: [{ email: 'admin@example.com', roles: ['admin'], token: 'promo_demo' }],
      oidc: {
        issuer: 'https://login.example.com',
        clientId: 'promo-console',
        scope: 'openid',
        bearer: 'id_token',
      },
    },
  });
  unbuilt = await startHarness({ overrides: { consoleDir: path.join(dist, 'missing') } });
});
afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  await rm(dist, { recursive: true, force: true });
});

describe('the console at /', () => {
  it.each(['/', '/promotions/P-1', '/runs/run-1', '/audit'])(
    'answers index.html at %s without credentials',
    async (url) => {
      const r = await built.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.body).toBe(INDEX);
    },
  );

  it('serves the fingerprinted assets, cached for good', async () => {
    const r = await built.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('console.log("console")');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/api/v1/nothing-here', '/api/other', '/assets/missing.js', '/favicon.ico'])(
    'answers the standard 404 at %s, not the console',
    async (url) => {
      const r = await built.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(404);
      expect(r.json()).toEqual({ success: false, errorCode: 'NOT_FOUND', errorMessage: expect.any(String) });
    },
  );

  it('leaves the API and its authentication as they were', async () => {
    expect((await built.app.inject({ method: 'GET', url: '/api/v1/promotions' })).statusCode).toBe(401);
    expect((await built.as('viewer', { method: 'GET', url: '/api/v1/promotions' })).statusCode).toBe(200);
  });

  it('says how to build the console when it was never built', async () => {
    const r = await unbuilt.app.inject({ method: 'GET', url: '/promotions/P-1' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('The console has not been built');
    expect(r.body).toContain('npm run build:console');
    expect((await unbuilt.app.inject({ method: 'GET', url: '/api/v1/nothing' })).statusCode).toBe(404);
  });
});

describe('the console’s session routes', () => {
  it('GET /me answers the caller as the credential says', async () => {
    const r = await built.as('reviewer', { method: 'GET', url: '/api/v1/me' });
    expect(r.json()).toEqual({ email: 'reviewer@example.com', roles: ['reviewer'] });
  });

  it('GET /sign-in-options is public and names the OIDC client and the demo users', async () => {
    const r = await built.app.inject({ method: 'GET', url: '/api/v1/sign-in-options' });
    expect(r.json()).toEqual({
      sandboxDemoUsers: true,
      oidc: {
        issuer: 'https://login.example.com',
        clientId: 'promo-console',
        scope: 'openid',
        bearer: 'id_token',
      },
    });
    const plain = await unbuilt.app.inject({ method: 'GET', url: '/api/v1/sign-in-options' });
    expect(plain.json()).toEqual({ sandboxDemoUsers: false, oidc: null });
  });

  it('GET /sandbox/demo-users exists only when demo users are given (sandbox mode)', async () => {
    const r = await built.app.inject({ method: 'GET', url: '/api/v1/sandbox/demo-users' });
    expect(r.json()).toEqual({
      items: [{ email: 'admin@example.com', roles: ['admin'], token: 'promo_demo' }],
    });
    expect((await unbuilt.app.inject({ method: 'GET', url: '/api/v1/sandbox/demo-users' })).statusCode).toBe(
      404,
    );
  });
});
