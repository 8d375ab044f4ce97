/** The few request shapes every resource module repeats: get by id (one or in bulk), create, delete. */
import { isBoomiRequestError } from '../errors.ts';
import { normalise, toList, type Shape } from '../normalise.ts';
import type { Transport } from '../transport.ts';

export function idPath(object: string, id: string): string {
  if (id === '') throw new TypeError(`${object} id must not be empty`);
  return `/${object}/${encodeURIComponent(id)}`;
}

export async function getById<T>(transport: Transport, object: string, id: string, shape: Shape): Promise<T> {
  const response = await transport.request({ method: 'GET', path: idPath(object, id) });
  return normalise<T>(response.body ?? {}, shape);
}

/** One id's answer in a bulk GET: Boomi answers each id on its own, the request as a whole with 200. */
export type BulkItem<T> = { ok: true; value: T } | { ok: false; statusCode: number; message: string };

/** Boomi's limit on ids per bulk request (reference §5.3). */
export const BULK_LIMIT = 100;

/**
 * Bulk GET (`POST /{Object}/bulk`, reference §5.3): many ids in one call (100 per request), each
 * answered on its own. Items are matched to ids by their `index`; an id Boomi leaves unanswered
 * counts as failed, never as found.
 */
export async function bulkGet<T>(
  transport: Transport,
  object: string,
  ids: readonly string[],
  shape: Shape,
): Promise<Map<string, BulkItem<T>>> {
  const answers = new Map<string, BulkItem<T>>();
  for (let start = 0; start < ids.length; start += BULK_LIMIT) {
    const chunk = ids.slice(start, start + BULK_LIMIT);
    const response = await transport.request({
      method: 'POST',
      path: `/${object}/bulk`,
      body: { type: 'GET', request: chunk.map((id) => ({ id })) },
      idempotent: true,
    });
    const items = toList((response.body as { response?: unknown } | undefined)?.response);
    items.forEach((raw, position) => {
      const item = (raw ?? {}) as Record<string, unknown>;
      const index = Number(item.index ?? position);
      const id = chunk[index];
      if (id === undefined) return;
      const statusCode = Number(item.statusCode ?? 200);
      answers.set(
        id,
        statusCode >= 200 && statusCode < 300 && item.Result !== undefined
          ? { ok: true, value: normalise<T>(item.Result, shape) }
          : { ok: false, statusCode, message: String(item.errorMessage ?? `${object} ${id}: no answer`) },
      );
    });
  }
  for (const id of ids) {
    if (!answers.has(id)) {
      answers.set(id, { ok: false, statusCode: 0, message: `Boomi's bulk answer left out ${object} ${id}` });
    }
  }
  return answers;
}

/** POST a body and normalise the answer. Creates are not idempotent unless the caller says so. */
export async function post<T>(
  transport: Transport,
  path: string,
  body: unknown,
  shape: Shape,
  idempotent = false,
): Promise<T> {
  const response = await transport.request({ method: 'POST', path, body, idempotent });
  return normalise<T>(response.body ?? {}, shape);
}

/**
 * Boomi describes 404 as "no such endpoint" and answers unknown IDs with 400 and a message,
 * so both count as "already gone" for a delete.
 */
const GONE_MESSAGE = /not found|does not exist|no such|no longer exists|is invalid|unknown/i;

export function isNotFound(error: unknown): boolean {
  if (!isBoomiRequestError(error)) return false;
  return error.status === 404 || (error.status === 400 && GONE_MESSAGE.test(error.bodyMessage ?? ''));
}

export async function deleteById(
  transport: Transport,
  object: string,
  id: string,
): Promise<'deleted' | 'not-found'> {
  try {
    await transport.request({ method: 'DELETE', path: idPath(object, id) });
    return 'deleted';
  } catch (error) {
    if (isNotFound(error)) return 'not-found';
    throw error;
  }
}
