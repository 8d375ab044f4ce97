/**
 * Turning whatever a step threw into the run's error code and message. A step's error comes
 * back from DBOS's checkpoint as a plain Error carrying the original's own fields (`code`,
 * `status`, `bodyMessage`), not as the original class — so everything here reads fields.
 */
import { BoomiPollTimeoutError, isBoomiRequestError, isNotFound } from '../boomi/index.ts';
import { isBoomiWrite } from '../domain/boomi-calls.ts';
import { ERROR_CODES, PromoError, type ErrorCode } from '../domain/errors.ts';

export interface RunFailure {
  code: ErrorCode;
  message: string;
}

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

export function errorMessageOf(error: unknown): string {
  const message = field(error, 'message');
  if (typeof message === 'string' && message !== '') return message;
  return String(error);
}

/**
 * The code a failed step carries, or `fallback` for an error that names none. A step that used
 * up its DBOS retries fails with an error listing every attempt's error: the last one tells.
 */
export function failureOf(error: unknown, fallback: ErrorCode): RunFailure {
  const attempts = field(error, 'errors');
  const last = Array.isArray(attempts) && attempts.length > 0 ? attempts[attempts.length - 1] : error;
  const code = field(last, 'code');
  return { code: isErrorCode(code) ? code : fallback, message: errorMessageOf(last) };
}

/** Statuses after which Boomi may or may not have acted (0: no answer at all). */
const UNKNOWN_OUTCOME_STATUSES = [0, 502, 504];

/**
 * A create or update whose outcome is unknown: the client does not retry those (Boomi may have
 * acted), but the step may run again, because it checks Boomi before writing.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return field(error, 'outcomeUnknown') === true;
}

export interface BoomiFailureOptions {
  /** The refusal to answer when Boomi says "not found" (default: `code` like any other failure). */
  notFound?: () => PromoError;
  /** The code of a poll that reached its deadline (default: `code`). */
  pollTimeout?: ErrorCode;
}

/**
 * The one Boomi-error → PromoError translation. Boomi said no (or never answered): Boomi's own
 * message is kept, prefixed by what we tried; a PromoError passes through unchanged. A write
 * whose outcome is unknown is marked so (see isOutcomeUnknown).
 */
export function boomiFailure(
  code: ErrorCode,
  what: string,
  error: unknown,
  options: BoomiFailureOptions = {},
): PromoError {
  if (error instanceof PromoError) return error;
  if (options.notFound && isNotFound(error)) return options.notFound();
  const timedOut = options.pollTimeout !== undefined && error instanceof BoomiPollTimeoutError;
  const detail = isBoomiRequestError(error) ? error.message : errorMessageOf(error);
  const failure = new PromoError(timedOut ? options.pollTimeout! : code, `${what}: ${detail}`);
  if (isBoomiRequestError(error) && UNKNOWN_OUTCOME_STATUSES.includes(error.status)) {
    const [method = '', path = ''] = error.operation.split(' ');
    if (isBoomiWrite({ method, path })) Object.assign(failure, { outcomeUnknown: true });
  }
  return failure;
}

/** Runs a Boomi interaction; anything it throws becomes a PromoError (see boomiFailure). */
export async function failingWith<T>(
  code: ErrorCode,
  what: string,
  work: () => Promise<T>,
  options?: BoomiFailureOptions,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw boomiFailure(code, what, error, options);
  }
}
