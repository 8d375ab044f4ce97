/**
 * The one place an error becomes an HTTP answer: always the standard body of spec §7,
 * `{success: false, errorCode, errorMessage}`. Messages are shown only below 500; a fault
 * answers 500 INTERNAL_ERROR with a fixed message, and its details go to the log only.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, PromoError, isPromoError, toErrorBody, type ErrorBody } from '../domain/errors.ts';

const INTERNAL_MESSAGE = 'An unexpected error occurred; it has been logged.';

/** Fastify's own client errors (bad JSON, too large, wrong media type…) keep their status. */
function fromFastifyClientError(error: FastifyError): PromoError | undefined {
  const status = error.statusCode;
  if (error.validation) {
    return new PromoError('INVALID_REQUEST', error.message);
  }
  if (status === 401) return new PromoError('UNAUTHENTICATED', 'Authentication required');
  if (status === 404) return new PromoError('NOT_FOUND', error.message);
  if (status !== undefined && status >= 400 && status < 500) {
    return new PromoError('INVALID_REQUEST', error.message, status);
  }
  return undefined;
}

export function toPromoError(error: unknown): PromoError {
  if (isPromoError(error)) return error;
  const known = fromFastifyClientError(error as FastifyError);
  return known ?? new PromoError('INTERNAL_ERROR', INTERNAL_MESSAGE);
}

export function errorBodyFor(error: PromoError): ErrorBody {
  return error.status >= 500 && error.code === 'INTERNAL_ERROR'
    ? { success: false, errorCode: 'INTERNAL_ERROR', errorMessage: INTERNAL_MESSAGE }
    : toErrorBody(error);
}

/** The path alone, bounded: a hostile URL is not echoed back whole. */
function pathOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.decorateRequest('errorCode', null);

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const promoError = toPromoError(error);
    if (promoError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ errorCode: promoError.code, errorMessage: promoError.message }, 'request refused');
    }
    request.errorCode = promoError.code;
    return reply.status(promoError.status).send(errorBodyFor(promoError));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    request.errorCode = 'NOT_FOUND';
    return reply
      .status(ERROR_CODES.NOT_FOUND)
      .send(toErrorBody(new PromoError('NOT_FOUND', `No route ${request.method} ${pathOf(request.url)}`)));
  });
}
