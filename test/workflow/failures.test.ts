/**
 * The small rules around failures: which code a failed step carries (also after DBOS stored and
 * revived the error), which Boomi answers leave a write's outcome unknown, which calls count as
 * writes, and when an armed failpoint matches.
 */
import { describe, expect, it } from 'vitest';
import { BoomiRequestError } from '../../src/boomi/index.ts';
import { PromoError } from '../../src/domain/errors.ts';
import { describeBoomiCall as describeCall, isBoomiWrite } from '../../src/domain/boomi-calls.ts';
import { failpointMatches } from '../../src/workflow/failpoints.ts';
import { boomiFailure, failureOf, isOutcomeUnknown } from '../../src/workflow/failures.ts';

const boomiError = (status: number, operation: string, bodyMessage?: string) =>
  new BoomiRequestError({
    status,
    operation,
    url: `https://api.boomi.com/api/rest/v1/acme${operation.split(' ')[1]}`,
    bodyMessage,
  });

describe('failureOf', () => {
  it('keeps the code of a PromoError, and of the plain Error DBOS revives it as', () => {
    const original = new PromoError('MERGE_FAILED', 'Merge request MR-1 ended FAILED_TO_MERGE');
    const revived = Object.assign(new Error(original.message), {
      name: 'PromoError',
      code: 'MERGE_FAILED',
      status: 502,
    });
    expect(failureOf(original, 'PROMOTION_FAILED')).toEqual({
      code: 'MERGE_FAILED',
      message: original.message,
    });
    expect(failureOf(revived, 'PROMOTION_FAILED')).toEqual({
      code: 'MERGE_FAILED',
      message: original.message,
    });
  });

  it('falls back for an error without a known code', () => {
    expect(failureOf(new Error('socket hang up'), 'DEPLOYMENT_FAILED')).toEqual({
      code: 'DEPLOYMENT_FAILED',
      message: 'socket hang up',
    });
    expect(failureOf(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'PROMOTION_FAILED').code).toBe(
      'PROMOTION_FAILED',
    );
  });

  it('reads the last attempt of a step that used up its retries', () => {
    const exhausted = Object.assign(new Error('Step 8-deploy:e1 has exceeded its maximum of 3 retries'), {
      errors: [new Error('first'), new PromoError('DEPLOYMENT_FAILED', 'last: HTTP 502')],
    });
    expect(failureOf(exhausted, 'PROMOTION_FAILED')).toEqual({
      code: 'DEPLOYMENT_FAILED',
      message: 'last: HTTP 502',
    });
  });
});

describe('boomiFailure', () => {
  it('prefixes Boomi’s message with what was tried and gives the code', () => {
    const failure = boomiFailure(
      'PROMOTION_FAILED',
      'PackagedComponent of c1',
      boomiError(400, 'POST /PackagedComponent', 'Version exists'),
    );
    expect(failure).toMatchObject({ code: 'PROMOTION_FAILED', status: 502 });
    expect(failure.message).toBe(
      'PackagedComponent of c1: Boomi POST /PackagedComponent failed with HTTP 400: Version exists',
    );
    expect(isOutcomeUnknown(failure)).toBe(false);
  });

  it('marks a create answered 502/504/no answer as unknown outcome (the step may check and retry)', () => {
    for (const status of [0, 502, 504]) {
      expect(
        isOutcomeUnknown(
          boomiFailure('DEPLOYMENT_FAILED', 'deploy', boomiError(status, 'POST /DeployedPackage')),
        ),
      ).toBe(true);
    }
  });

  it('never for reads, queries, refusals or 503 (the client already retried those)', () => {
    expect(
      isOutcomeUnknown(
        boomiFailure('PROMOTION_FAILED', 'q', boomiError(502, 'POST /PackagedComponent/query')),
      ),
    ).toBe(false);
    expect(
      isOutcomeUnknown(
        boomiFailure('PROMOTION_FAILED', 'g', boomiError(504, 'GET /PublisherIntegrationPack/p1')),
      ),
    ).toBe(false);
    expect(
      isOutcomeUnknown(boomiFailure('PROMOTION_FAILED', 'c', boomiError(503, 'POST /PackagedComponent'))),
    ).toBe(false);
    expect(
      isOutcomeUnknown(boomiFailure('PROMOTION_FAILED', 'c', boomiError(400, 'POST /PackagedComponent'))),
    ).toBe(false);
  });

  it('passes a PromoError through unchanged', () => {
    const error = new PromoError('MERGE_TIMEOUT', 'too slow');
    expect(boomiFailure('MERGE_FAILED', 'merge', error)).toBe(error);
  });
});

describe('Boomi calls in the run history', () => {
  it('names a call by method and object, never by id', () => {
    expect(describeCall({ method: 'POST', path: '/MergeRequest/execute/TVI6NTA' })).toBe(
      'POST /MergeRequest/execute',
    );
    expect(describeCall({ method: 'GET', path: '/Branch/QjoyMDI1OTk' })).toBe('GET /Branch');
    expect(describeCall({ method: 'POST', path: '/DeployedPackage/query' })).toBe(
      'POST /DeployedPackage/query',
    );
  });

  it('counts creates, updates and deletes as writes; reads and queries not', () => {
    expect(isBoomiWrite({ method: 'POST', path: '/PackagedComponent' })).toBe(true);
    expect(isBoomiWrite({ method: 'POST', path: '/PublisherIntegrationPack/p1' })).toBe(true);
    expect(isBoomiWrite({ method: 'DELETE', path: '/Branch/QjoyMDI1OTk' })).toBe(true);
    expect(isBoomiWrite({ method: 'POST', path: '/PackagedComponent/query' })).toBe(false);
    expect(isBoomiWrite({ method: 'POST', path: '/PackagedComponent/queryMore' })).toBe(false);
    expect(isBoomiWrite({ method: 'GET', path: '/ReleaseIntegrationPackStatus/release-1' })).toBe(false);
  });
});

describe('failpointMatches', () => {
  it('matches the point itself and every point under it, nothing else', () => {
    expect(failpointMatches('after-step:3-packaged-component', 'after-step:3-packaged-component')).toBe(true);
    expect(failpointMatches('after-boomi-write:8-deploy', 'after-boomi-write:8-deploy:env-1')).toBe(true);
    expect(failpointMatches('after-boomi-write:8-deploy', 'after-boomi-write:8.3-cache-refresh:env-1')).toBe(
      false,
    );
    expect(failpointMatches('after-step:5-create-pack', 'after-step:5-add-to-pack')).toBe(false);
    expect(failpointMatches('after-step:8-deploy:env-1', 'after-step:8-deploy')).toBe(false);
  });
});
