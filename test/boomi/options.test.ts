// createBoomiClient() refuses bad options at once, with a fix that can be copied.
import { describe, expect, it } from 'vitest';
import { BoomiClientConfigError, createBoomiClient, type BoomiClientOptions } from '../../src/boomi/index.ts';

const valid: BoomiClientOptions = { accountId: 'acme-A1B2C3', username: 'ci@acme.com', apiToken: 't' };

function configError(options: unknown): BoomiClientConfigError {
  try {
    createBoomiClient(options as BoomiClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(BoomiClientConfigError);
    return error as BoomiClientConfigError;
  }
  throw new Error('createBoomiClient accepted the options');
}

describe('createBoomiClient option checks', () => {
  it.each([
    ['accountId', 'BOOMI_ACCOUNT_ID'],
    ['username', 'BOOMI_USERNAME'],
    ['apiToken', 'BOOMI_API_TOKEN'],
  ])('names a missing %s, its environment variable and a full example', (field, env) => {
    for (const value of [undefined, '', '   ']) {
      const error = configError({ ...valid, [field]: value });
      expect(error.message).toContain(`${field} is missing`);
      expect(error.message).toContain(env);
      expect(error.message).toContain("accountId: 'acme-A1B2C3'");
    }
  });

  it('refuses no options at all', () => {
    expect(configError(undefined).message).toContain('options are missing');
  });

  it.each([
    [{ baseUrl: 'api.boomi.com' }, "baseUrl: 'https://api.boomi.com/api/rest/v1'"],
    [{ rateLimitPerSecond: 0 }, 'rateLimitPerSecond: 8'],
    [{ timeoutMs: -1 }, 'timeoutMs: 30000'],
    [{ retry: { attempts: 0 } }, 'retry: { attempts: 5 }'],
    [{ retry: { maxTotalMs: Number.NaN } }, 'retry: { maxTotalMs: 60000 }'],
    [{ limiter: {} }, 'new PostgresRateLimiter(pool, { perSecond: 8 })'],
  ])('refuses %j and shows %s', (bad, fix) => {
    expect(configError({ ...valid, ...bad }).message).toContain(fix);
  });

  it('never puts the token in its messages', () => {
    const error = configError({ ...valid, apiToken: 'sekrit-token', timeoutMs: 0 });
    expect(error.message).not.toContain('sekrit-token');
  });

  it('builds a client from the three credentials alone', () => {
    expect(createBoomiClient(valid).accountId).toBe('acme-A1B2C3');
  });
});
