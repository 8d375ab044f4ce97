/**
 * Primitives shared by every route schema: the standard error body (spec §7), error responses
 * by status, cursor paging, and the string identifiers used in paths.
 */
import { Type, type TSchema } from 'typebox';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors.ts';

export const ErrorCodeSchema = Type.Enum(Object.keys(ERROR_CODES) as ErrorCode[], {
  description: 'Stable error code (see the error registry)',
});

export const ErrorBodySchema = Type.Object(
  {
    success: Type.Literal(false),
    errorCode: ErrorCodeSchema,
    errorMessage: Type.String(),
  },
  { description: 'The standard error body' },
);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'INVALID_REQUEST (or a rule-specific 400 code)',
  401: 'UNAUTHENTICATED: no, malformed, expired or revoked credentials',
  403: 'FORBIDDEN (role) or a self-approval/self-review refusal',
  404: 'Not found',
  409: 'Conflict with the current state',
  422: 'IDEMPOTENCY_KEY_REUSED: same Idempotency-Key, different body',
  500: 'INTERNAL_ERROR',
  502: 'A Boomi step failed',
  503: 'SERVICE_UNAVAILABLE: a dependency is unreachable',
  504: 'A Boomi operation timed out',
};

/** `{400: ErrorBody, 401: ErrorBody, …}` for the response map of a route. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const responses: Record<number, TSchema> = {};
  for (const status of [...new Set([400, 401, 403, 500, ...statuses])]) {
    responses[status] = { ...ErrorBodySchema, description: ERROR_DESCRIPTIONS[status] ?? 'Error' };
  }
  return responses;
}

export const PageQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 500, description: 'nextCursor of the previous page' }),
  ),
});

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
  });
}

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Same key and same body answer the first result again; another body answers 422',
    }),
  ),
});

/** For actions that take no input: no body at all, or `{}` — nothing else is read or hashed. */
export const EmptyBodySchema = Type.Union([Type.Null(), Type.Object({}, { additionalProperties: false })], {
  description: 'No body, or an empty object',
});
