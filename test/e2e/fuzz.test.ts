/**
 * Hostile input against every POST endpoint of the real server: 2,000 fast-check bodies each —
 * arbitrary JSON, objects with the request's own field names holding wrong values, near-valid
 * requests with one field broken, broken JSON text and wrong content types. Every answer must be
 * a 4xx with the standard error body (never a 500), and the sandbox's call log must show no
 * Boomi write. The callers are chosen so that even a fully valid body is refused before any write:
 * the deployer initiated the promotion (self-approval), the registrar lacks the promoter role.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './support/cli.ts';
import { call, isStandardErrorBody } from './support/http.ts';
import { startServerWithSandbox, type SandboxControl, type World } from './support/sandbox.ts';
import type { RunningServer } from './support/server.ts';

const RUNS = 2000;
let server: RunningServer;
let sandbox: SandboxControl;
let world: World;
let selfishToken: string;
let adminOnlyToken: string;
const OWN = 'fuzz-own-promotion';
let firstSeq: number;

beforeAll(async () => {
  // The refresh endpoint reads Boomi on every call: let the account limiter keep up with the fuzz.
  ({ server, sandbox, world } = await startServerWithSandbox({ env: { BOOMI_RATE_LIMIT: '5000' } }));
  selfishToken = await createToken(server, 'selfish@example.com', ['admin', 'promoter', 'reviewer']);
  adminOnlyToken = await createToken(server, 'fuzz-admin@example.com', ['admin']);
  const registered = await call(server.url, 'POST', '/api/v1/promotions', {
    token: selfishToken,
    body: {
      promotionId: OWN,
      devAccountId: 'acme-dev-orders-3KD9QA',
      prodAccountId: world.accountId,
      devPackageId: 'dev-fuzz',
      status: 'COMPLETED',
      prodComponentId: world.promotions[0]!.prodComponentId,
      branchId: world.promotions[0]!.branchId,
    },
  });
  expect(registered.status).toBe(201);
  firstSeq = await sandbox.lastSeq();
});

afterAll(async () => {
  await server?.dispose();
});

/** A body as the wire carries it: JSON of any value, or text that is not JSON at all. */
type Wire = { rawBody: string; contentType: string };
const json = (value: unknown): Wire => ({
  rawBody: JSON.stringify(value) ?? 'null',
  contentType: 'application/json',
});

const anyJson = fc.jsonValue({ maxDepth: 3 }).map(json);
const brokenText = fc.oneof(
  fc.string({ maxLength: 60 }).map((text) => ({ rawBody: text, contentType: 'application/json' })),
  fc
    .jsonValue({ maxDepth: 2 })
    .map((value) => ({ rawBody: `${JSON.stringify(value)}}`, contentType: 'application/json' })),
  fc
    .jsonValue({ maxDepth: 2 })
    .map((value) => ({ rawBody: JSON.stringify(value) ?? '', contentType: 'text/plain' })),
  fc
    .constantFrom('', '{', '[', '{"a":', '\u0000', '{"promotionId": "x", "promotionId": 1}')
    .map((rawBody) => ({ rawBody, contentType: 'application/json' })),
);

/** Objects with the endpoint's own field names (and a few strangers) holding arbitrary values. */
function ownFields(fields: string[]) {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fields) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  return fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: fields.length + 2 }).map(json);
}

/** A valid body with one field replaced by something else, or removed. */
function nearValid(valid: Record<string, unknown>, values: fc.Arbitrary<unknown>) {
  const fields = Object.keys(valid);
  return fc
    .tuple(fc.constantFrom(...fields, 'extraField'), fc.option(values, { nil: undefined }))
    .map(([field, value]) => {
      const body: Record<string, unknown> = { ...valid };
      if (value === undefined) delete body[field];
      else body[field] = value;
      return json(body);
    });
}

const strangeValues = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 2000 }),
  fc.constantFrom(
    '',
    ' ',
    'true',
    'TEST',
    'PRODUCTION',
    null,
    -1,
    1e308,
    '../../etc',
    '<script>',
    'DROP TABLE promotions;',
  ),
);

function bodies(fields: string[], valid: Record<string, unknown>) {
  return fc.oneof(anyJson, brokenText, ownFields(fields), nearValid(valid, strangeValues));
}

const pathIds = fc.oneof(
  fc.constant(OWN),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constant('no-such-id'),
);

/** Bodies go out in concurrent batches: the server sees parallel hostile traffic, and it is quicker. */
const BATCH = 8;

async function fuzz(
  name: string,
  arbitrary: fc.Arbitrary<{ path: string; wire: Wire }>,
  tokenOf: () => string,
): Promise<void> {
  const statuses = new Map<number, number>();
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const answers = await Promise.all(
        batch.map(({ path, wire }) =>
          call(server.url, 'POST', `/api/v1${path}`, { token: tokenOf(), ...wire }),
        ),
      );
      sent += batch.length;
      answers.forEach((answer, i) => {
        const { path, wire } = batch[i]!;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const what = `${path} ${wire.rawBody.slice(0, 200)} → ${answer.status} ${JSON.stringify(answer.body)}`;
        expect(answer.status >= 400 && answer.status < 500, what).toBe(true);
        expect(isStandardErrorBody(answer.body), what).toBe(true);
      });
    }),
    { numRuns: RUNS / BATCH },
  );
  expect(sent).toBeGreaterThanOrEqual(RUNS);
  // Not a test of distribution, but the fuzz must reach past the body checks to mean anything.
  expect(
    [...statuses.keys()].some((s) => s !== 400),
    `${name}: ${JSON.stringify([...statuses])}`,
  ).toBe(true);
}

const deployFields = [
  'promotionId',
  'packageVersion',
  'deploymentTarget',
  'prodComponentId',
  'branchId',
  'prodAccountId',
  'createNewPack',
  'integrationPackId',
  'existingPackId',
  'newPackName',
  'newPackDescription',
  'targetEnvironments',
  'targetAccountGroupId',
  'isHotfix',
  'hotfixJustification',
  'testPromotionId',
  'notes',
];

describe('fuzzed POST bodies answer 4xx with the standard body and write nothing to Boomi', () => {
  for (const path of ['/package-and-deploy', '/deployments']) {
    it(`POST ${path}`, async () => {
      const valid = () => ({
        promotionId: OWN,
        packageVersion: '1.0',
        deploymentTarget: 'TEST',
        createNewPack: true,
        newPackName: 'Fuzz',
        targetEnvironments: [{ environmentId: world.environments[0]!.id }],
      });
      const promotionIds = fc.constantFrom(OWN, 'no-such-promotion');
      const arbitrary = fc.oneof(
        bodies(deployFields, valid()),
        promotionIds.chain((promotionId) => nearValid({ ...valid(), promotionId }, strangeValues)),
      );
      await fuzz(
        path,
        arbitrary.map((wire) => ({ path, wire })),
        () => selfishToken,
      );
    });
  }

  it('POST /promotions', async () => {
    const valid = {
      promotionId: 'fuzz-registration',
      devAccountId: 'acme-dev-orders-3KD9QA',
      prodAccountId: world.accountId,
      devPackageId: 'dev-1',
      status: 'COMPLETED',
      prodComponentId: 'c-1',
      branchId: 'b-1',
    };
    const fields = [
      ...Object.keys(valid),
      'initiatedAt',
      'targetEnvironment',
      'isHotfix',
      'hotfixJustification',
      'branchName',
      'processName',
      'packageVersion',
      'componentsTotal',
      'errorMessage',
    ];
    await fuzz(
      '/promotions',
      bodies(fields, valid).map((wire) => ({ path: '/promotions', wire })),
      () => adminOnlyToken,
    );
  });

  it('POST /promotions/{id}/peer-review', async () => {
    const arbitrary = fc.tuple(
      pathIds,
      bodies(['decision', 'comments'], { decision: 'REJECTED', comments: 'No' }),
    );
    await fuzz(
      'peer-review',
      arbitrary.map(([id, wire]) => ({ path: `/promotions/${encodeURIComponent(id)}/peer-review`, wire })),
      () => selfishToken,
    );
  });

  it('POST /promotions/{id}/deny', async () => {
    const arbitrary = fc.tuple(pathIds, bodies(['reason'], { reason: 'No' }));
    await fuzz(
      'deny',
      arbitrary.map(([id, wire]) => ({ path: `/promotions/${encodeURIComponent(id)}/deny`, wire })),
      () => selfishToken,
    );
  });

  it('POST /environments/{id}/extension-access/refresh', async () => {
    const ids = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((id) => !world.environments.some((e) => e.id === id));
    const arbitrary = fc.tuple(ids, fc.oneof(anyJson, brokenText));
    await fuzz(
      'refresh',
      arbitrary.map(([id, wire]) => ({
        path: `/environments/${encodeURIComponent(id)}/extension-access/refresh`,
        wire,
      })),
      () => adminOnlyToken,
    );
  });

  it('left the Boomi sandbox untouched: no write in the call log', async () => {
    expect(await sandbox.writesSince(firstSeq)).toEqual([]);
  });
});
