/**
 * Random and malformed bodies against every POST/PUT endpoint: the HTTP layer must answer a
 * client error with the standard body (or accept a body that happens to be valid), never 5xx.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type UserName } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const FIELD_NAMES = [
  'promotionId',
  'packageVersion',
  'deploymentTarget',
  'createNewPack',
  'integrationPackId',
  'existingPackId',
  'newPackName',
  'targetEnvironments',
  'targetAccountGroupId',
  'isHotfix',
  'hotfixJustification',
  'testPromotionId',
  'decision',
  'comments',
  'reason',
  'devAccountId',
  'prodAccountId',
  'devPackageId',
  'status',
  'initiatedBy',
  'mappings',
  'entries',
  'environments',
  'environmentId',
  '__proto__',
  'constructor',
];

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('TEST', 'PRODUCTION', 'true', 'false', 'APPROVED', 'REJECTED', 'COMPLETED', '', ' '),
  fc.string({ maxLength: 2000 }),
);
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 12 }).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 200 }),
);

const ENDPOINTS: { method: 'POST' | 'PUT'; url: string; user: UserName }[] = [
  { method: 'POST', url: '/api/v1/package-and-deploy', user: 'admin' },
  { method: 'POST', url: '/api/v1/deployments', user: 'admin' },
  { method: 'POST', url: '/api/v1/promotions', user: 'promoter' },
  { method: 'POST', url: '/api/v1/promotions/P-1/peer-review', user: 'reviewer' },
  { method: 'POST', url: '/api/v1/promotions/P-1/deny', user: 'admin' },
  { method: 'POST', url: '/api/v1/promotions/P-1/withdraw', user: 'promoter' },
  { method: 'PUT', url: '/api/v1/component-mappings', user: 'admin' },
  { method: 'PUT', url: '/api/v1/dev-account-access', user: 'admin' },
  { method: 'PUT', url: '/api/v1/account-groups/g-1/environments', user: 'admin' },
];

describe.each(ENDPOINTS)('$method $url with random bodies', ({ method, url, user }) => {
  it('never answers 5xx; every refusal carries the standard body', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const r = await h.as(user, { method, url, payload, headers: { 'content-type': 'application/json' } });
        expect(r.statusCode, r.body).toBeLessThan(500);
        if (r.statusCode >= 400) {
          expect(r.json()).toStrictEqual({
            success: false,
            errorCode: expect.any(String),
            errorMessage: expect.any(String),
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
