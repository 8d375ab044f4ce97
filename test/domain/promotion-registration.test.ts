import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/domain/caller.ts';
import { isPromoError } from '../../src/domain/errors.ts';
import {
  PromotionRegistrationBodySchema,
  parsePromotionRegistration,
  planPromotionRegistration,
  type RegistrationInput,
} from '../../src/domain/promotion-registration.ts';
import { ACCOUNT, promotionLog, thrown } from './fixtures.ts';

const NOW = '2026-04-01T08:00:00.000Z';
const PROMOTER: Caller = { email: 'dev@example.com', roles: ['promoter'] };

const body = (overrides: Record<string, unknown> = {}) => ({
  promotionId: 'p-1',
  devAccountId: 'dev-a',
  prodAccountId: ACCOUNT,
  devPackageId: 'devpkg-1',
  status: 'IN_PROGRESS',
  ...overrides,
});

function plan(
  raw: Record<string, unknown>,
  overrides: Partial<Omit<RegistrationInput, 'registration'>> = {},
) {
  return planPromotionRegistration({
    registration: parsePromotionRegistration(raw),
    existing: null,
    caller: PROMOTER,
    accountId: ACCOUNT,
    now: NOW,
    ...overrides,
  });
}

describe('parsePromotionRegistration', () => {
  it('keeps only the optional fields the body carried; null and blanks clear', () => {
    const registration = parsePromotionRegistration(
      body({
        branchId: ' b-1 ',
        errorMessage: null,
        processName: '  ',
        componentsTotal: 4,
        isHotfix: 'false',
      }),
    );
    expect(registration).toStrictEqual({
      promotionId: 'p-1',
      devAccountId: 'dev-a',
      prodAccountId: ACCOUNT,
      devPackageId: 'devpkg-1',
      status: 'IN_PROGRESS',
      initiatedAt: null,
      fields: {
        branchId: 'b-1',
        errorMessage: null,
        processName: null,
        componentsTotal: 4,
        isHotfix: 'false',
      },
    });
  });

  it('normalises initiatedAt to UTC', () => {
    expect(parsePromotionRegistration(body({ initiatedAt: '2026-01-01T10:00:00+02:00' })).initiatedAt).toBe(
      '2026-01-01T08:00:00.000Z',
    );
  });

  it.each([
    [
      body({ initiatedBy: 'someone@example.com' }),
      'initiatedBy is not accepted: the initiator is the authenticated caller',
    ],
    [body({ status: 'DEPLOYED' }), 'status must be one of IN_PROGRESS, COMPLETED, FAILED'],
    [body({ devPackageId: undefined }), 'devPackageId is required'],
    [body({ componentsFailed: -1 }), 'componentsFailed must be a whole number ≥ 0'],
    [body({ componentsTotal: 1.5 }), 'componentsTotal must be a whole number ≥ 0'],
    [body({ resultDetail: 'r'.repeat(5001) }), 'resultDetail must be at most 5000 characters'],
    [body({ packageVersion: 'v'.repeat(21) }), 'packageVersion must be at most 20 characters'],
    [body({ initiatedAt: 'yesterday' }), 'initiatedAt must be an ISO-8601 date-time with a time zone'],
    [
      body({ initiatedAt: '2026-01-01T10:00:00' }),
      'initiatedAt must be an ISO-8601 date-time with a time zone',
    ],
    [body({ targetEnvironment: 'PROD' }), 'targetEnvironment must be one of TEST, PRODUCTION'],
  ])('refuses invalid registration %#', (raw, message) => {
    const error = thrown(() => parsePromotionRegistration(raw));
    expect([error.code, error.message]).toStrictEqual(['INVALID_REQUEST', message]);
  });

  it('answers any JSON value with a registration or INVALID_REQUEST, and never accepts what the schema refuses', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom('x', '', 'COMPLETED', 3, null, true),
    );
    const fields = Object.keys(PromotionRegistrationBodySchema.properties);
    const nearly = fc
      .tuple(fc.array(fc.tuple(fc.constantFrom(...fields, 'other'), value), { maxLength: 3 }))
      .map(([changes]) => ({ ...body(), ...Object.fromEntries(changes) }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearly), (raw) => {
        try {
          parsePromotionRegistration(raw);
        } catch (error) {
          return isPromoError(error) && error.code === 'INVALID_REQUEST';
        }
        return Value.Check(PromotionRegistrationBodySchema, raw);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('planPromotionRegistration — creation', () => {
  it('creates the record with the caller as initiator and defaults for the rest', () => {
    const result = plan(body({ componentsTotal: 3 }));
    expect(result.kind).toBe('create');
    if (result.kind !== 'create') return;
    expect(result.promotion).toMatchObject({
      promotionId: 'p-1',
      initiatedBy: 'dev@example.com',
      initiatedAt: NOW,
      status: 'IN_PROGRESS',
      targetEnvironment: 'TEST',
      componentsTotal: 3,
      componentsFailed: 0,
      peerReviewStatus: null,
      branchId: null,
    });
  });

  it('a COMPLETED production promotion enters the peer review queue', () => {
    const result = plan(
      body({
        status: 'COMPLETED',
        prodComponentId: 'comp-1',
        branchId: 'b-1',
        targetEnvironment: 'PRODUCTION',
        isHotfix: true,
        hotfixJustification: 'Critical',
      }),
    );
    expect(result.kind === 'create' && result.promotion.peerReviewStatus).toBe('PENDING_PEER_REVIEW');
    expect(result.kind === 'create' && result.promotion.isHotfix).toBe('true');
  });

  it('a COMPLETED test promotion enters it too (spec §10: every COMPLETED record)', () => {
    const result = plan(body({ status: 'COMPLETED', prodComponentId: 'comp-1', branchId: 'b-1' }));
    expect(result.kind === 'create' && result.promotion.peerReviewStatus).toBe('PENDING_PEER_REVIEW');
  });

  it('an IN_PROGRESS promotion does not, yet', () => {
    const result = plan(body({ status: 'IN_PROGRESS' }));
    expect(result.kind === 'create' && result.promotion.peerReviewStatus).toBeNull();
  });

  it.each([
    [
      body({ status: 'COMPLETED', branchId: 'b-1' }),
      'A COMPLETED promotion needs prodComponentId and branchId',
    ],
    [
      body({ isHotfix: true, hotfixJustification: 'x' }),
      'isHotfix applies only to targetEnvironment PRODUCTION',
    ],
    [
      body({ isHotfix: true, targetEnvironment: 'PRODUCTION' }),
      'hotfixJustification is required when isHotfix is true',
    ],
    [
      body({ prodAccountId: 'elsewhere' }),
      "prodAccountId 'elsewhere' is not the configured account 'acct-primary'",
    ],
  ])('refuses an inconsistent record %#', (raw, message) => {
    const error = thrown(() => plan(raw));
    expect([error.code, error.message]).toStrictEqual(['INVALID_REQUEST', message]);
  });

  it('needs the promoter role and an identified caller', () => {
    expect(thrown(() => plan(body(), { caller: { email: 'a@example.com', roles: ['admin'] } })).code).toBe(
      'FORBIDDEN',
    );
    expect(thrown(() => plan(body(), { caller: { email: '', roles: ['promoter'] } })).code).toBe('FORBIDDEN');
  });
});

describe('planPromotionRegistration — updates', () => {
  const running = promotionLog({
    status: 'IN_PROGRESS',
    branchId: null,
    prodComponentId: null,
    initiatedBy: 'Dev@Example.com',
  });

  it('completes an IN_PROGRESS promotion with only the changed fields', () => {
    const result = plan(
      body({ status: 'COMPLETED', prodComponentId: 'comp-1', branchId: 'b-1', processName: 'Orders' }),
      {
        existing: running,
      },
    );
    expect(result).toStrictEqual({
      kind: 'update',
      patch: {
        status: 'COMPLETED',
        prodComponentId: 'comp-1',
        branchId: 'b-1',
        peerReviewStatus: 'PENDING_PEER_REVIEW',
      },
    });
  });

  it('a resend identical to the record changes nothing, even once COMPLETED', () => {
    const completed = promotionLog({ status: 'COMPLETED' });
    expect(plan(body({ status: 'COMPLETED', branchId: 'branch-1' }), { existing: completed })).toStrictEqual({
      kind: 'unchanged',
    });
  });

  it.each(['COMPLETED', 'FAILED', 'TEST_DEPLOYED', 'DEPLOYED'] as const)(
    'a %s promotion can no longer be changed',
    (status) => {
      const error = thrown(() =>
        plan(body({ status: 'FAILED', errorMessage: 'late' }), { existing: promotionLog({ status }) }),
      );
      expect([error.code, error.status]).toStrictEqual(['PROMOTION_NOT_UPDATABLE', 409]);
      expect(error.message).toBe(
        `Promotion p-1 has status '${status}' — only IN_PROGRESS promotions can be updated`,
      );
    },
  );

  it('only the initiator may update', () => {
    const error = thrown(() =>
      plan(body(), { existing: running, caller: { email: 'other@example.com', roles: ['promoter'] } }),
    );
    expect(error.code).toBe('FORBIDDEN');
  });

  it('identifying fields never change', () => {
    expect(thrown(() => plan(body({ devPackageId: 'devpkg-2' }), { existing: running })).message).toBe(
      'devPackageId cannot change after registration',
    );
  });

  it('the merged record must still follow the rules', () => {
    expect(
      thrown(() => plan(body({ status: 'COMPLETED', branchId: 'b-1' }), { existing: running })).message,
    ).toBe('A COMPLETED promotion needs prodComponentId and branchId');
  });

  it('null clears a field', () => {
    const withBranch = { ...running, branchId: 'b-1' };
    expect(plan(body({ status: 'FAILED', branchId: null }), { existing: withBranch })).toStrictEqual({
      kind: 'update',
      patch: { status: 'FAILED', branchId: null },
    });
  });
});
