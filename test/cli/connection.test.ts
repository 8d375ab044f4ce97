import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/cli/connection.ts';
import { CliError } from '../../src/cli/errors.ts';

let dataDir: string;
const TOKENS = { 'admin@example.com': 'promo_admin', 'reviewer@example.com': 'promo_reviewer' };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'promo-cli-'));
  await writeFile(path.join(dataDir, 'sandbox-tokens.json'), JSON.stringify(TOKENS));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const sandbox = (token?: string) => ({
  sandboxMode: true,
  dataDir,
  cli: { url: 'http://127.0.0.1:8080', token },
});

async function refusal(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('which server and which identity a CLI command uses', () => {
  it('prefers --token, then PROMO_TOKEN, and --url over PROMO_URL', async () => {
    const byFlag = await connect({ token: 'flag', url: 'http://promo.internal:9000/' }, sandbox('env'));
    expect([byFlag.baseUrl, byFlag.token]).toEqual(['http://promo.internal:9000', 'flag']);
    const byEnv = await connect({}, sandbox('env'));
    expect([byEnv.baseUrl, byEnv.token]).toEqual(['http://127.0.0.1:8080', 'env']);
  });

  it('in sandbox mode falls back to the admin demo token, or the demo user named by --as', async () => {
    expect((await connect({}, sandbox())).token).toBe('promo_admin');
    expect((await connect({ as: 'Reviewer@Example.com' }, sandbox())).token).toBe('promo_reviewer');
    const unknown = await refusal(connect({ as: 'nobody@example.com' }, sandbox()));
    expect(unknown.errorCode).toBe('UNAUTHENTICATED');
    expect(unknown.message).toContain('admin@example.com, reviewer@example.com');
  });

  it('never falls back outside sandbox mode, and --as cannot go with a token', async () => {
    const production = await refusal(connect({}, { ...sandbox(), sandboxMode: false }));
    expect(production.errorCode).toBe('UNAUTHENTICATED');
    expect((await refusal(connect({ as: 'reviewer@example.com' }, sandbox('t')))).errorCode).toBe(
      'INVALID_REQUEST',
    );
  });

  it('explains a missing token file', async () => {
    const error = await refusal(connect({}, { ...sandbox(), dataDir: path.join(dataDir, 'nothing-here') }));
    expect(error.message).toContain('sandbox-tokens.json');
  });

  it('refuses a URL that is not one', async () => {
    expect((await refusal(connect({ url: 'not a url' }, sandbox('t')))).errorCode).toBe('INVALID_REQUEST');
  });
});
