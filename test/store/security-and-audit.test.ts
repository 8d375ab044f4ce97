import { describe, expect, it } from 'vitest';
import { isPromoError } from '../../src/domain/errors.ts';
import { hashApiToken } from '../../src/store/repositories/index.ts';
import { useTestRepositories } from '../helpers/test-store.ts';

const store = useTestRepositories();

describe('api tokens', () => {
  it('stores only the SHA-256 of a token and finds it by the raw token', async () => {
    const token = 'promo_secret-value-123';
    const created = await store.repos.apiTokens.create({
      token,
      name: 'ci',
      email: 'ci@example.com',
      roles: ['admin', 'viewer'],
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    expect(created).toMatchObject({
      name: 'ci',
      email: 'ci@example.com',
      roles: ['admin', 'viewer'],
      expiresAt: '2030-01-01T00:00:00.000Z',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(await store.repos.apiTokens.findByToken(token)).toEqual(created);
    expect(await store.repos.apiTokens.findByToken('promo_other')).toBeNull();
    const stored = await store.db.pool.query('SELECT * FROM api_tokens');
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    expect(stored.rows[0].token_hash).toBe(hashApiToken(token));
  });

  it('touches, revokes once and lists', async () => {
    const t = await store.repos.apiTokens.create({
      token: 't-2',
      name: 'n',
      email: 'Bob@example.com',
      roles: ['viewer'],
    });
    await store.repos.apiTokens.touch(t.id);
    expect((await store.repos.apiTokens.get(t.id))!.lastUsedAt).not.toBeNull();
    const revoked = await store.repos.apiTokens.revoke(t.id);
    expect(revoked!.revokedAt).not.toBeNull();
    expect((await store.repos.apiTokens.revoke(t.id))!.revokedAt).toBe(revoked!.revokedAt);
    expect(await store.repos.apiTokens.revoke('missing')).toBeNull();
    expect((await store.repos.apiTokens.list({ email: 'bob@EXAMPLE.com' })).map((x) => x.id)).toEqual([t.id]);
  });

  it('refuses unknown roles', async () => {
    await expect(
      store.repos.apiTokens.create({ token: 't-3', name: 'n', email: 'e', roles: ['root' as never] }),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('audit log', () => {
  it('appends, round-trips every field and pages newest first', async () => {
    const first = await store.repos.auditLog.append({
      actor: 'alice@example.com',
      action: 'deny',
      targetType: 'promotion',
      targetId: 'p-1',
      outcome: 'SUCCESS',
      detail: { reason: 'no' },
    });
    expect(first).toMatchObject({ actor: 'alice@example.com', targetId: 'p-1', detail: { reason: 'no' } });
    expect(typeof first.id).toBe('number');
    for (let i = 0; i < 4; i++) {
      await store.repos.auditLog.append({ actor: 'system', action: 'tick', outcome: 'SUCCESS' });
    }
    const page1 = await store.repos.auditLog.list({}, { limit: 3 });
    expect(page1.items).toHaveLength(3);
    const page2 = await store.repos.auditLog.list({}, { limit: 3, cursor: page1.nextCursor! });
    expect(page2.items.map((e) => e.id)).toEqual([first.id + 1, first.id]);
    expect(page2.nextCursor).toBeNull();
    const filtered = await store.repos.auditLog.list({
      actor: 'ALICE@example.com',
      targetType: 'promotion',
      targetId: 'p-1',
    });
    expect(filtered.items).toEqual([first]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await store.repos.auditLog.append({ actor: 'a', action: 'x', outcome: 'SUCCESS' });
    await expect(store.db.pool.query("UPDATE audit_log SET outcome = 'FORGED'")).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(store.db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const count = await store.db.pool.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'FORGED'",
    );
    expect(count.rows[0]).toEqual({ n: 0 });
  });

  it('refuses a forged cursor', async () => {
    const code = await store.repos.auditLog.list({}, { cursor: 'abc' }).then(
      () => 'OK',
      (e: unknown) => (isPromoError(e) ? e.code : 'OTHER'),
    );
    expect(code).toBe('INVALID_REQUEST');
  });
});

describe('idempotency keys', () => {
  const claim = {
    caller: 'alice@example.com',
    key: 'k-1',
    method: 'POST',
    route: '/api/v1/deployments',
    requestHash: 'h1',
  };

  it('lets exactly one of concurrent claims win, then replays the stored response', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.repos.idempotencyKeys.claim(claim)),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.find((r) => !r.claimed)!.record).toMatchObject({
      responseStatus: null,
      requestHash: 'h1',
    });
    const done = await store.repos.idempotencyKeys.complete(claim.caller, claim.key, 202, { runId: 'r-1' });
    expect(done).toMatchObject({ ...claim, responseStatus: 202, responseBody: { runId: 'r-1' } });
    expect(done!.completedAt).not.toBeNull();
    const later = await store.repos.idempotencyKeys.claim({ ...claim, requestHash: 'h2' });
    expect(later).toEqual({ claimed: false, record: done });
  });

  it('scopes keys per caller and frees released keys', async () => {
    const other = await store.repos.idempotencyKeys.claim({ ...claim, caller: 'bob@example.com' });
    expect(other.claimed).toBe(true);
    await store.repos.idempotencyKeys.release('bob@example.com', claim.key);
    expect((await store.repos.idempotencyKeys.claim({ ...claim, caller: 'bob@example.com' })).claimed).toBe(
      true,
    );
    expect(await store.repos.idempotencyKeys.get('carol@example.com', claim.key)).toBeNull();
    expect(
      await store.repos.idempotencyKeys.deleteOlderThan(new Date(Date.now() + 60_000)),
    ).toBeGreaterThanOrEqual(2);
  });
});
