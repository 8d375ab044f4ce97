/**
 * API tokens. Only the SHA-256 of a token is stored: a database leak yields no usable token.
 * Callers pass the raw token; hashing happens here so no caller can store it by mistake.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Role } from '../../domain/caller.ts';
import { fromRow } from '../sql.ts';

export interface ApiToken {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface NewApiToken {
  /** The raw secret; never stored. */
  token: string;
  name: string;
  email: string;
  roles: readonly Role[];
  expiresAt?: string | null;
  /** Default: a random UUID. */
  id?: string;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

// Never select token_hash: nothing outside this file needs it.
const COLUMNS = 'id, name, email, roles, created_at, expires_at, revoked_at, last_used_at';

export class ApiTokensRepository {
  constructor(private readonly pool: Pool) {}

  async create(input: NewApiToken): Promise<ApiToken> {
    const result = await this.pool.query(
      `INSERT INTO api_tokens (id, token_hash, name, email, roles, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        input.id ?? randomUUID(),
        hashApiToken(input.token),
        input.name,
        input.email,
        input.roles,
        input.expiresAt ?? null,
      ],
    );
    return fromRow<ApiToken>(result.rows[0]!);
  }

  /** The token's record whatever its state (the caller decides about expiry and revocation). */
  async findByToken(token: string): Promise<ApiToken | null> {
    const result = await this.pool.query(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1`, [
      hashApiToken(token),
    ]);
    return result.rows[0] ? fromRow<ApiToken>(result.rows[0]) : null;
  }

  async get(id: string): Promise<ApiToken | null> {
    const result = await this.pool.query(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    return result.rows[0] ? fromRow<ApiToken>(result.rows[0]) : null;
  }

  /** Records a use; cheap enough to call on every authenticated request. */
  async touch(id: string): Promise<void> {
    await this.pool.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]);
  }

  /** Revokes once (a second call keeps the first time); null when there is no such token. */
  async revoke(id: string): Promise<ApiToken | null> {
    const result = await this.pool.query(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return result.rows[0] ? fromRow<ApiToken>(result.rows[0]) : null;
  }

  /** Emails of the tokens that still work and hold `role` (notification recipients). */
  async activeEmailsWithRole(role: Role): Promise<string[]> {
    const result = await this.pool.query<{ email: string }>(
      `SELECT DISTINCT lower(email) AS email FROM api_tokens
        WHERE $1 = ANY(roles) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
        ORDER BY 1`,
      [role],
    );
    return result.rows.map((row) => row.email);
  }

  /** Newest first; optionally one owner's tokens. */
  async list(options: { email?: string } = {}): Promise<ApiToken[]> {
    const result =
      options.email === undefined
        ? await this.pool.query(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, id`)
        : await this.pool.query(
            `SELECT ${COLUMNS} FROM api_tokens WHERE lower(email) = lower($1) ORDER BY created_at DESC, id`,
            [options.email],
          );
    return result.rows.map((r) => fromRow<ApiToken>(r));
  }
}
