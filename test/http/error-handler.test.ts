import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromoError } from '../../src/domain/errors.ts';
import { startHarness, type Harness } from './harness.ts';
import { deployBody } from './requests.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ overrides: { bodyLimitBytes: 4096 } });
});
afterAll(async () => {
  await h?.close();
});

function expectStandardBody(body: unknown, errorCode: string): void {
  expect(body).toStrictEqual({ success: false, errorCode, errorMessage: expect.any(String) });
}

describe('root error handler', () => {
  it('answers 404 NOT_FOUND for an unknown route, with or without credentials', async () => {
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(anonymous.statusCode).toBe(404);
    expectStandardBody(anonymous.json(), 'NOT_FOUND');
    const known = await h.as('admin', { method: 'DELETE', url: '/api/v1/promotions' });
    expect(known.statusCode).toBe(404);
    expectStandardBody(known.json(), 'NOT_FOUND');
  });

  it('answers 400 INVALID_REQUEST for a body that is not JSON', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      headers: { 'content-type': 'application/json' },
      payload: '{"promotionId": ',
    });
    expect(r.statusCode).toBe(400);
    expectStandardBody(r.json(), 'INVALID_REQUEST');
  });

  it('answers 400 INVALID_REQUEST for an empty JSON body', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(r.statusCode).toBe(400);
    expectStandardBody(r.json(), 'INVALID_REQUEST');
  });

  it('answers 413 with INVALID_REQUEST for a body over the limit', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      payload: deployBody('P-1', { notes: 'x'.repeat(5000) }),
    });
    expect(r.statusCode).toBe(413);
    expectStandardBody(r.json(), 'INVALID_REQUEST');
  });

  it('answers 415 with INVALID_REQUEST for a body that is not JSON by content type', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      headers: { 'content-type': 'text/xml' },
      payload: '<x/>',
    });
    expect(r.statusCode).toBe(415);
    expectStandardBody(r.json(), 'INVALID_REQUEST');
  });

  it('answers 400 INVALID_REQUEST for a schema violation, naming the field', async () => {
    const r = await h.as('admin', {
      method: 'PUT',
      url: '/api/v1/account-groups/g1/environments',
      payload: { environments: [{ environmentId: 42 }] },
    });
    expect(r.statusCode).toBe(400);
    expectStandardBody(r.json(), 'INVALID_REQUEST');
    expect(r.json().errorMessage).toContain('environmentId');
  });

  it('answers 400 INVALID_REQUEST with the domain parser’s message for an unknown deploy field', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      payload: deployBody('P-1', { adminEmail: 'someone@example.com' }),
    });
    expect(r.statusCode).toBe(400);
    expectStandardBody(r.json(), 'INVALID_REQUEST');
    expect(r.json().errorMessage).toContain('the approver is the authenticated caller');
  });

  it('maps a PromoError from a service to its code, status and message', async () => {
    h.services.deployments.nextRefusal = new PromoError(
      'PROMOTION_NOT_COMPLETED',
      "Promotion P-1 has status 'FAILED' — packaging requires COMPLETED or TEST_DEPLOYED status",
    );
    const r = await h.as('admin', { method: 'POST', url: '/api/v1/deployments', payload: deployBody() });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toStrictEqual({
      success: false,
      errorCode: 'PROMOTION_NOT_COMPLETED',
      errorMessage:
        "Promotion P-1 has status 'FAILED' — packaging requires COMPLETED or TEST_DEPLOYED status",
    });
  });

  it('answers 500 INTERNAL_ERROR for an unexpected fault without leaking its message or stack', async () => {
    h.services.deployments.nextRefusal = new Error(
      'connect ECONNREFUSED postgres://user:hunter2@db',
    ) as PromoError;
    const r = await h.as('admin', { method: 'POST', url: '/api/v1/deployments', payload: deployBody() });
    expect(r.statusCode).toBe(500);
    expectStandardBody(r.json(), 'INTERNAL_ERROR');
    expect(r.body).not.toContain('hunter2');
    expect(r.body).not.toContain('ECONNREFUSED');
    expect(r.body).not.toMatch(/at .*\.ts/);
  });

  it('keeps the message of a deliberate 5xx PromoError (a dependency down)', async () => {
    h.services.deployments.nextRefusal = new PromoError('SERVICE_UNAVAILABLE', 'Boomi could not answer');
    const r = await h.as('admin', { method: 'POST', url: '/api/v1/deployments', payload: deployBody() });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toStrictEqual({
      success: false,
      errorCode: 'SERVICE_UNAVAILABLE',
      errorMessage: 'Boomi could not answer',
    });
  });
});

describe('framework errors in the standard body', () => {
  it('answers 400 INVALID_REQUEST for a bad percent-encoding in the path (FST_ERR_BAD_URL)', async () => {
    for (const url of ['/api/v1/promotions/%E0%A4%A', '/api/v1/deployments/%zz', '/api/v1/promotions/%']) {
      const r = await h.as('viewer', { method: 'GET', url });
      expect(r.statusCode, url).toBe(400);
      expectStandardBody(r.json(), 'INVALID_REQUEST');
      expect(r.json().errorMessage).not.toContain('%');
    }
  });

  it('answers 414 INVALID_REQUEST for a path parameter over the limit, without echoing the URL', async () => {
    const id = `P-${'x'.repeat(400)}`;
    for (const url of [`/api/v1/promotions/${id}`, `/api/v1/environments/${id}/extension-access/refresh`]) {
      const r = await h.as('admin', { method: url.endsWith('refresh') ? 'POST' : 'GET', url });
      expect(r.statusCode, url).toBe(414);
      expectStandardBody(r.json(), 'INVALID_REQUEST');
      expect(r.body).not.toContain('xxxxxxxxxx');
    }
  });

  it('does not echo a hostile content type whole', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      headers: { 'content-type': `text/${'y'.repeat(2000)}` },
      payload: 'x',
    });
    expect(r.statusCode).toBe(415);
    expectStandardBody(r.json(), 'INVALID_REQUEST');
    expect(r.json().errorMessage.length).toBeLessThanOrEqual(300);
  });
});

describe('JSON nesting depth', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('refuses a body nested deeper than 32 levels before parsing it, and counts no brackets inside strings', async () => {
    const deep = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      headers: { 'content-type': 'application/json' },
      payload: `{"notes": ${nested(32)}}`,
    });
    expect(deep.statusCode).toBe(400);
    expectStandardBody(deep.json(), 'INVALID_REQUEST');
    expect(deep.json().errorMessage).toContain('nested deeper than 32');

    const inString = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/deployments',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(deployBody('P-1', { notes: `"\\${'['.repeat(100)}` })),
    });
    expect(inString.statusCode).toBe(202);
  });
});

describe('NUL characters (PostgreSQL text cannot hold them)', () => {
  it('refuses them in a body, a path parameter or a query string with 400, not a database 500', async () => {
    const inBody = await h.as('promoter', {
      method: 'POST',
      url: '/api/v1/promotions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        promotionId: 'P\u0000',
        devAccountId: 'd',
        prodAccountId: h.accountId,
        devPackageId: 'p',
        status: 'IN_PROGRESS',
      }),
    });
    const inPath = await h.as('viewer', { method: 'GET', url: '/api/v1/promotions/P%00' });
    const inQuery = await h.as('viewer', { method: 'GET', url: '/api/v1/promotions?initiatedBy=a%00b' });
    for (const r of [inBody, inPath, inQuery]) {
      expect(r.statusCode).toBe(400);
      expectStandardBody(r.json(), 'INVALID_REQUEST');
    }
  });
});
