/**
 * PostgreSQL text cannot hold the NUL character: a body, path or query carrying one would reach
 * the database and fail there as a 500. It is refused up front as a client error instead (bodies
 * in the JSON parser, json-body.ts; path and query here).
 */
import type { FastifyInstance } from 'fastify';
import { PromoError } from '../../domain/errors.ts';

export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1));
}

export const nulRefusal = () =>
  new PromoError('INVALID_REQUEST', 'Text must not contain the NUL character (\\u0000)');

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.params) || containsNul(request.query)) throw nulRefusal();
  });
}
