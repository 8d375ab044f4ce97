/**
 * The one place an error becomes an HTTP answer: always the standard body of spec §7,
 * `{success: false, errorCode, errorMessage}`. Messages are shown only below 500; a fault
 * answers 500 INTERNAL_ERROR with a fixed message, and its details go to the log only.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, PromoError, isPromoError, toErrorBody, type ErrorBody } from '../domain/errors.ts';

const INTERNAL_MESSAGE = 'An unexpected error occurred; it has been logged.';

/** Framework messages may quote the request (a header, a URL): never echo more than this. */
const MAX_ECHO = 200;

function bounded(message: string): string {
  return message.length > MAX_ECHO ? `${message.slice(0, MAX_ECHO)}…` : message;
}

/**
 * Errors the router raises before any route is chosen; their Fastify messages quote the whole
 * URL, so each gets a fixed message instead.
 */
const ROUTING_ERRORS: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not validly percent-encoded',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than 300 characters',
};

/** Fastify's own client errors (bad JSON, too large, wrong media type…) keep their status. */
function fromFastifyClientError(error: FastifyError): PromoError | undefined {
  const status = error.statusCode;
  if (error.validation) {
    return new PromoError('INVALID_REQUEST', bounded(error.message));
  }
  if (status === 401) return new PromoError('UNAUTHENTICATED', 'Authentication required');
  if (status === 404) return new PromoError('NOT_FOUND', bounded(error.message));
  if (status !== undefined && status >= 400 && status < 500) {
    const message = ROUTING_ERRORS[error.code] ?? bounded(error.message);
    return new PromoError('INVALID_REQUEST', message, status);
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

/**
 * Fastify's `frameworkErrors` option: routing errors (bad percent-encoding, an over-long path
 * parameter) happen before any route or hook, so the error handler never sees them.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const promoError = toPromoError(error);
  request.log.info({ errorCode: promoError.code, fastifyCode: error.code }, 'request refused by the router');
  void reply.status(promoError.status).send(errorBodyFor(promoError));
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
