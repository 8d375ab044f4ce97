import { describe, expect, it } from 'vitest';
import { loadConfig, parseGroupRoles } from '../src/config.ts';

describe('loadConfig', () => {
  it('runs in sandbox mode with no Boomi credentials', () => {
    const config = loadConfig({});
    expect(config.sandboxMode).toBe(true);
    expect(config.boomi).toBeUndefined();
    expect(config.port).toBe(8080);
    expect(config.sandboxPort).toBe(9090);
    expect(config.dataDir.endsWith('.promo')).toBe(true);
  });

  it('talks to Boomi when all three credentials are set', () => {
    const config = loadConfig({
      BOOMI_ACCOUNT_ID: 'acme-1',
      BOOMI_USERNAME: 'ci@acme.com',
      BOOMI_API_TOKEN: 't',
    });
    expect(config.sandboxMode).toBe(false);
    expect(config.boomi).toMatchObject({ accountId: 'acme-1', rateLimitPerSecond: 8 });
  });

  it('refuses half-set credentials with the fix in the message', () => {
    expect(() => loadConfig({ BOOMI_ACCOUNT_ID: 'acme-1' })).toThrow(/BOOMI_USERNAME and BOOMI_API_TOKEN/);
  });

  it('refuses a non-numeric port', () => {
    expect(() => loadConfig({ PROMO_PORT: 'eighty' })).toThrow(/PROMO_PORT must be a positive number/);
  });

  it('maps OIDC groups to roles and rejects unknown roles', () => {
    expect(parseGroupRoles('ABC_BOOMI_FLOW_ADMIN=admin, TEAM=reviewer')).toEqual({
      ABC_BOOMI_FLOW_ADMIN: 'admin',
      TEAM: 'reviewer',
    });
    expect(() => parseGroupRoles('X=superuser')).toThrow(/must look like/);
  });
});
