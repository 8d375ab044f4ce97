/**
 * The one JSON body parser of the API. Before anything else touches a body (parser, schema,
 * idempotency hash, domain parsers), its nesting depth is measured on the raw text in one
 * iterative pass: a body nested deeper than MAX_JSON_DEPTH is refused with 400, so no recursive
 * code downstream can overflow its stack. Size is bounded by Fastify's `bodyLimit` (413) before
 * the parser runs. Parsed bodies carrying NUL are refused too (PostgreSQL text cannot hold it).
 */
import type { FastifyInstance } from 'fastify';
import { PromoError } from '../../domain/errors.ts';
import { containsNul, nulRefusal } from './nul-guard.ts';

/** Far above any body of the API (a deploy request is 3 deep), far below a stack's limit. */
export const MAX_JSON_DEPTH = 32;

export function tooDeep(): PromoError {
  return new PromoError('INVALID_REQUEST', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
}

/** True when the JSON text opens more than `max` arrays/objects at once (strings skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
    // The default parser answers through the callback; its return value carries nothing.
    void parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      if (containsNul(value)) return done(nulRefusal(), undefined);
      done(null, value);
    });
  });
}
