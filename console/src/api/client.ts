/**
 * The one way the console reaches the service: a typed client over the HTTP API, generated from
 * the service's own OpenAPI document (`schema.d.ts`, written by the build). Every call carries
 * the signed-in person's bearer token; a refusal becomes an `ApiError` with the spec's code and
 * message, which every page shows as it is.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { currentToken, signOut } from '../auth/session';
import type { paths } from './schema';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorMessage: string,
  ) {
    super(`${errorCode}: ${errorMessage}`);
  }
}

const withBearer: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // A token that stopped working (expired, revoked) ends the session: back to sign-in.
    if (response.status === 401 && currentToken())
      signOut('Your session ended (401 UNAUTHENTICATED): sign in again.');
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(withBearer);

interface StandardError {
  errorCode?: unknown;
  errorMessage?: unknown;
}

/** Turns an error answer into an ApiError with the standard body's code and message. */
export function toApiError(status: number, body: unknown): ApiError {
  const { errorCode, errorMessage } = (
    typeof body === 'object' && body !== null ? body : {}
  ) as StandardError;
  return new ApiError(
    status,
    typeof errorCode === 'string' ? errorCode : `HTTP_${status}`,
    typeof errorMessage === 'string' ? errorMessage : 'The service gave no explanation',
  );
}

/** The data of a successful answer, or throws the refusal as an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw toApiError(response.status, error);
  return data as T;
}
