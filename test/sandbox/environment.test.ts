/* eslint-disable @typescript-eslint/no-explicit-any -- Boomi bodies are checked against the OpenAPI schema, not by TypeScript */
import { describe, expect, it } from 'vitest';
import { eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const world = demo.world;
const env = (name: string) => world().environments.find((e) => e.name === name)!;
const componentId = (name: string) => world().components.find((c) => c.name === name)!.id;

describe('Environment (checklist 39)', () => {
  it('creates an environment (default PROD) and finds it by classification', async () => {
    const created = await demo.boomi.post('/Environment', { name: 'Staging' });
    expect(created.body).toMatchObject({ '@type': 'Environment', name: 'Staging', classification: 'PROD' });
    const test = await demo.boomi.post('/Environment', { name: 'QA', classification: 'TEST' });
    const found = await demo.boomi.query('Environment', eq('classification', 'TEST'));
    expect(found.body.result.map((e: { id: string }) => e.id)).toContain(test.body.id);
  });

  it('refuses duplicate names (case-insensitive) and classifications other than PROD/TEST', async () => {
    expectBoomiError(await demo.boomi.post('/Environment', { name: 'production' }), 400, /already exists/);
    expectBoomiError(
      await demo.boomi.post('/Environment', { name: 'Prod 2', classification: 'PRODUCTION' }),
      400,
      /classification/,
    );
  });

  it('updates the name only; classification is fixed at creation', async () => {
    const test = env('Test');
    const renamed = await demo.boomi.post(`/Environment/${test.id}`, {
      id: test.id,
      name: 'Test 1',
      classification: 'TEST',
    });
    expect(renamed.body).toMatchObject({ name: 'Test 1', classification: 'TEST' });
    expectBoomiError(
      await demo.boomi.post(`/Environment/${test.id}`, { name: 'Test 1', classification: 'PROD' }),
      400,
      /classification/,
    );
    expect((await demo.boomi.get(`/Environment/${test.id}`)).body).toMatchObject({
      name: 'Test 1',
      classification: 'TEST',
    });
  });

  it('deletes an environment without deployments, and refuses one with active deployments', async () => {
    const created = await demo.boomi.post('/Environment', { name: 'Temp', classification: 'TEST' });
    expect((await demo.boomi.delete(`/Environment/${created.body.id}`)).status).toBe(200);
    expectBoomiError(await demo.boomi.get(`/Environment/${created.body.id}`), 400, /not found/);
    expectBoomiError(await demo.boomi.delete(`/Environment/${env('Test').id}`), 400, /deployed packages/);
  });
});

describe('EnvironmentExtensions (checklist 40, 41)', () => {
  const connection = (body: any, name: string) =>
    body.connections.connection.find((c: { name: string }) => c.name === name);
  const field = (conn: any, id: string) => conn.field.find((f: { id: string }) => f.id === id);

  it('derives the contents from what is deployed, and never returns secret values', async () => {
    const response = await demo.boomi.get(`/EnvironmentExtensions/${env('Test').id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      '@type': 'EnvironmentExtensions',
      id: env('Test').id,
      environmentId: env('Test').id,
    });
    const salesforce = connection(response.body, 'Salesforce Connection');
    expect(field(salesforce, 'url')).toMatchObject({
      value: 'https://acme--test.sandbox.my.salesforce.example',
      useDefault: false,
    });
    expect(field(salesforce, 'password')).toEqual({
      '@type': 'Field',
      id: 'password',
      useDefault: false,
      usesEncryption: true,
      encryptedValueSet: true,
      componentOverride: false,
    });
    const properties = response.body.processProperties.ProcessProperty.map((p: { name: string }) => p.name);
    expect(properties).toContain('Order Intake Properties');
    // Test 2 only runs Order Intake: no NetSuite connection there.
    const test2 = await demo.boomi.get(`/EnvironmentExtensions/${env('Test 2').id}`);
    expect(connection(test2.body, 'NetSuite Connection')).toBeUndefined();
  });

  it("shows a newly deployed process's extensible components", async () => {
    const test2 = env('Test 2').id;
    await demo.boomi.post('/DeployedPackage', {
      environmentId: test2,
      componentId: componentId('Invoice Sync'),
    });
    const after = await demo.boomi.get(`/EnvironmentExtensions/${test2}`);
    expect(connection(after.body, 'NetSuite Connection')).toBeDefined();
    expect(after.body.operations.operation.map((o: { name: string }) => o.name)).toContain(
      'NS Upsert Invoice',
    );
  });

  it('partial update changes only the fields sent', async () => {
    const id = env('Test').id;
    const sf = componentId('Salesforce Connection');
    const updated = await demo.boomi.post(`/EnvironmentExtensions/${id}`, {
      id,
      environmentId: id,
      partial: true,
      connections: {
        connection: [{ id: sf, field: [{ id: 'user', value: 'new-user', useDefault: false }] }],
      },
    });
    expect(updated.status).toBe(200);
    const salesforce = connection(updated.body, 'Salesforce Connection');
    expect(field(salesforce, 'user').value).toBe('new-user');
    expect(field(salesforce, 'url').value).toBe('https://acme--test.sandbox.my.salesforce.example');
    expect(field(salesforce, 'password').encryptedValueSet).toBe(true);
    expect(
      connection((await demo.boomi.get(`/EnvironmentExtensions/${id}`)).body, 'Salesforce Connection'),
    ).toEqual(salesforce);
  });

  it('a full update (partial omitted) resets everything not sent to its default', async () => {
    const id = env('Test').id;
    const sf = componentId('Salesforce Connection');
    const updated = await demo.boomi.post(`/EnvironmentExtensions/${id}`, {
      id,
      connections: { connection: [{ id: sf, field: [{ id: 'user', value: 'only-this' }] }] },
    });
    const salesforce = connection(updated.body, 'Salesforce Connection');
    expect(field(salesforce, 'user')).toMatchObject({ value: 'only-this', useDefault: false });
    expect(field(salesforce, 'url')).toMatchObject({
      value: 'https://login.salesforce.com',
      useDefault: true,
    });
    expect(field(salesforce, 'password')).toMatchObject({ useDefault: true, encryptedValueSet: false });
    expect(updated.body.properties.property).toBeUndefined();
  });

  it('accepts the legacy /update path and process property values', async () => {
    const id = env('Test').id;
    const pp = componentId('Order Intake Properties');
    const updated = await demo.boomi.post(`/EnvironmentExtensions/${id}/update`, {
      partial: true,
      processProperties: {
        ProcessProperty: [{ id: pp, ProcessPropertyValue: [{ key: 'orderSource', value: 'EDI' }] }],
      },
    });
    expect(updated.status).toBe(200);
    const values = updated.body.processProperties.ProcessProperty.find(
      (p: { id: string }) => p.id === pp,
    ).ProcessPropertyValue;
    expect(values.find((v: { key: string }) => v.key === 'orderSource')).toMatchObject({
      value: 'EDI',
      useDefault: false,
      '@type': 'ProcessPropertyValue',
    });
  });

  it('refuses unknown connections and fields, changing nothing', async () => {
    const id = env('Test').id;
    const sf = componentId('Salesforce Connection');
    const before = (await demo.boomi.get(`/EnvironmentExtensions/${id}`)).body;
    expectBoomiError(
      await demo.boomi.post(`/EnvironmentExtensions/${id}`, {
        connections: { connection: [{ id: 'nope', field: [] }] },
      }),
      400,
      /nope/,
    );
    expectBoomiError(
      await demo.boomi.post(`/EnvironmentExtensions/${id}`, {
        connections: { connection: [{ id: sf, field: [{ id: 'colour', value: 'x' }] }] },
      }),
      400,
      /colour/,
    );
    expect((await demo.boomi.get(`/EnvironmentExtensions/${id}`)).body).toEqual(before);
  });

  it('queries extensions by environmentId and answers 400 for an unknown environment', async () => {
    const found = await demo.boomi.query('EnvironmentExtensions', eq('environmentId', env('Production').id));
    expect(found.body.result).toHaveLength(1);
    expectBoomiError(await demo.boomi.get('/EnvironmentExtensions/nope'), 400, /nope/);
  });
});

describe('EnvironmentExtensions of a multi-install pack', () => {
  it('answers for the synthesized id base64url(environmentId:extensionGroupId)', async () => {
    const id = env('Test').id;
    const synthesized = Buffer.from(`${id}:group-1`).toString('base64url');
    const response = await demo.boomi.get(`/EnvironmentExtensions/${synthesized}`);
    expect(response.body).toMatchObject({ id: synthesized, environmentId: id, extensionGroupId: 'group-1' });
  });
});
