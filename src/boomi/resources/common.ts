/** The few request shapes every resource module repeats: get by id, create, delete. */
import { isBoomiRequestError } from '../errors.ts';
import { normalise, type Shape } from '../normalise.ts';
import type { Transport } from '../transport.ts';

export function idPath(object: string, id: string): string {
  if (id === '') throw new TypeError(`${object} id must not be empty`);
  return `/${object}/${encodeURIComponent(id)}`;
}

export async function getById<T>(transport: Transport, object: string, id: string, shape: Shape): Promise<T> {
  const response = await transport.request({ method: 'GET', path: idPath(object, id) });
  return normalise<T>(response.body ?? {}, shape);
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
