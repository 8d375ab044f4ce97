/**
 * Small helpers shared by the repositories: snake_case ↔ camelCase rows, ISO timestamps,
 * transactions and recognising PostgreSQL constraint violations.
 */
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/** Anything that can run a query: the pool or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

// Column names are a small fixed set converted once per row: memoise (bench/cache-refresh showed
// the regex conversion as a large share of a 10,000-row refresh).
const snakeCache = new Map<string, string>();
const camelCache = new Map<string, string>();

export function snakeCase(field: string): string {
  let column = snakeCache.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(field, column);
  }
  return column;
}

export function camelCase(column: string): string {
  let field = camelCache.get(column);
  if (field === undefined) {
    field = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelCache.set(column, field);
  }
  return field;
}

/**
 * A row with camelCase keys; timestamps (Date) become ISO-8601 UTC strings with milliseconds.
 * Columns named in `omit` (snake_case) are left out — cheaper than copying the object again to
 * drop them (a list page maps 50 rows of ~50 columns per request).
 */
export function fromRow<T>(row: QueryResultRow, omit?: ReadonlySet<string>): T {
  const out: Record<string, unknown> = {};
  for (const column in row) {
    if (omit?.has(column)) continue;
    const value: unknown = row[column];
    out[camelCase(column)] = value instanceof Date ? value.toISOString() : value;
  }
  return out as T;
}

export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface PgError {
  code?: string;
  constraint?: string;
}

/** True for a unique-key violation, optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as PgError;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** Builds `$n` placeholders and values for an INSERT of the given camelCase fields. */
export function insertParts(record: Record<string, unknown>, fields: readonly string[]) {
  const present = fields.filter((f) => record[f] !== undefined);
  return {
    columns: present.map(snakeCase).join(', '),
    placeholders: present.map((_, i) => `$${i + 1}`).join(', '),
    values: present.map((f) => record[f]),
  };
}

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] | null {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(key) && key.length === length ? key : null;
  } catch {
    return null;
  }
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 200;

export function pageSize(limit: number | undefined, fallback = 50): number {
  if (limit === undefined) return fallback;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(limit)));
}

/** True for a CHECK constraint violation (a field limit or enumeration broken). */
export function isCheckViolation(error: unknown): boolean {
  return (error as PgError)?.code === '23514';
}

export function constraintName(error: unknown): string {
  return (error as PgError)?.constraint ?? 'unknown';
}

/** Records → one JSON parameter with snake_case keys, for `jsonb_to_recordset` bulk writes. */
export function toJsonRecordset(records: readonly object[], fields: readonly string[]): string {
  return JSON.stringify(
    records.map((r) => {
      const out: Record<string, unknown> = {};
      for (const f of fields) out[snakeCase(f)] = (r as Record<string, unknown>)[f] ?? null;
      return out;
    }),
  );
}

/** Keeps the last record per key: one INSERT … ON CONFLICT may not touch a row twice. */
export function lastPerKey<T>(records: readonly T[], key: (record: T) => string): T[] {
  return [...new Map(records.map((r) => [key(r), r])).values()];
}
