/**
 * How the CLI fails: every error becomes `errorCode: message` on stderr (or the standard error
 * body on stdout with --json) and a non-zero exit code — never a stack trace.
 */
import { isPromoError } from '../domain/errors.ts';

/** Exit codes: 1 refused or failed, 2 deployed only partly (some environments failed). */
export const EXIT_FAILURE = 1;
export const EXIT_PARTIAL = 2;

export class CliError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (isPromoError(error)) return new CliError(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new CliError('ERROR', message);
}

export function reportError(error: unknown, json: boolean): number {
  const failure = toCliError(error);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ success: false, errorCode: failure.errorCode, errorMessage: failure.message })}\n`,
    );
  } else {
    process.stderr.write(`${failure.errorCode}: ${failure.message}\n`);
  }
  return failure.exitCode;
}
