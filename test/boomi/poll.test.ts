// Pollers against scripted answers with a fake clock: they return the terminal state, treat
// 202 as "not yet", back off between polls and give up at the deadline.
import { describe, expect, it } from 'vitest';
import { BoomiPollTimeoutError } from '../../src/boomi/index.ts';
import { json, mockBoomi, ROOT } from './unit-helpers.ts';

const statusPath = `${ROOT}/ReleaseIntegrationPackStatus/release-1`;
const policy = { intervalMs: 1_000, maxIntervalMs: 4_000, backoffFactor: 2, timeoutMs: 60_000 };

describe('release poller', () => {
  it('keeps polling while Boomi answers 202 and returns SUCCESS from the 200', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: statusPath, method: 'GET' }).reply(202, '');
    boomi.pool
      .intercept({ path: statusPath, method: 'GET' })
      .reply(202, { requestId: 'release-1', releaseStatus: 'IN_PROGRESS', responseStatusCode: 202 }, json);
    boomi.pool
      .intercept({ path: statusPath, method: 'GET' })
      .reply(202, { requestId: 'release-1', releaseStatus: 'IN_PROGRESS', responseStatusCode: 202 }, json);
    boomi.pool
      .intercept({ path: statusPath, method: 'GET' })
      .reply(200, { requestId: 'release-1', releaseStatus: 'SUCCESS', responseStatusCode: '200' }, json);
    const status = await boomi.client.releases.waitForRelease('release-1', policy);
    expect(status.state).toBe('SUCCESS');
    expect(status.httpStatus).toBe(200);
    expect(status.body.responseStatusCode).toBe(200);
    expect(boomi.time.sleeps).toStrictEqual([1_000, 2_000, 4_000]);
  });

  it('returns ERROR as a terminal state for the caller to act on', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: statusPath, method: 'GET' })
      .reply(200, { releaseStatus: 'ERROR', responseStatusCode: 500 }, json);
    await expect(boomi.client.releases.waitForRelease('release-1', policy)).resolves.toMatchObject({
      state: 'ERROR',
    });
  });

  it('stops at a scheduled release instead of waiting for its date', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: statusPath, method: 'GET' })
      .reply(202, { releaseStatus: 'SCHEDULED', responseStatusCode: 202 }, json);
    await expect(boomi.client.releases.waitForRelease('release-1', policy)).resolves.toMatchObject({
      state: 'SCHEDULED',
      httpStatus: 202,
    });
  });

  it('throws BoomiPollTimeoutError with the last state once the deadline passes', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: statusPath, method: 'GET' })
      .reply(202, { releaseStatus: 'IN_PROGRESS', responseStatusCode: 202 }, json)
      .persist();
    const error = await boomi.client.releases
      .waitForRelease('release-1', { ...policy, timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoomiPollTimeoutError);
    expect(error).toMatchObject({ what: 'Release', id: 'release-1', lastState: 'IN_PROGRESS', polls: 5 });
    // 1 + 2 + 4 + 3 (cut to the deadline): the last poll happens exactly at the deadline.
    expect(boomi.time.sleeps).toStrictEqual([1_000, 2_000, 4_000, 3_000]);
  });
});

describe('merge request poller', () => {
  const path = `${ROOT}/MergeRequest/m1`;

  it('waits through DRAFTING and DRAFTED until REVIEWING', async () => {
    const boomi = mockBoomi();
    for (const stage of ['DRAFTING', 'DRAFTED', 'REVIEWING']) {
      boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'm1', stage }, json);
    }
    const request = await boomi.client.mergeRequests.waitForStage('m1', ['REVIEWING'], policy);
    expect(request.stage).toBe('REVIEWING');
    expect(boomi.calls()).toHaveLength(3);
  });

  it('returns at once on a dead end such as FAILED_TO_MERGE when waiting for MERGED', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'm1', stage: 'MERGING' }, json);
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'm1', stage: 'FAILED_TO_MERGE' }, json);
    const request = await boomi.client.mergeRequests.waitForStage('m1', ['MERGED'], policy);
    expect(request.stage).toBe('FAILED_TO_MERGE');
  });

  it('times out while the merge stays MERGING', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'm1', stage: 'MERGING' }, json).persist();
    const error = await boomi.client.mergeRequests
      .waitForStage('m1', ['MERGED'], { ...policy, timeoutMs: 2_500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoomiPollTimeoutError);
    expect(error).toMatchObject({ lastState: 'MERGING', timeoutMs: 2_500, elapsedMs: 2_500 });
  });
});

describe('branch poller', () => {
  it('waits while the branch is CREATING and returns it ready', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/Branch/b1`;
    boomi.pool
      .intercept({ path, method: 'GET' })
      .reply(200, { id: 'b1', ready: 'false', stage: 'CREATING' }, json);
    boomi.pool
      .intercept({ path, method: 'GET' })
      .reply(200, { id: 'b1', ready: 'true', stage: 'NORMAL' }, json);
    await expect(boomi.client.branches.waitUntilReady('b1', policy)).resolves.toMatchObject({
      ready: true,
      stage: 'NORMAL',
    });
  });
});
