// Property-based tests of QueryFilter evaluation and paging: the sandbox's evaluator against a plain
// oracle, and every matching record exactly once across pages, for random filters and data.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type Expression } from '../../src/sandbox/query-filter.ts';
import { pageOf, type Page } from '../../src/sandbox/query-paging.ts';
import type { RunningSandbox } from '../../src/sandbox/server.ts';
import { BoomiTestClient, control, startTestSandbox } from './support.ts';

type Row = { name: string; classification: string };

// Small alphabets so random filters actually match some records.
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 3 });
const classification = fc.constantFrom('PROD', 'TEST');

const likePattern = fc
  .tuple(text, fc.constantFrom('exact', 'prefix', 'suffix', 'inner'))
  .map(([s, form]) => ({
    form,
    s,
    pattern: form === 'exact' ? s : form === 'prefix' ? `${s}%` : form === 'suffix' ? `%${s}` : `%${s}%`,
  }));

type Leaf =
  | { kind: 'EQUALS' | 'NOT_EQUALS' | 'CONTAINS' | 'NOT_CONTAINS'; property: 'name'; value: string }
  | { kind: 'EQUALS_CLASS'; value: string }
  | { kind: 'LIKE'; form: string; s: string; pattern: string };
type Filter = Leaf | { kind: 'and' | 'or'; children: Filter[] };

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS') as fc.Arbitrary<'EQUALS'>,
    property: fc.constant('name' as const),
    value: text,
  }),
  fc.record({ kind: fc.constant('EQUALS_CLASS' as const), value: classification }),
  likePattern.map((l) => ({ kind: 'LIKE' as const, ...l })),
);
const filter: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constantFrom('and', 'or') as fc.Arbitrary<'and'>,
      children: fc.array(tie('f'), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).f;

/** The filter as Boomi's JSON expression. */
function toExpression(f: Filter): Expression {
  switch (f.kind) {
    case 'and':
    case 'or':
      return { operator: f.kind, nestedExpression: f.children.map(toExpression) };
    case 'EQUALS_CLASS':
      return { operator: 'EQUALS', property: 'classification', argument: [f.value] };
    case 'LIKE':
      return { operator: 'LIKE', property: 'name', argument: [f.pattern] };
    default:
      return { operator: f.kind, property: 'name', argument: [f.value] };
  }
}

/** Plain oracle, written independently of the evaluator. */
function oracle(f: Filter, row: Row): boolean {
  switch (f.kind) {
    case 'and':
      return f.children.every((c) => oracle(c, row));
    case 'or':
      return f.children.some((c) => oracle(c, row));
    case 'EQUALS_CLASS':
      return row.classification === f.value;
    case 'EQUALS':
      return row.name === f.value;
    case 'NOT_EQUALS':
      return row.name !== f.value;
    case 'CONTAINS':
      return row.name.includes(f.value);
    case 'NOT_CONTAINS':
      return !row.name.includes(f.value);
    case 'LIKE':
      if (f.form === 'exact') return row.name === f.s;
      if (f.form === 'prefix') return row.name.startsWith(f.s);
      if (f.form === 'suffix') return row.name.endsWith(f.s);
      return row.name.includes(f.s);
  }
}

describe('QueryFilter evaluation (property)', () => {
  it('agrees with the oracle for random nested filters and records', () => {
    fc.assert(
      fc.property(filter, fc.record({ name: text, classification }), (f, row) => {
        const get = (property: string) => (property === 'name' ? row.name : row.classification);
        expect(evaluate(toExpression(f), get)).toBe(oracle(f, row));
      }),
      { numRuns: 2000 },
    );
  });

  it('treats a one-child grouping like its child, and "and" as the intersection of "or"-free parts', () => {
    fc.assert(
      fc.property(filter, filter, fc.record({ name: text, classification }), (a, b, row) => {
        const get = (property: string) => (property === 'name' ? row.name : row.classification);
        const ea = toExpression(a);
        const eb = toExpression(b);
        expect(evaluate({ operator: 'and', nestedExpression: [ea] }, get)).toBe(evaluate(ea, get));
        expect(evaluate({ operator: 'or', nestedExpression: [ea] }, get)).toBe(evaluate(ea, get));
        expect(evaluate({ operator: 'and', nestedExpression: [ea, eb] }, get)).toBe(
          evaluate(ea, get) && evaluate(eb, get),
        );
      }),
    );
  });
});

describe('paging (property)', () => {
  it('pageOf returns every item exactly once, in order, for any page size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 500 }),
        fc.integer({ min: 1, max: 150 }),
        (items, size) => {
          const seen: number[] = [];
          let offset: number | undefined = 0;
          while (offset !== undefined) {
            const page: Page<number> = pageOf(items, offset, size);
            expect(page.items.length).toBeLessThanOrEqual(size);
            seen.push(...page.items);
            offset = page.nextOffset;
          }
          expect(seen).toEqual(items);
        },
      ),
    );
  });
});

describe('query + queryMore over HTTP (property)', () => {
  let sandbox: RunningSandbox;
  let boomi: BoomiTestClient;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ demo: false });
    boomi = new BoomiTestClient(sandbox, {
      accountId: 'prop-1',
      credentials: 'BOOMI_TOKEN.p@prop.example:t',
    });
  });
  afterAll(() => sandbox.close());

  it('returns every matching record exactly once across pages, for random filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ name: text, classification }), {
          minLength: 0,
          maxLength: 12,
          selector: (r) => r.name,
        }),
        fc.integer({ min: 90, max: 260 }),
        filter,
        async (shapes, count, f) => {
          await control(sandbox, 'POST', '/reset');
          // Many records from a few name shapes; names stay unique with a numeric suffix outside the alphabet.
          const rows: Row[] = Array.from({ length: shapes.length === 0 ? 0 : count }, (_, i) => {
            const shape = shapes[i % shapes.length]!;
            return {
              name: i < shapes.length ? shape.name : `${shape.name}${i}`,
              classification: shape.classification,
            };
          });
          const seeded = await control(sandbox, 'POST', '/seed', {
            accounts: [{ id: 'prop-1', users: [{ email: 'p@prop.example', apiToken: 't' }] }],
            environments: rows,
          });
          expect(seeded.status).toBe(200);
          const records = await boomi.queryAll('Environment', toExpression(f));
          const returned = records.map((r: Row) => r.name);
          expect(new Set(returned).size).toBe(returned.length);
          expect([...returned].sort()).toEqual(
            rows
              .filter((r) => oracle(f, r))
              .map((r) => r.name)
              .sort(),
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});
