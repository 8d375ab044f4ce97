// Credentials never leave the auth plugin: not in error text, not in serialised errors, not in
// call events — even when a server echoes them back.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BoomiRequestError } from '../../src/boomi/index.ts';
import { json, mockBoomi, ROOT, TOKEN, USER } from './unit-helpers.ts';

const encoded = Buffer.from(`BOOMI_TOKEN.${USER}:${TOKEN}`).toString('base64');

async function caught(promise: Promise<unknown>): Promise<BoomiRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BoomiRequestError);
  return error as BoomiRequestError;
}

function expectNoSecret(text: string) {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(encoded);
}

describe('no secrets in errors', () => {
  it.each([
    ['a 401', 401, { message: 'Invalid credentials' }],
    ['a 403', 403, { message: 'Access denied due to insufficient permissions.' }],
    ['a 400 echoing the token', 400, { message: `token ${TOKEN} is not valid` }],
    [
      'a 400 echoing the Authorization header',
      400,
      { error: { message: `Authorization: Basic ${encoded}` } },
    ],
    ['a 500 with the token in another field', 500, { message: 'oops', debug: { password: TOKEN } }],
  ])('%s', async (_label, status, body) => {
    const boomi = mockBoomi({ retry: { enabled: false } });
    boomi.pool.intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' }).reply(status, body, json);
    const error = await caught(boomi.client.branches.get('b1'));
    expect(error.status).toBe(status);
    expectNoSecret(String(error));
    expectNoSecret(JSON.stringify(error));
    expectNoSecret(inspect(error, { depth: 10 }));
    expectNoSecret(error.stack ?? '');
  });

  it('keeps a redacted message readable', async () => {
    const boomi = mockBoomi({ retry: { enabled: false } });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .reply(400, { message: `token ${TOKEN} is not valid` }, json);
    const error = await caught(boomi.client.branches.get('b1'));
    expect(error.bodyMessage).toBe('token [REDACTED] is not valid');
  });

  it('for network errors', async () => {
    const boomi = mockBoomi({ retry: { enabled: false } });
    boomi.pool
      .intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = await caught(boomi.client.branches.get('b1'));
    expectNoSecret(String(error));
    expectNoSecret(JSON.stringify(error));
    expectNoSecret(inspect(error, { depth: 10 }));
  });

  it('and none in call events', async () => {
    const boomi = mockBoomi();
    boomi.pool.intercept({ path: `${ROOT}/Branch/b1`, method: 'GET' }).reply(200, { id: 'b1' }, json);
    await boomi.client.branches.get('b1');
    expect(boomi.events).toHaveLength(1);
    expectNoSecret(JSON.stringify(boomi.events));
  });
});
