// Paging of query results (reference §5.2): 100 per page, a `queryToken` only while more remain,
// `queryMore` with the bare token. A token remembers the matched ids at query time, so every record
// is returned exactly once across pages even if records are added meanwhile.
import { randomBytes } from 'node:crypto';

export const PAGE_SIZE = 100;
const TOKEN_TTL_MS = 30 * 60_000;
const MAX_TOKENS = 1000;

export interface Page<T> {
  items: T[];
  /** Offset of the next page, or undefined on the last one. */
  nextOffset: number | undefined;
}

/** Pure slicing: the page starting at `offset`, and where the next one starts. */
export function pageOf<T>(items: readonly T[], offset: number, pageSize = PAGE_SIZE): Page<T> {
  const end = offset + pageSize;
  return { items: items.slice(offset, end), nextOffset: end < items.length ? end : undefined };
}

interface StoredQuery {
  object: string;
  ids: string[];
  offset: number;
  expiresMs: number;
}

export class QueryTokenStore {
  private readonly tokens = new Map<string, StoredQuery>();

  issue(object: string, ids: string[], offset: number, nowMs: number): string {
    if (this.tokens.size >= MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    const token = randomBytes(36).toString('base64url');
    this.tokens.set(token, { object, ids, offset, expiresMs: nowMs + TOKEN_TTL_MS });
    return token;
  }

  /**
   * The query a token continues; undefined when unknown, expired or issued for another object.
   * Tokens are not consumed, so a client may retry a queryMore that failed in transit.
   */
  lookup(object: string, token: string, nowMs: number): { ids: string[]; offset: number } | undefined {
    const stored = this.tokens.get(token);
    if (!stored || stored.object !== object || stored.expiresMs < nowMs) return undefined;
    return { ids: stored.ids, offset: stored.offset };
  }
}
