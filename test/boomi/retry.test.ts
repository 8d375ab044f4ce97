// Retry policy over a MockAgent with a fake clock: the exact attempt sequence, which failures
// are retried for reads and for creates, and the bounds on attempts and total time.
import { describe, expect, it } from 'vitest';
import { BoomiRequestError, DEFAULT_RETRY_POLICY } from '../../src/boomi/index.ts';
import { backoffMs } from '../../src/boomi/plugins/retry.ts';
import { json, mockBoomi, ROOT } from './unit-helpers.ts';

const busy = {
  message:
    "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later.",
};
const pkg = { packageId: 'p-1', packageVersion: '1.0', componentId: 'c-1' };

async function rejection(promise: Promise<unknown>): Promise<BoomiRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BoomiRequestError);
  return error as BoomiRequestError;
}

describe('retrying transient failures', () => {
  it('retries 503, 502 and 504 on a read and reports every attempt', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/Branch/b1`;
    boomi.pool.intercept({ path, method: 'GET' }).reply(503, busy, json);
    boomi.pool.intercept({ path, method: 'GET' }).reply(502, 'Bad Gateway');
    boomi.pool.intercept({ path, method: 'GET' }).reply(504, 'Gateway Timeout');
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'b1', ready: true }, json);
    await expect(boomi.client.branches.get('b1')).resolves.toMatchObject({ id: 'b1', ready: true });
    expect(boomi.eventLog()).toStrictEqual([
      'GET /Branch/b1 503 #1',
      'GET /Branch/b1 502 #2',
      'GET /Branch/b1 504 #3',
      'GET /Branch/b1 200 #4',
    ]);
    expect(boomi.events.map((e) => e.retried)).toStrictEqual([false, true, true, true]);
    // Equal jitter with random() = 0.5: 3/4 of 500, 1000, 2000 ms.
    expect(boomi.time.sleeps).toStrictEqual([375, 750, 1500]);
  });

  it('retries a read after a network error', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/Environment/e1`;
    boomi.pool
      .intercept({ path, method: 'GET' })
      .replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'e1' }, json);
    await expect(boomi.client.environments.get('e1')).resolves.toMatchObject({ id: 'e1' });
    expect(boomi.eventLog()).toStrictEqual(['GET /Environment/e1 0 #1', 'GET /Environment/e1 200 #2']);
    expect(boomi.events[0]?.networkCode).toBe('ECONNRESET');
  });

  it('retries a create after 503 (Boomi refused it) and 429', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/PackagedComponent`;
    boomi.pool.intercept({ path, method: 'POST' }).reply(503, busy, json);
    boomi.pool.intercept({ path, method: 'POST' }).reply(429, 'slow down');
    boomi.pool.intercept({ path, method: 'POST' }).reply(200, pkg, json);
    await expect(
      boomi.client.packagedComponents.create({ componentId: 'c-1', packageVersion: '1.0' }),
    ).resolves.toMatchObject(pkg);
    expect(boomi.eventLog()).toStrictEqual([
      'POST /PackagedComponent 503 #1',
      'POST /PackagedComponent 429 #2',
      'POST /PackagedComponent 200 #3',
    ]);
  });

  it.each([502, 504])(
    'does not repeat a create after %i: the package may exist, the caller checks first',
    async (status) => {
      const boomi = mockBoomi();
      boomi.pool.intercept({ path: `${ROOT}/PackagedComponent`, method: 'POST' }).reply(status, 'gateway');
      const error = await rejection(boomi.client.packagedComponents.create({ componentId: 'c-1' }));
      expect(error).toMatchObject({ status, retryable: true, attempts: 1 });
      expect(boomi.calls()).toHaveLength(1);
    },
  );

  it('does not repeat a create after a connection reset, but does after a refused connection', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/DeployedPackage`;
    const input = { environmentId: 'e1', packageId: 'p1' };
    boomi.pool
      .intercept({ path, method: 'POST' })
      .replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await expect(rejection(boomi.client.deployedPackages.create(input))).resolves.toMatchObject({
      networkCode: 'ECONNRESET',
    });
    boomi.pool
      .intercept({ path, method: 'POST' })
      .replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    boomi.pool.intercept({ path, method: 'POST' }).reply(200, { deploymentId: 'd1' }, json);
    await expect(boomi.client.deployedPackages.create(input)).resolves.toMatchObject({ deploymentId: 'd1' });
    expect(boomi.eventLog()).toStrictEqual([
      'POST /DeployedPackage 0 #1',
      'POST /DeployedPackage 0 #1',
      'POST /DeployedPackage 200 #2',
    ]);
  });

  it('retries queries (reads sent as POST) after 502', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/Environment/query`;
    boomi.pool.intercept({ path, method: 'POST' }).reply(502, 'gateway');
    boomi.pool
      .intercept({ path, method: 'POST' })
      .reply(200, { numberOfResults: 1, result: [{ id: 'e1' }] }, json);
    await expect(boomi.client.environments.list()).resolves.toStrictEqual([{ id: 'e1' }]);
    expect(boomi.eventLog()).toStrictEqual([
      'POST /Environment/query 502 #1',
      'POST /Environment/query 200 #2',
    ]);
  });

  it.each([400, 401, 403, 404, 409, 410])('never retries a permanent %i', async (status) => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' }).reply(status, { message: 'no' }, json);
    const error = await rejection(boomi.client.branches.get('b1'));
    expect(error).toMatchObject({ status, retryable: false, attempts: 1 });
    expect(boomi.eventLog()).toStrictEqual([`GET /Branch/b1 ${status} #1`]);
  });

  it('stops after the configured number of attempts and says how many it made', async () => {
    const boomi = mockBoomi({ retry: { attempts: 3 } });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .reply(503, busy, json)
      .times(5);
    const error = await rejection(boomi.client.branches.get('b1'));
    expect(error).toMatchObject({ status: 503, attempts: 3, retryable: true });
    expect(boomi.calls()).toHaveLength(3);
  });

  it('stops when the next wait would pass maxTotalMs', async () => {
    const boomi = mockBoomi({ retry: { attempts: 10, baseDelayMs: 1_000, maxTotalMs: 4_000 } });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .reply(503, busy, json)
      .times(10);
    const error = await rejection(boomi.client.branches.get('b1'));
    // Waits of 750 and 1500 fit in 4 s; the third (3000) would end at 5250 ms.
    expect(boomi.time.sleeps).toStrictEqual([750, 1500]);
    expect(error.attempts).toBe(3);
  });

  it('honours a Retry-After header', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/Branch/b1`;
    boomi.pool.intercept({ path, method: 'GET' }).reply(429, 'slow', { headers: { 'retry-after': '2' } });
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'b1' }, json);
    await boomi.client.branches.get('b1');
    expect(boomi.time.sleeps).toStrictEqual([2_000]);
  });

  it('honours a Retry-After date', async () => {
    const boomi = mockBoomi();
    const path = `${ROOT}/Branch/b1`;
    const inThreeSeconds = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_000).toUTCString();
    boomi.pool
      .intercept({ path, method: 'GET' })
      .reply(503, 'busy', { headers: { 'retry-after': inThreeSeconds } });
    boomi.pool.intercept({ path, method: 'GET' }).reply(200, { id: 'b1' }, json);
    await boomi.client.branches.get('b1');
    expect(boomi.time.sleeps).toHaveLength(1);
    expect(boomi.time.sleeps[0]).toBeGreaterThan(1_000);
    expect(boomi.time.sleeps[0]).toBeLessThanOrEqual(4_000);
  });

  it('can be switched off', async () => {
    const boomi = mockBoomi({ retry: { enabled: false } });
    boomi.pool.intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' }).reply(503, busy, json);
    await expect(rejection(boomi.client.branches.get('b1'))).resolves.toMatchObject({
      status: 503,
      attempts: 1,
    });
  });
});

describe('backoff', () => {
  it('doubles from the base delay, caps at maxDelayMs, and keeps at least half of each step', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n, DEFAULT_RETRY_POLICY, () => 0.999999));
    expect(ceilings).toStrictEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    const floors = [1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, DEFAULT_RETRY_POLICY, () => 0));
    expect(floors).toStrictEqual([250, 500, 1000, 2000, 4000, 4000]);
  });
});
