/**
 * Small readers for untrusted JSON bodies. Each reader either returns a normalised value or
 * throws PromoError('INVALID_REQUEST') with a message that names the field, so a caller learns
 * exactly what to fix. They never throw anything else, whatever JSON value they are given.
 *
 * Conventions shared by every body of the API:
 * - strings are trimmed; an optional string that is absent, null or blank reads as null;
 * - lengths count characters (Unicode code points, as JSON Schema and PostgreSQL do) of the
 *   value as sent, so the published schema and the parser agree;
 * - flags accept JSON booleans or the strings "true"/"false" (the design's profiles use strings).
 */
import { PromoError } from './errors.ts';

export type JsonObject = Record<string, unknown>;

/** Identifiers (Boomi ids, promotion ids, account ids) are never longer than this. */
export const ID_MAX = 255;

export function invalid(message: string): PromoError {
  return new PromoError('INVALID_REQUEST', message);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function requireObject(raw: unknown, what: string): JsonObject {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(`${what} must be a JSON object, got ${describeValue(raw)}`);
  }
  return raw as JsonObject;
}

/** Refuses every own key not in `allowed`; `hints` explain why a well-known key is refused. */
export function rejectUnknownFields(
  body: JsonObject,
  allowed: ReadonlySet<string>,
  where: string,
  hints: Readonly<Record<string, string>> = {},
): void {
  const unknown = Object.keys(body).filter((key) => !allowed.has(key));
  if (unknown.length === 0) return;
  const hinted = unknown.find((key) => Object.hasOwn(hints, key));
  if (hinted !== undefined) throw invalid(hints[hinted]!);
  const shown = unknown.slice(0, 5).map((key) => `'${key.slice(0, 60)}'`);
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  throw invalid(`Unknown field${unknown.length > 1 ? 's' : ''} in ${where}: ${shown.join(', ')}${more}`);
}

/** Code-point length, cheap for strings far below or far above the limit. */
export function isLongerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  let count = 0;
  for (const _char of text) if (++count > max) return true;
  return false;
}

function field(body: JsonObject, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

export function isPresent(body: JsonObject, name: string): boolean {
  return Object.hasOwn(body, name) && body[name] !== undefined;
}

/** An optional string: absent, null or blank → null; otherwise trimmed and at most `max` long. */
export function optionalString(body: JsonObject, name: string, max: number, label = name): string | null {
  const value = field(body, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(`${label} must be a string, got ${describeValue(value)}`);
  if (isLongerThan(value, max)) throw invalid(`${label} must be at most ${max} characters`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function requiredString(body: JsonObject, name: string, max: number, label = name): string {
  const value = optionalString(body, name, max, label);
  if (value === null) throw invalid(`${label} is required`);
  return value;
}

/** A flag: true/false or "true"/"false"; absent or null → null. */
export function optionalFlag(body: JsonObject, name: string): boolean | null {
  const value = field(body, name);
  if (value === undefined || value === null) return null;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid(`${name} must be true or false (a JSON boolean or the string "true"/"false")`);
}

export function requiredEnum<T extends string>(body: JsonObject, name: string, values: readonly T[]): T {
  const value = optionalEnum(body, name, values);
  if (value === null) throw invalid(`${name} is required (one of ${values.join(', ')})`);
  return value;
}

export function optionalEnum<T extends string>(
  body: JsonObject,
  name: string,
  values: readonly T[],
): T | null {
  const value = field(body, name);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  throw invalid(`${name} must be one of ${values.join(', ')}`);
}

/** A non-negative whole number; absent or null → null. */
export function optionalCount(body: JsonObject, name: string): number | null {
  const value = field(body, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${name} must be a whole number ≥ 0`);
  }
  return value;
}
