/**
 * Real Boomi answers `…/PackagedComponent/` as `…/PackagedComponent` (Boomi's own published CI
 * scripts send the trailing slash), so the sandbox must too — for every Boomi path, on the plain
 * and the partner prefix, with the call log and fault rules seeing the same path either way.
 */
import { describe, expect, it } from 'vitest';
import { control, eq, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });
const component = (name: string) => demo.world().components.find((c) => c.name === name)!;

describe('a trailing slash on a Boomi path', () => {
  it('POST /PackagedComponent/ creates the package as POST /PackagedComponent does', async () => {
    const created = await demo.boomi.post('/PackagedComponent/', {
      componentId: component('Order Intake').id,
      packageVersion: '2.0',
      shareable: true,
    });
    expect(created.status, created.text).toBe(200);
    expect(created.body).toMatchObject({ '@type': 'PackagedComponent', packageVersion: '2.0' });
    const read = await demo.boomi.get(`/PackagedComponent/${created.body.packageId}/`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('answers queries and the partner prefix with a trailing slash', async () => {
    const plain = await demo.boomi.query('Environment', eq('classification', 'TEST'));
    const slashed = await demo.boomi.post('/Environment/query/', {
      QueryFilter: { expression: eq('classification', 'TEST') },
    });
    expect(slashed.status).toBe(200);
    expect(slashed.body).toEqual(plain.body);
    const partner = await demo.boomi.get(`/Environment/${demo.world().environments[0]!.id}/`, {
      partner: true,
      overrideAccount: demo.world().accountId,
    });
    expect(partner.status).toBe(200);
    expect(partner.body.id).toBe(demo.world().environments[0]!.id);
  });

  it('records the call under the path without the slash, so fault rules match it', async () => {
    await control(demo.sandbox, 'POST', '/faults', {
      method: 'POST',
      pathPattern: '/PackagedComponent',
      status: 503,
      times: 1,
    });
    const faulted = await demo.boomi.post(
      '/PackagedComponent/',
      { componentId: component('Order Intake').id, packageVersion: '2.1' },
      { skipContract: 'an injected fault body' },
    );
    expect(faulted.status).toBe(503);
    const { body } = await control<{ calls: { method: string; path: string; status: number }[] }>(
      demo.sandbox,
      'GET',
      '/calls?method=POST',
    );
    expect(body.calls.map((c) => [c.path, c.status])).toEqual([['/PackagedComponent', 503]]);
  });

  it('still answers an unknown endpoint 404 in Boomi’s format', async () => {
    const unknown = await demo.boomi.get('/NoSuchObject/', { skipContract: 'no such operation' });
    expect(unknown.status).toBe(404);
    expect(unknown.body['@type']).toBe('Error');
  });
});
