/**
 * `Idempotency-Key` on POST (spec §7): the first request with a key (per caller) is answered and
 * its answer stored; the same key with the same method, path and body answers that stored
 * answer again (header `idempotent-replayed: true`); with anything else, 422
 * IDEMPOTENCY_KEY_REUSED. Runs after authentication and role checks, so keys are per caller and
 * a forbidden caller never touches the table. 500/503 answers are not stored: the key is freed
 * so a retry can succeed once the fault is gone.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PromoError } from '../../domain/errors.ts';
import type { IdempotencyRecord, RequestStores } from '../../app/contract.ts';
import { identityKey } from '../../domain/identity.ts';
import { MAX_JSON_DEPTH, tooDeep } from './json-body.ts';

export interface IdempotencyOptions {
  /** An unanswered key older than this is taken to belong to a crashed request and freed. */
  abandonedAfterMs?: number;
}

interface IdempotencyState {
  key: string;
  /** True when this request owns the key and must store its answer. */
  owner: boolean;
  replayed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: IdempotencyState | null;
  }
}

const NOT_STORED = new Set([500, 503]);

/**
 * JSON with sorted keys, so `{a, b}` and `{b, a}` are the same body. Bounded like the parser:
 * a value nested deeper than MAX_JSON_DEPTH is a client error, never a stack overflow.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) throw tooDeep();
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(canonicalJson(request.body ?? null))
    .digest('hex');
}

function sameRequest(
  record: IdempotencyRecord,
  request: FastifyRequest,
  hash: string,
  path: string,
): boolean {
  return record.method === request.method && record.route === path && record.requestHash === hash;
}

export function registerIdempotency(
  app: FastifyInstance,
  keys: RequestStores['idempotencyKeys'],
  options: IdempotencyOptions = {},
): void {
  const abandonedAfterMs = options.abandonedAfterMs ?? 30 * 60_000;
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.caller) return;
    if (key.length < 1 || key.length > 255) {
      throw new PromoError('INVALID_REQUEST', 'Idempotency-Key must be 1 to 255 characters');
    }
    const caller = identityKey(request.caller.email);
    const path = request.url.split('?')[0] ?? request.url;
    const hash = requestHash(request);
    const claim = { caller, key, method: request.method, route: path, requestHash: hash };
    let result = await keys.claim(claim);
    if (!result.claimed && result.record.responseStatus === null) {
      const age = Date.now() - Date.parse(result.record.createdAt);
      if (age < abandonedAfterMs) {
        if (!sameRequest(result.record, request, hash, path)) {
          throw new PromoError(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a different request',
          );
        }
        throw new PromoError(
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still being answered; retry later',
        );
      }
      await keys.release(caller, key);
      result = await keys.claim(claim);
    }
    if (result.claimed) {
      request.idempotency = { key, owner: true, replayed: false };
      return;
    }
    if (!sameRequest(result.record, request, hash, path)) {
      throw new PromoError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
    }
    request.idempotency = { key, owner: false, replayed: true };
    const stored = result.record.responseBody as { errorCode?: unknown } | null;
    if (typeof stored?.errorCode === 'string') request.errorCode = stored.errorCode as PromoError['code'];
    return reply
      .status(result.record.responseStatus ?? 200)
      .header('idempotent-replayed', 'true')
      .send(result.record.responseBody);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const state = request.idempotency;
    if (!state?.owner || !request.caller) return payload;
    state.owner = false;
    try {
      if (NOT_STORED.has(reply.statusCode)) {
        await keys.release(identityKey(request.caller.email), state.key);
      } else {
        const body = typeof payload === 'string' && payload !== '' ? (JSON.parse(payload) as unknown) : null;
        await keys.complete(identityKey(request.caller.email), state.key, reply.statusCode, body);
      }
    } catch (error) {
      request.log.error({ err: error }, 'storing the idempotent answer failed');
    }
    return payload;
  });
}
