/**
 * Request validation: one Ajv per part of the request, because the parts want opposite things.
 * Bodies are checked as sent (no coercion, nothing silently dropped), so an unknown or mistyped
 * field is a 400 rather than quietly ignored. Query strings and path params arrive as text, so they
 * are coerced, and unknown query parameters are dropped (`removeAdditional: 'all'`). Headers are
 * coerced but never pruned: pruning would delete the request's other headers.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships as CommonJS; under ESM its default export may be wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

function ajvWith(options: Options): Ajv {
  // strict:false: OpenAPI-only keywords (`example`, `tags`…) may sit beside the JSON Schema ones.
  const ajv = new Ajv({ strict: false, allErrors: false, ...options });
  addFormats(ajv);
  return ajv;
}

const byPart: Record<string, Ajv> = {
  body: ajvWith({ coerceTypes: false, removeAdditional: false, useDefaults: true }),
  querystring: ajvWith({ coerceTypes: 'array', removeAdditional: 'all', useDefaults: true }),
  params: ajvWith({ coerceTypes: true, removeAdditional: 'all' }),
  headers: ajvWith({ coerceTypes: true, removeAdditional: false }),
};

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = byPart[httpPart ?? 'body'];
  if (!ajv) throw new Error(`No validator for request part '${String(httpPart)}'`);
  return ajv.compile(schema);
};

/**
 * For bodies whose rules live in the domain (`parseDeployRequest`, `parsePeerReview`, …): the
 * route still publishes the body schema, but the domain parser decides, so its messages (which
 * name the field and, for identity fields, say why) reach the caller. The handler receives the
 * parsed value as `request.body`. Other request parts are validated as usual.
 */
export function domainParsedBody(parse: (raw: unknown) => unknown): FastifySchemaCompiler<object> {
  return (route) => {
    if (route.httpPart !== 'body') return validatorCompiler(route);
    return (data: unknown) => {
      try {
        return { value: parse(data) };
      } catch (error) {
        return { error: error as Error };
      }
    };
  };
}
