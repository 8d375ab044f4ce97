/**
 * Live Boomi may answer like its documentation examples rather than its schemas: booleans as
 * "true"/"false", integers as "2.0", a single object where a list is expected, empty lists left
 * out. A Shape names, per object, which fields to coerce, so a string field that happens to hold
 * "true" (an extension value, say) is never touched.
 */

export interface Shape {
  readonly booleans?: readonly string[];
  readonly integers?: readonly string[];
  /** Field → item shape. Missing → [], single value → [value]. */
  readonly lists?: Readonly<Record<string, Shape>>;
  /** Field → shape of a nested container object, created empty when missing. */
  readonly objects?: Readonly<Record<string, Shape>>;
}

export const SCALAR: Shape = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function coerceBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return value;
}

export function coerceInteger(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

export function toList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** Returns a normalised copy; the input is not modified. Non-objects are returned as they are. */
export function normalise<T>(value: unknown, shape: Shape): T {
  if (!isRecord(value)) return value as T;
  const out: Record<string, unknown> = { ...value };
  for (const field of shape.booleans ?? []) {
    if (field in out) out[field] = coerceBoolean(out[field]);
  }
  for (const field of shape.integers ?? []) {
    if (field in out) out[field] = coerceInteger(out[field]);
  }
  for (const [field, itemShape] of Object.entries(shape.lists ?? {})) {
    out[field] = toList(out[field]).map((item) => normalise(item, itemShape));
  }
  for (const [field, childShape] of Object.entries(shape.objects ?? {})) {
    const child = isRecord(out[field]) ? out[field] : {};
    out[field] = normalise(child, childShape);
  }
  return out as T;
}
