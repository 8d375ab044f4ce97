import { describe, expect, it } from 'vitest';
import { control, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;

describe('authentication (checklist 2)', () => {
  it('answers 401 without credentials', async () => {
    expectBoomiError(await demo.boomi.get('/Environment/x', { credentials: null }), 401);
  });

  it('answers 401 for a wrong token and for an unknown user', async () => {
    expectBoomiError(
      await demo.boomi.get(`/Environment/${world().environments[0]!.id}`, {
        credentials: `${world().username}:nope`,
      }),
      401,
    );
    expectBoomiError(
      await demo.boomi.get('/Environment/x', { credentials: 'BOOMI_TOKEN.nobody@acme.example:t' }),
      401,
    );
  });

  it('accepts the BOOMI_TOKEN user and answers with the record', async () => {
    const env = world().environments[0]!;
    const response = await demo.boomi.get(`/Environment/${env.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      '@type': 'Environment',
      id: env.id,
      name: env.name,
      classification: env.classification,
    });
  });

  it('accepts a plain user/password for users that have one', async () => {
    await control(demo.sandbox, 'POST', '/seed', {
      accounts: [{ id: 'plain-1', users: [{ email: 'ops@plain.example', apiToken: 'tok', password: 'pw' }] }],
    });
    const response = await demo.boomi.query('Environment', undefined, {
      accountId: 'plain-1',
      credentials: 'ops@plain.example:pw',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ '@type': 'QueryResult', numberOfResults: 0 });
    expectBoomiError(
      await demo.boomi.query('Environment', undefined, {
        accountId: 'plain-1',
        credentials: 'ops@plain.example:bad',
      }),
      401,
    );
  });

  it("answers 403 with Boomi's message for an account the user cannot access", async () => {
    await control(demo.sandbox, 'POST', '/seed', {
      accounts: [{ id: 'other-1', users: [{ email: 'x@other.example', apiToken: 't' }] }],
    });
    const response = await demo.boomi.query('Environment', undefined, { accountId: 'other-1' });
    expectBoomiError(response, 403, 'Access denied due to insufficient permissions.');
  });

  it('lets a read-only user read but answers 403 to its writes', async () => {
    const readOnly = demo.boomi.as(`${world().readOnlyUsername}:${world().readOnlyApiToken}`);
    expect((await readOnly.query('Environment')).status).toBe(200);
    expectBoomiError(await readOnly.post('/Environment', { name: 'Nope', classification: 'TEST' }), 403);
    expect(
      (await demo.boomi.query('Environment', { operator: 'EQUALS', property: 'name', argument: ['Nope'] }))
        .body.numberOfResults,
    ).toBe(0);
  });
});

describe('partner API and overrideAccount (checklist 1)', () => {
  it('serves the same objects under the partner prefix', async () => {
    const response = await demo.boomi.query('Environment', undefined, { partner: true });
    expect(response.status).toBe(200);
    expect(response.body.numberOfResults).toBe(3);
  });

  it('makes a child account the effective account, and the call log says so', async () => {
    const dev = world().devAccounts[0]!.devAccountId;
    const response = await demo.boomi.query('Branch', undefined, { partner: true, overrideAccount: dev });
    expect(response.status).toBe(200);
    // The dev account has only its own main branch, not the primary's promotion branches.
    expect(response.body.result.map((b: { name: string }) => b.name)).toEqual(['main']);
    const calls = await control(demo.sandbox, 'GET', '/calls?path=/Branch/query');
    expect(calls.body.calls.at(-1)).toMatchObject({
      account: dev,
      partner: true,
      user: 'admin@acme.example',
    });
  });

  it('answers 403 when the override account is not below the authenticated one', async () => {
    await control(demo.sandbox, 'POST', '/seed', { accounts: [{ id: 'stranger-1' }] });
    expectBoomiError(
      await demo.boomi.query('Branch', undefined, { partner: true, overrideAccount: 'stranger-1' }),
      403,
    );
  });
});

describe('formats and errors (checklist 4, 5, 8)', () => {
  it('answers errors as XML <error><message> when Accept is not JSON', async () => {
    const response = await demo.boomi.get('/Environment/unknown-id', { accept: 'application/xml' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/xml/);
    expect(response.text).toBe(
      '<error><message>The Environment with ID unknown-id was not found.</message></error>',
    );
  });

  it('answers 400 (not 404) for an unknown id, with @type Error', async () => {
    expectBoomiError(await demo.boomi.get('/PackagedComponent/does-not-exist'), 400, /does-not-exist/);
  });

  it('answers 404 only for endpoints that do not exist', async () => {
    const response = await demo.boomi.post('/IntegrationPack', { name: 'x' });
    expectBoomiError(response, 404, /POST \/IntegrationPack/);
    expectBoomiError(await demo.boomi.post('/PackagedComponent/abc', {}), 404);
  });

  it('refuses malformed JSON and non-JSON bodies with 400', async () => {
    expectBoomiError(await demo.boomi.post('/Environment', undefined, { raw: '{"name":' }), 400, /invalid/);
    expectBoomiError(
      await demo.boomi.post('/Environment', undefined, {
        raw: '<Environment/>',
        contentType: 'application/xml',
      }),
      400,
      /JSON/,
    );
  });

  it("puts @type on nested containers with Boomi's capitalised keys", async () => {
    const pack = world().integrationPacks[0]!;
    const response = await demo.boomi.get(`/PublisherIntegrationPack/${pack.id}`);
    expect(response.body['@type']).toBe('PublisherIntegrationPack');
    expect(response.body.PublisherPackagedComponents['@type']).toBe('PublisherPackagedComponents');
    expect(response.body.PublisherPackagedComponents.PublisherPackagedComponent[0]['@type']).toBe(
      'PublisherPackagedComponent',
    );
    expect(typeof response.body.Description).toBe('string');
  });

  it('uses Boomi timestamps (second precision, UTC) and the authenticated user as creator', async () => {
    const response = await demo.boomi.post('/Branch', { name: 'feature-ts' });
    expect(response.body.createdDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(response.body.createdBy).toBe('admin@acme.example');
  });
});
