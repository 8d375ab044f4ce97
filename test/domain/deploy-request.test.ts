import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { DeployRequestBodySchema, parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { isPromoError } from '../../src/domain/errors.ts';
import { testBody, thrown } from './fixtures.ts';

function refusal(raw: unknown): string {
  const error = thrown(() => parseDeployRequest(raw));
  expect(error.code).toBe('INVALID_REQUEST');
  expect(error.status).toBe(400);
  return error.message;
}

describe('parseDeployRequest — accepted requests', () => {
  it('normalises a mode-1 request: trimmed strings, real booleans, nulls for what was not sent', () => {
    const request = parseDeployRequest(
      testBody({ promotionId: '  p-1 ', createNewPack: 'true', newPackDescription: '  Orders pack ' }),
    );
    expect(request).toStrictEqual({
      promotionId: 'p-1',
      packageVersion: '1.2.0',
      deploymentTarget: 'TEST',
      prodComponentId: null,
      branchId: null,
      prodAccountId: null,
      createNewPack: true,
      integrationPackId: null,
      newPackName: 'Orders - TEST',
      newPackDescription: 'Orders pack',
      targetEnvironmentIds: [],
      targetAccountGroupId: null,
      isHotfix: false,
      hotfixJustification: null,
      testPromotionId: null,
      notes: null,
    });
  });

  it('folds the existingPackId alias into integrationPackId', () => {
    const request = parseDeployRequest(
      testBody({ createNewPack: false, newPackName: null, existingPackId: 'ip-9' }),
    );
    expect(request.integrationPackId).toBe('ip-9');
    expect(request.createNewPack).toBe(false);
  });

  it('accepts the alias and the field together when they agree', () => {
    const body = testBody({
      createNewPack: 'false',
      newPackName: '',
      integrationPackId: 'ip-9',
      existingPackId: 'ip-9',
    });
    expect(parseDeployRequest(body).integrationPackId).toBe('ip-9');
  });

  it('treats an absent createNewPack as false', () => {
    const { createNewPack: _c, newPackName: _n, ...body } = testBody({ integrationPackId: 'ip-1' });
    expect(parseDeployRequest(body).createNewPack).toBe(false);
  });

  it('reads isHotfix "true" and keeps the justification for a hotfix', () => {
    const request = parseDeployRequest(
      testBody({
        deploymentTarget: 'PRODUCTION',
        isHotfix: 'true',
        hotfixJustification: ' Critical API fix ',
      }),
    );
    expect(request.isHotfix).toBe(true);
    expect(request.hotfixJustification).toBe('Critical API fix');
  });

  it('keeps explicit targets in order, each once', () => {
    const request = parseDeployRequest(
      testBody({
        targetEnvironments: [{ environmentId: 'e2' }, { environmentId: ' e1 ' }, { environmentId: 'e2' }],
        targetAccountGroupId: 'ag-1',
      }),
    );
    expect(request.targetEnvironmentIds).toStrictEqual(['e2', 'e1']);
    expect(request.targetAccountGroupId).toBe('ag-1');
  });

  it('accepts and ignores the seed profile’s testIntegrationPackId/Name', () => {
    const body = testBody({
      deploymentTarget: 'PRODUCTION',
      testPromotionId: 't-1',
      testIntegrationPackId: 'tip',
      testIntegrationPackName: 'Orders - TEST',
    });
    const request = parseDeployRequest(body);
    expect(request.testPromotionId).toBe('t-1');
    expect(Object.keys(request)).not.toContain('testIntegrationPackId');
  });

  it('measures lengths in characters: 20 emoji are a valid packageVersion, 21 are not', () => {
    expect(parseDeployRequest(testBody({ packageVersion: '😀'.repeat(20) })).packageVersion).toBe(
      '😀'.repeat(20),
    );
    expect(refusal(testBody({ packageVersion: '😀'.repeat(21) }))).toBe(
      'packageVersion must be at most 20 characters',
    );
  });
});

describe('parseDeployRequest — check 1 refusals name the field', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [1, 2], 'Request body must be a JSON object, got an array'],
    ['null body', null, 'Request body must be a JSON object, got null'],
    ['missing promotionId', testBody({ promotionId: undefined }), 'promotionId is required'],
    ['blank promotionId', testBody({ promotionId: '   ' }), 'promotionId is required'],
    ['numeric promotionId', testBody({ promotionId: 42 }), 'promotionId must be a string, got a number'],
    ['missing packageVersion', testBody({ packageVersion: null }), 'packageVersion is required'],
    [
      'long packageVersion',
      testBody({ packageVersion: '1'.repeat(21) }),
      'packageVersion must be at most 20 characters',
    ],
    [
      'missing target',
      testBody({ deploymentTarget: undefined }),
      'deploymentTarget is required (one of TEST, PRODUCTION)',
    ],
    [
      'lower-case target',
      testBody({ deploymentTarget: 'test' }),
      'deploymentTarget must be one of TEST, PRODUCTION',
    ],
    [
      'bad flag',
      testBody({ createNewPack: 'yes' }),
      'createNewPack must be true or false (a JSON boolean or the string "true"/"false")',
    ],
    [
      'new pack without name',
      testBody({ newPackName: ' ' }),
      'newPackName is required when createNewPack is true',
    ],
    [
      'long pack name',
      testBody({ newPackName: 'n'.repeat(101) }),
      'newPackName must be at most 100 characters',
    ],
    [
      'long description',
      testBody({ newPackDescription: 'd'.repeat(501) }),
      'newPackDescription must be at most 500 characters',
    ],
    [
      'new pack and an existing id',
      testBody({ integrationPackId: 'ip-1' }),
      'integrationPackId must not be given when createNewPack is true (a new pack is created)',
    ],
    [
      'existing pack missing',
      testBody({ createNewPack: false, newPackName: null }),
      'integrationPackId (or existingPackId) is required when createNewPack is false or absent',
    ],
    [
      'existing pack with a new name',
      testBody({ createNewPack: false, integrationPackId: 'ip-1' }),
      'newPackName and newPackDescription apply only when createNewPack is true',
    ],
    [
      'alias disagreeing',
      testBody({ createNewPack: false, newPackName: null, integrationPackId: 'a', existingPackId: 'b' }),
      'integrationPackId and its alias existingPackId name different packs',
    ],
    [
      'long justification',
      testBody({ deploymentTarget: 'PRODUCTION', isHotfix: true, hotfixJustification: 'j'.repeat(1001) }),
      'hotfixJustification must be at most 1000 characters',
    ],
    ['hotfix to TEST', testBody({ isHotfix: true }), 'isHotfix applies only to deploymentTarget PRODUCTION'],
    [
      'test promotion with TEST',
      testBody({ testPromotionId: 't-1' }),
      'testPromotionId applies only to deploymentTarget PRODUCTION',
    ],
    [
      'hotfix with a test promotion',
      testBody({
        deploymentTarget: 'PRODUCTION',
        isHotfix: 'true',
        hotfixJustification: 'x',
        testPromotionId: 't-1',
      }),
      'isHotfix and testPromotionId exclude each other: a hotfix is deployed without a test promotion',
    ],
    [
      'unknown field',
      testBody({ colour: 'red' }),
      "Unknown field in the Package and Deploy request: 'colour'",
    ],
    [
      'identity in the body',
      testBody({ adminEmail: 'me@example.com' }),
      'adminEmail is not accepted: the approver is the authenticated caller',
    ],
    [
      'targets not a list',
      testBody({ targetEnvironments: 'e1' }),
      'targetEnvironments must be an array of {environmentId}, got a string',
    ],
    [
      'target not an object',
      testBody({ targetEnvironments: ['e1'] }),
      'targetEnvironments[0] must be a JSON object, got a string',
    ],
    [
      'target without id',
      testBody({ targetEnvironments: [{ environmentId: 'e1' }, {}] }),
      'targetEnvironments[1].environmentId is required',
    ],
    [
      'target with extra field',
      testBody({ targetEnvironments: [{ environmentId: 'e1', name: 'x' }] }),
      "Unknown field in targetEnvironments[0]: 'name'",
    ],
    [
      'too many targets',
      testBody({ targetEnvironments: Array.from({ length: 101 }, (_, i) => ({ environmentId: `e${i}` })) }),
      'targetEnvironments must hold at most 100 entries',
    ],
    ['long notes', testBody({ notes: 'n'.repeat(501) }), 'notes must be at most 500 characters'],
    [
      'huge id',
      testBody({ promotionId: 'x'.repeat(1_000_000) }),
      'promotionId must be at most 255 characters',
    ],
  ];

  it.each(cases)('%s', (_name, raw, message) => {
    expect(refusal(raw)).toBe(message);
  });

  it('lists several unknown fields, at most five by name', () => {
    const extra = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`x${i}`, i]));
    expect(refusal(testBody(extra))).toBe(
      "Unknown fields in the Package and Deploy request: 'x0', 'x1', 'x2', 'x3', 'x4' and 2 more",
    );
  });

  it('refuses an own __proto__ key as an unknown field', () => {
    expect(refusal(JSON.parse('{"__proto__": {"promotionId": "p"}, "promotionId": "p-1"}'))).toBe(
      "Unknown field in the Package and Deploy request: '__proto__'",
    );
  });
});

describe('parseDeployRequest — properties', () => {
  const compact = (body: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
  const idValue = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
  const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
  const packChoice = fc.oneof(
    fc.record({
      createNewPack: fc.constantFrom(true, 'true'),
      newPackName: idValue,
      newPackDescription: optional(fc.string({ maxLength: 20 })),
    }),
    fc.record({ createNewPack: fc.constantFrom(false, 'false', undefined), integrationPackId: idValue }),
  );
  const productionChoice = fc.oneof(
    fc.constant({}),
    fc.record({ testPromotionId: idValue }),
    fc.record({ isHotfix: fc.constantFrom(true, 'true'), hotfixJustification: fc.string({ maxLength: 20 }) }),
  );
  const validBody = fc
    .record({
      promotionId: idValue,
      packageVersion: fc.stringMatching(/^\d{1,3}\.\d{1,3}(\.\d{1,3})?$/),
      deploymentTarget: fc.constantFrom('TEST', 'PRODUCTION'),
      prodComponentId: optional(idValue),
      branchId: optional(idValue),
      targetEnvironments: optional(fc.array(fc.record({ environmentId: idValue }), { maxLength: 3 })),
      targetAccountGroupId: optional(idValue),
      notes: optional(fc.string({ maxLength: 20 })),
      pack: packChoice,
      production: productionChoice,
    })
    .map(({ pack, production, ...rest }) =>
      compact({ ...rest, ...pack, ...(rest.deploymentTarget === 'PRODUCTION' ? production : {}) }),
    );
  const junk = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));
  const anyValue = fc.oneof(
    junk,
    idValue,
    fc.constantFrom(
      '',
      '  ',
      'true',
      'false',
      'TEST',
      'PRODUCTION',
      'x'.repeat(21),
      'x'.repeat(101),
      'x'.repeat(501),
    ),
    fc.array(fc.oneof(fc.record({ environmentId: idValue }), fc.record({ environmentId: junk }), junk), {
      maxLength: 2,
    }),
  );
  const fieldNames = [...Object.keys(DeployRequestBodySchema.properties), 'other'];
  // A valid body with up to three fields replaced or removed, so every rule gets reached.
  const nearlyValidBody = fc
    .tuple(
      validBody,
      fc.array(fc.tuple(fc.constantFrom(...fieldNames), optional(anyValue)), { maxLength: 3 }),
    )
    .map(([body, changes]) => compact({ ...body, ...Object.fromEntries(changes) }));

  it('answers any JSON value with a DeployRequest or an INVALID_REQUEST PromoError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearlyValidBody), (raw) => {
        try {
          parseDeployRequest(raw);
        } catch (error) {
          return isPromoError(error) && error.code === 'INVALID_REQUEST' && error.message.length > 0;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('never accepts a body the published schema refuses', () => {
    fc.assert(
      fc.property(nearlyValidBody, (raw) => {
        let accepted = true;
        try {
          parseDeployRequest(raw);
        } catch {
          accepted = false;
        }
        return !accepted || Value.Check(DeployRequestBodySchema, raw);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every well-formed request, which the schema accepts too, and keeps its values', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const request = parseDeployRequest(body);
        expect(Value.Check(DeployRequestBodySchema, body)).toBe(true);
        expect(request.promotionId).toBe(body.promotionId);
        expect(request.packageVersion).toBe(body.packageVersion);
        expect(request.deploymentTarget).toBe(body.deploymentTarget);
        expect(request.createNewPack).toBe(body.createNewPack === true || body.createNewPack === 'true');
        expect(request.integrationPackId).toBe(body.integrationPackId ?? null);
        expect(request.isHotfix).toBe(body.isHotfix === true || body.isHotfix === 'true');
      }),
      { numRuns: 500 },
    );
  });
});
