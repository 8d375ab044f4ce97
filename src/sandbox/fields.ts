// Small readers for request fields: each returns the typed value or throws the sandbox's 400.
import { BoomiError, messages } from './errors.ts';

type Body = Record<string, unknown>;

export function optionalString(body: Body, field: string, object: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BoomiError(400, messages.invalidField(object, field, value));
  return value;
}

export function requiredString(body: Body, field: string, object: string): string {
  const value = optionalString(body, field, object);
  if (value === undefined || value.trim() === '')
    throw new BoomiError(400, messages.missingField(object, field));
  return value;
}

/** Booleans also arrive as "true"/"false" strings from XML-minded clients. */
export function optionalBoolean(body: Body, field: string, object: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BoomiError(400, messages.invalidField(object, field, value, ['true', 'false']));
}

export function optionalInteger(body: Body, field: string, object: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new BoomiError(400, messages.invalidField(object, field, value));
  return n;
}

export function optionalEnum<T extends string>(
  body: Body,
  field: string,
  object: string,
  allowed: readonly T[],
): T | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new BoomiError(400, messages.invalidField(object, field, value, allowed));
  }
  return value as T;
}

export function requiredEnum<T extends string>(
  body: Body,
  field: string,
  object: string,
  allowed: readonly T[],
): T {
  const value = optionalEnum(body, field, object, allowed);
  if (value === undefined) throw new BoomiError(400, messages.missingField(object, field));
  return value;
}

/** A repeated element: JSON array, or the single object some clients send instead (reference §2). */
export function list(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}

/** `container.key` as an object, or an empty one (for `{"X": {"x": [...]}}` wrappers). */
export function child(body: Body, key: string): Body {
  const value = body[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}
