/**
 * The `promo` command as a user runs it (a child process): errors are `ERROR_CODE: message` on
 * stderr (or the standard body with --json), exit code 1, never a stack trace; the token and
 * migrate commands work directly on a database.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { systemDatabaseUrlFor } from '../../src/store/database.ts';
import { freeLoopbackPort } from '../../src/store/free-port.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function promo(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(PROMO_|BOOMI_|DATABASE_URL$)/.test(key)),
  ) as Record<string, string>;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/promo.js', ...args],
      { cwd: ROOT, env: { ...base, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('promo errors', () => {
  it('an unreachable server: the error code and a hint, exit 1, no stack', async () => {
    const port = await freeLoopbackPort();
    const result = await promo(['promotions', 'list', '--token', 'promo_x'], {
      PROMO_URL: `http://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^SERVICE_UNAVAILABLE: Cannot reach promo at http:\/\/127\.0\.0\.1:\d+ .*npm start/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('--json prints the standard error body', async () => {
    const result = await promo(['review', 'p-1', '--json', '--token', 'promo_x']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      success: false,
      errorCode: 'INVALID_REQUEST',
      errorMessage: 'Say --approve or --reject',
    });
  });

  it('a bad environment variable is reported, not thrown', async () => {
    const result = await promo(['promotions', 'list'], { PROMO_PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ERROR: PROMO_PORT must be a positive number/);
  });
});

describe('promo token and migrate, directly on the database', () => {
  it('creates a token shown once, lists it without the secret, revokes it', async () => {
    const env = { DATABASE_URL: database.url };
    const created = await promo(
      [
        'token',
        'create',
        '--email',
        'CI@Example.com',
        '--role',
        'promoter',
        '--role',
        'viewer',
        '--name',
        'ci',
        '--expires',
        '30d',
        '--json',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const token = JSON.parse(created.stdout);
    expect(token).toMatchObject({
      email: 'ci@example.com',
      roles: ['promoter', 'viewer'],
      name: 'ci',
      revokedAt: null,
    });
    expect(token.token).toMatch(/^promo_[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThanOrEqual(30);

    const listed = await promo(['token', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).map((t: { id: string }) => t.id)).toContain(token.id);
    expect(listed.stdout).not.toContain(token.token);

    const revoked = await promo(['token', 'revoke', token.id, '--json'], env);
    expect(JSON.parse(revoked.stdout).revokedAt).toEqual(expect.any(String));
    const missing = await promo(['token', 'revoke', 'no-such-id'], env);
    expect([missing.code, missing.stderr.trim()]).toEqual([1, 'NOT_FOUND: No API token with id no-such-id']);
  });

  it('refuses an unknown role and an expiry in the past', async () => {
    const env = { DATABASE_URL: database.url };
    const role = await promo(['token', 'create', '--email', 'a@example.com', '--role', 'superuser'], env);
    expect([role.code, role.stderr]).toEqual([1, expect.stringMatching(/^INVALID_REQUEST: roles must name/)]);
    const past = await promo(
      ['token', 'create', '--email', 'a@example.com', '--role', 'admin', '--expires', '2020-01-01'],
      env,
    );
    expect([past.code, past.stderr]).toEqual([
      1,
      expect.stringMatching(/^INVALID_REQUEST: expiresAt must be a date in the future/),
    ]);
  });

  it('migrate reports an up-to-date schema and prepares the workflow engine’s system database', async () => {
    const result = await promo(['migrate', '--json'], { DATABASE_URL: database.url });
    expect([result.code, JSON.parse(result.stdout)]).toEqual([0, { applied: [] }]);
    const system = new pg.Client({ connectionString: systemDatabaseUrlFor(database.url) });
    await system.connect();
    try {
      const dbos = await system.query(`SELECT to_regclass('dbos.workflow_status') IS NOT NULL AS ok`);
      expect(dbos.rows[0].ok).toBe(true);
    } finally {
      await system.end();
    }
  });
});
