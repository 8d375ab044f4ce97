import { describe, expect, it } from 'vitest';
import { control, eq, expectBoomiError, useDemoSandbox } from './support.ts';

const demo = useDemoSandbox({ resetBeforeEach: true });

const names = (records: { name: string }[]) => records.map((r) => r.name).sort();

async function seedEnvironments(count: number): Promise<void> {
  const environments = Array.from({ length: count }, (_, i) => ({
    name: `Env ${String(i).padStart(3, '0')}`,
    classification: i % 3 === 0 ? 'PROD' : 'TEST',
  }));
  expect(
    (
      await control(demo.sandbox, 'POST', '/seed', {
        environments: environments.map((e) => ({ ...e, accountId: demo.world().accountId })),
      })
    ).status,
  ).toBe(200);
}

describe('POST /{Object}/query — QueryFilter (checklist 11, 13)', () => {
  it('filters with a simple EQUALS expression', async () => {
    const response = await demo.boomi.query('Environment', eq('classification', 'TEST'));
    expect(response.status).toBe(200);
    expect(names(response.body.result)).toEqual(['Test', 'Test 2']);
    expect(response.body.numberOfResults).toBe(2);
    expect(response.body.queryToken).toBeUndefined();
  });

  it('evaluates nested and/or groupings', async () => {
    const expression = {
      operator: 'or',
      nestedExpression: [
        {
          operator: 'and',
          nestedExpression: [
            eq('classification', 'TEST'),
            { operator: 'LIKE', property: 'name', argument: ['%2'] },
          ],
        },
        eq('name', 'Production'),
      ],
    };
    expect(names((await demo.boomi.query('Environment', expression)).body.result)).toEqual([
      'Production',
      'Test 2',
    ]);
  });

  it.each([
    ['NOT_EQUALS', ['Test'], ['Production', 'Test 2']],
    ['LIKE', ['Te%'], ['Test', 'Test 2']],
    ['CONTAINS', ['duct'], ['Production']],
    ['NOT_CONTAINS', ['Test'], ['Production']],
    ['GREATER_THAN', ['Test'], ['Test 2']],
    ['GREATER_THAN_OR_EQUAL', ['Test'], ['Test', 'Test 2']],
    ['LESS_THAN', ['Test'], ['Production']],
    ['LESS_THAN_OR_EQUAL', ['Test'], ['Production', 'Test']],
    ['BETWEEN', ['P', 'Test'], ['Production', 'Test']],
    ['IS_NOT_NULL', [], ['Production', 'Test', 'Test 2']],
    ['IS_NULL', [], []],
  ])('supports %s', async (operator, argument, expected) => {
    const response = await demo.boomi.query('Environment', { operator, property: 'name', argument });
    expect(response.status).toBe(200);
    expect(names(response.body.result ?? [])).toEqual(expected);
  });

  it('compares dates chronologically (BETWEEN on createdDate)', async () => {
    const response = await demo.boomi.query('PackagedComponent', {
      operator: 'BETWEEN',
      property: 'createdDate',
      argument: ['2000-01-01T00:00:00Z', '2999-12-31T23:59:59Z'],
    });
    expect(response.body.numberOfResults).toBe(demo.world().packages.length);
  });

  it('returns everything for an empty body and for the IS_NOT_NULL id idiom', async () => {
    expect((await demo.boomi.post('/Environment/query')).body.numberOfResults).toBe(3);
    const idiom = await demo.boomi.query('Environment', {
      operator: 'IS_NOT_NULL',
      property: 'id',
      argument: [],
    });
    expect(idiom.body.numberOfResults).toBe(3);
  });

  it('answers 400 for a property the object cannot be queried by', async () => {
    expectBoomiError(
      await demo.boomi.query('Environment', eq('colour', 'blue')),
      400,
      /cannot be queried by 'colour'/,
    );
  });

  it('answers 400 for a wrong number of arguments', async () => {
    expectBoomiError(
      await demo.boomi.query('Environment', { operator: 'BETWEEN', property: 'name', argument: ['a'] }),
      400,
      /takes 2/,
    );
    expectBoomiError(
      await demo.boomi.query('Environment', { operator: 'IS_NULL', property: 'name', argument: ['a'] }),
      400,
      /takes 0/,
    );
    expectBoomiError(
      await demo.boomi.query('Environment', { operator: 'EQUALS', property: 'name', argument: [] }),
      400,
      /takes 1/,
    );
  });

  it("answers 400 for an operator outside Boomi's list", async () => {
    expectBoomiError(
      await demo.boomi.query('Environment', { operator: 'STARTS_WITH', property: 'name', argument: ['T'] }),
      400,
      /STARTS_WITH/,
    );
  });
});

describe('paging with queryToken (checklist 12)', () => {
  it('pages at 100 with a token only while more remain, every record exactly once', async () => {
    await seedEnvironments(247);
    const first = await demo.boomi.query('Environment');
    expect(first.body.numberOfResults).toBe(100);
    expect(first.body.result).toHaveLength(100);
    expect(typeof first.body.queryToken).toBe('string');
    const second = await demo.boomi.post('/Environment/queryMore', first.body.queryToken, {
      contentType: 'text/plain',
    });
    expect(second.body.result).toHaveLength(100);
    // queryMore takes the bare token whatever the content type (Boomi's own scripts send JSON).
    const third = await demo.boomi.post('/Environment/queryMore', undefined, {
      raw: second.body.queryToken,
      contentType: 'application/json',
    });
    expect(third.body.result).toHaveLength(50);
    expect(third.body.queryToken).toBeUndefined();
    const ids = [...first.body.result, ...second.body.result, ...third.body.result].map(
      (e: { id: string }) => e.id,
    );
    expect(new Set(ids).size).toBe(250);
  });

  it('answers 400 for an unknown token and for a token of another object', async () => {
    await seedEnvironments(120);
    expectBoomiError(
      await demo.boomi.post('/Environment/queryMore', 'not-a-token', { contentType: 'text/plain' }),
      400,
      /queryToken/,
    );
    const first = await demo.boomi.query('Environment');
    expectBoomiError(
      await demo.boomi.post('/Branch/queryMore', first.body.queryToken, { contentType: 'text/plain' }),
      400,
      /queryToken/,
    );
  });
});

describe('POST /{Object}/bulk (GET)', () => {
  it('answers per item: 200 with Result, 400 with errorMessage', async () => {
    const env = demo.world().environments[0]!;
    // The schema requires Result on every item, but Boomi's own error items carry none.
    const response = await demo.boomi.post(
      '/Environment/bulk',
      { type: 'GET', request: [{ id: env.id }, { id: 'nope' }] },
      { skipContract: 'error item has no Result' },
    );
    expect(response.status).toBe(200);
    expect(response.body['@type']).toBe('BulkResult');
    expect(response.body.response[0]).toMatchObject({
      '@type': 'BulkResponse',
      statusCode: 200,
      Result: { id: env.id, name: env.name },
    });
    expect(response.body.response[1]).toMatchObject({ '@type': 'BulkResponse', statusCode: 400, id: 'nope' });
    expect(response.body.response[1].errorMessage).toMatch(/nope/);
  });

  it('answers 400 for more than 100 ids', async () => {
    const request = Array.from({ length: 101 }, (_, i) => ({ id: `id-${i}` }));
    expectBoomiError(
      await demo.boomi.post('/Environment/bulk', { type: 'GET', request }),
      400,
      /at most 100/,
    );
  });
});
