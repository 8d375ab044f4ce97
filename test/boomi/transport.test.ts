// The transport over a MockAgent: what goes on the wire (URL, auth, content types) and how
// every kind of Boomi answer becomes a value or a BoomiRequestError.
import { describe, expect, it } from 'vitest';
import { BoomiRequestError } from '../../src/boomi/index.ts';
import { ACCOUNT, json, mockBoomi, ROOT, TOKEN, USER } from './unit-helpers.ts';

const basic = (user: string) => `Basic ${Buffer.from(`${user}:${TOKEN}`).toString('base64')}`;

async function failure(promise: Promise<unknown>): Promise<BoomiRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BoomiRequestError);
  return error as BoomiRequestError;
}

describe('requests on the wire', () => {
  it('sends Basic BOOMI_TOKEN.<user> auth and asks for JSON under /api/rest/v1/{accountId}', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/env-1`, method: 'GET' })
      .reply(200, { id: 'env-1' }, json);
    await boomi.client.environments.get('env-1');
    const [call] = boomi.calls();
    expect(call?.path).toBe(`${ROOT}/Environment/env-1`);
    expect(call?.headers['authorization']).toBe(basic(`BOOMI_TOKEN.${USER}`));
    expect(call?.headers['accept']).toBe('application/json');
  });

  it('does not double the BOOMI_TOKEN. prefix when the username already has it', async () => {
    const boomi = mockBoomi({ username: `BOOMI_TOKEN.${USER}` });
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/env-1`, method: 'GET' })
      .reply(200, { id: 'env-1' }, json);
    await boomi.client.environments.get('env-1');
    expect(boomi.calls()[0]?.headers['authorization']).toBe(basic(`BOOMI_TOKEN.${USER}`));
  });

  it('posts JSON bodies with a JSON content type', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/PackagedComponent`, method: 'POST' })
      .reply(200, { packageId: 'p-1', packageVersion: '1.0', componentId: 'c-1' }, json);
    await boomi.client.packagedComponents.create({
      componentId: 'c-1',
      packageVersion: '1.0',
      shareable: true,
    });
    const [call] = boomi.calls();
    expect(call?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(call?.body ?? '')).toStrictEqual({
      componentId: 'c-1',
      packageVersion: '1.0',
      shareable: true,
    });
  });

  it('uses a partner base URL and sends overrideAccount on every call', async () => {
    const boomi = mockBoomi({
      baseUrl: 'https://api.boomi.com/partner/api/rest/v1',
      overrideAccount: 'sub-9',
    });
    boomi.pool
      .intercept({
        path: `/partner/api/rest/v1/${ACCOUNT}/Environment/env-1?overrideAccount=sub-9`,
        method: 'GET',
      })
      .reply(200, { id: 'env-1' }, json);
    await expect(boomi.client.environments.get('env-1')).resolves.toMatchObject({ id: 'env-1' });
    expect(boomi.calls()[0]?.path).toBe(
      `/partner/api/rest/v1/${ACCOUNT}/Environment/env-1?overrideAccount=sub-9`,
    );
  });

  it('escapes IDs in paths', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/Branch/a%2Fb%3F`, method: 'GET' }).reply(200, { id: 'a/b?' }, json);
    await expect(boomi.client.branches.get('a/b?')).resolves.toMatchObject({ id: 'a/b?' });
  });
});

describe('error mapping', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['{"@type":"Error","message"}', { '@type': 'Error', message: 'No such branch' }, 'No such branch'],
    ['{"error":{"message"}}', { error: { message: 'Bad filter' } }, 'Bad filter'],
    ['{"errorMessage"}', { statusCode: 400, errorMessage: 'No such process' }, 'No such process'],
    ['XML <error><message>', '<error><message>Invalid id</message></error>', 'Invalid id'],
    ['plain text', 'Something broke', 'Something broke'],
    ['an empty body', '', undefined],
  ];
  it.each(cases)('takes the message from %s', async (_label, body, expected) => {
    const boomi = mockBoomi();
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    boomi.pool.intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' }).reply(400, payload);
    const error = await failure(boomi.client.branches.get('b1'));
    expect(error.status).toBe(400);
    expect(error.bodyMessage).toBe(expected);
    expect(error.operation).toBe('GET /Branch/b1');
    expect(error.retryable).toBe(false);
  });

  it('trusts the HTTP status over the body: a 403 saying statusCode 200 is still a 403', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .reply(403, { statusCode: 200, message: 'Access denied due to insufficient permissions.' }, json);
    const error = await failure(boomi.client.branches.get('b1'));
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'Boomi GET /Branch/b1 failed with HTTP 403: Access denied due to insufficient permissions.',
    );
  });

  it('treats a 200 carrying an error-looking body as success', async () => {
    const boomi = mockBoomi();
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/env-1`, method: 'GET' })
      .reply(200, { id: 'env-1', statusCode: 500, errorMessage: 'ignored' }, json);
    await expect(boomi.client.environments.get('env-1')).resolves.toMatchObject({ id: 'env-1' });
  });

  it('truncates a huge text body in the message', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' }).reply(400, 'x'.repeat(5000));
    const error = await failure(boomi.client.branches.get('b1'));
    expect(error.bodyMessage?.length).toBe(501);
  });

  it('maps a network error to status 0 with its code, marked retryable', async () => {
    const boomi = mockBoomi({ retry: { enabled: false } });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = await failure(boomi.client.branches.get('b1'));
    expect(error).toMatchObject({ status: 0, networkCode: 'ECONNRESET', retryable: true });
    expect(error.message).toBe('Boomi GET /Branch/b1 failed with network error ECONNRESET');
  });

  it('gives up on a slow answer after timeoutMs with code TIMEOUT', async () => {
    const boomi = mockBoomi({ retry: { enabled: false }, timeoutMs: 50 });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .reply(200, { id: 'b1' }, json)
      .delay(2_000);
    const error = await failure(boomi.client.branches.get('b1'));
    expect(error).toMatchObject({ status: 0, networkCode: 'TIMEOUT', retryable: true });
  });

  it('names a network error without a code UNKNOWN', async () => {
    const boomi = mockBoomi({ retry: { enabled: false } });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .replyWithError(new Error('odd failure'));
    const error = await failure(boomi.client.branches.get('b1'));
    expect(error).toMatchObject({ status: 0, networkCode: 'UNKNOWN' });
  });

  it.each([429, 502, 503, 504])('marks HTTP %i retryable', async (status) => {
    const boomi = mockBoomi({ retry: { enabled: false } });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .reply(status, { message: 'busy' }, json);
    const error = await failure(boomi.client.branches.get('b1'));
    expect(error).toMatchObject({ status, retryable: true, attempts: 1 });
  });
});

describe('call events', () => {
  it('a listener that throws never breaks the call', async () => {
    const boomi = mockBoomi({
      onCall: () => {
        throw new Error('metrics down');
      },
    });
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/env-1`, method: 'GET' })
      .reply(200, { id: 'env-1' }, json);
    await expect(boomi.client.environments.get('env-1')).resolves.toMatchObject({ id: 'env-1' });
  });

  it('reports object, path, status and latency from the injected clock', async () => {
    let now = 1_000;
    const boomi = mockBoomi({ now: () => (now += 7) });
    boomi.pool
      .intercept({ path: `${ROOT}/Environment/env-1`, method: 'GET' })
      .reply(200, { id: 'env-1' }, json);
    await boomi.client.environments.get('env-1');
    expect(boomi.events).toStrictEqual([
      {
        method: 'GET',
        object: 'Environment',
        path: '/Environment/env-1',
        status: 200,
        attempt: 1,
        retried: false,
        limiterWaitMs: 0,
        latencyMs: 7,
      },
    ]);
  });
});
