/**
 * Idempotency keys: the first request with a key (per caller) is answered and its response
 * stored; a retry with the same key and body gets the stored response; a different body or
 * route is the caller's mistake (the HTTP layer answers IDEMPOTENCY_KEY_REUSED).
 */
import type { Pool } from 'pg';
import { fromRow } from '../sql.ts';

export interface IdempotencyRecord {
  caller: string;
  key: string;
  method: string;
  route: string;
  requestHash: string;
  /** Null while the first request is still being answered. */
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: string;
  completedAt: string | null;
}

export interface IdempotencyClaim {
  caller: string;
  key: string;
  method: string;
  route: string;
  requestHash: string;
}

export type ClaimResult =
  /** This request owns the key: answer it, then `complete` (or `release` on failure). */
  | { claimed: true; record: IdempotencyRecord }
  /** The key was used before (maybe still in flight: responseStatus null). */
  | { claimed: false; record: IdempotencyRecord };

export class IdempotencyKeysRepository {
  constructor(private readonly pool: Pool) {}

  /** Atomically takes the key, or returns the earlier record; races resolve to one winner. */
  async claim(claim: IdempotencyClaim): Promise<ClaimResult> {
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (caller, key, method, route, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (caller, key) DO NOTHING RETURNING *`,
      [claim.caller, claim.key, claim.method, claim.route, claim.requestHash],
    );
    if (inserted.rows[0]) return { claimed: true, record: fromRow<IdempotencyRecord>(inserted.rows[0]) };
    const existing = await this.get(claim.caller, claim.key);
    // Deleted between the two statements (released): try once more.
    if (!existing) return this.claim(claim);
    return { claimed: false, record: existing };
  }

  async get(caller: string, key: string): Promise<IdempotencyRecord | null> {
    const result = await this.pool.query('SELECT * FROM idempotency_keys WHERE caller = $1 AND key = $2', [
      caller,
      key,
    ]);
    return result.rows[0] ? fromRow<IdempotencyRecord>(result.rows[0]) : null;
  }

  /** Stores the response replayed to later requests with the same key. */
  async complete(
    caller: string,
    key: string,
    status: number,
    body: unknown,
  ): Promise<IdempotencyRecord | null> {
    const result = await this.pool.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb, completed_at = now()
        WHERE caller = $1 AND key = $2 RETURNING *`,
      [caller, key, status, body === undefined ? null : JSON.stringify(body)],
    );
    return result.rows[0] ? fromRow<IdempotencyRecord>(result.rows[0]) : null;
  }

  /** Frees a key whose request failed before an answer worth replaying. */
  async release(caller: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2', [caller, key]);
  }

  /** Housekeeping: forgets keys older than `before`; returns how many. */
  async deleteOlderThan(before: Date): Promise<number> {
    const result = await this.pool.query('DELETE FROM idempotency_keys WHERE created_at < $1', [before]);
    return result.rowCount ?? 0;
  }
}
