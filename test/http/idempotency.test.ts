import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromoError } from '../../src/domain/errors.ts';
import { canonicalJson } from '../../src/http/plugins/idempotency.ts';
import { startHarness, type Harness } from './harness.ts';
import { deployBody, registrationBody } from './requests.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const startRun = (key: string, body: object, user: 'admin' | 'admin2' = 'admin') =>
  h.as(user, {
    method: 'POST',
    url: '/api/v1/deployments',
    headers: { 'idempotency-key': key },
    payload: body,
  });

describe('Idempotency-Key on POST', () => {
  it('answers the first result again for the same key and body, without calling the service twice', async () => {
    const first = await startRun('key-same', deployBody('P-1'));
    expect(first.statusCode).toBe(202);
    const callsAfterFirst = h.services.deployments.calls.length;
    const again = await startRun('key-same', deployBody('P-1'));
    expect(again.statusCode).toBe(202);
    expect(again.json()).toStrictEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(h.services.deployments.calls.length).toBe(callsAfterFirst);
    expect(h.services.deployments.calls.at(-1)?.key).toBe('key-same');
  });

  it('treats a body with its keys in another order as the same body', async () => {
    const body = deployBody('P-2');
    const first = await startRun('key-order', body);
    const again = await startRun('key-order', Object.fromEntries(Object.entries(body).reverse()));
    expect(again.statusCode).toBe(202);
    expect(again.json()).toStrictEqual(first.json());
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    await startRun('key-reused', deployBody('P-3'));
    const other = await startRun('key-reused', deployBody('P-3', { packageVersion: '2.0.0' }));
    expect(other.statusCode).toBe(422);
    expect(other.json()).toStrictEqual({
      success: false,
      errorCode: 'IDEMPOTENCY_KEY_REUSED',
      errorMessage: expect.any(String),
    });
  });

  it('answers 422 for the same key on another endpoint', async () => {
    await startRun('key-route', deployBody('P-4'));
    const sync = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/package-and-deploy',
      headers: { 'idempotency-key': 'key-route' },
      payload: deployBody('P-4'),
    });
    expect(sync.statusCode).toBe(422);
  });

  it('keeps keys per caller: another caller’s identical key is a new request', async () => {
    const mine = await startRun('key-caller', deployBody('P-5'), 'admin');
    const theirs = await startRun('key-caller', deployBody('P-5'), 'admin2');
    expect(theirs.statusCode).toBe(202);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().runId).not.toBe(mine.json().runId);
  });

  it('replays a refusal too (the first answer is the answer)', async () => {
    h.services.deployments.nextRefusal = new PromoError('DEPLOYMENT_IN_PROGRESS', 'Another run is active');
    const first = await startRun('key-refused', deployBody('P-6'));
    expect(first.statusCode).toBe(409);
    const again = await startRun('key-refused', deployBody('P-6'));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toStrictEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('does not keep a 500: the key is free again, so a retry after the fault succeeds', async () => {
    h.services.deployments.nextRefusal = new Error('database restarting') as PromoError;
    const failed = await startRun('key-fault', deployBody('P-7'));
    expect(failed.statusCode).toBe(500);
    const retried = await startRun('key-fault', deployBody('P-7'));
    expect(retried.statusCode).toBe(202);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE while the first request with the key is still being answered', async () => {
    let release = () => {};
    h.services.deployments.hold = new Promise<void>((resolve) => (release = resolve));
    const first = startRun('key-in-flight', deployBody('P-8'));
    await expect.poll(() => h.services.deployments.calls.at(-1)?.key).toBe('key-in-flight');
    const meanwhile = await startRun('key-in-flight', deployBody('P-8'));
    expect(meanwhile.statusCode).toBe(409);
    expect(meanwhile.json().errorCode).toBe('IDEMPOTENCY_KEY_IN_USE');
    const differentBody = await startRun('key-in-flight', deployBody('P-8b'));
    expect(differentBody.statusCode).toBe(422);
    h.services.deployments.hold = null;
    release();
    expect((await first).statusCode).toBe(202);
    const afterwards = await startRun('key-in-flight', deployBody('P-8'));
    expect(afterwards.statusCode).toBe(202);
    expect(afterwards.headers['idempotent-replayed']).toBe('true');
  });

  it('frees a key abandoned by a crashed request after the configured time', async () => {
    await h.repositories.idempotencyKeys.claim({
      caller: 'admin@example.com',
      key: 'key-abandoned',
      method: 'POST',
      route: '/api/v1/deployments',
      requestHash: 'crashed',
    });
    await h.db.pool.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '2 hours' WHERE key = 'key-abandoned'`,
    );
    const r = await startRun('key-abandoned', deployBody('P-9'));
    expect(r.statusCode).toBe(202);
  });

  it('works for every POST: a promotion registration replays with its 201', async () => {
    const send = () =>
      h.as('promoter', {
        method: 'POST',
        url: '/api/v1/promotions',
        headers: { 'idempotency-key': 'register-once' },
        payload: registrationBody(h.accountId, 'P-idem'),
      });
    const first = await send();
    expect(first.statusCode).toBe(201);
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.json()).toStrictEqual(first.json());
  });

  it('refuses an over-long key', async () => {
    const r = await startRun('k'.repeat(256), deployBody('P-10'));
    expect(r.statusCode).toBe(400);
  });

  it('hashes bodies canonically', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: null })).toBe('{"a":null,"b":[1,{"c":3,"d":2}]}');
  });
});
