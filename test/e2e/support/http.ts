/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked by assertions against the API contract, not by TypeScript */
/** Plain HTTP against the running server: status + parsed body, with a bearer token. */
import { expect } from 'vitest';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string | undefined;
  /** Raw Authorization header (overrides token). */
  authorization?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON). */
  rawBody?: string;
  contentType?: string;
  idempotencyKey?: string;
}

export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const authorization = options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
  if (authorization !== undefined) headers.authorization = authorization;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** `call` bound to a server's `/api/v1` and one token. */
export function apiAs(baseUrl: string, token: string | undefined) {
  return <T = any>(method: string, path: string, options: Omit<CallOptions, 'token'> = {}) =>
    call<T>(baseUrl, method, `/api/v1${path}`, { token, ...options });
}

export function isStandardErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { success, errorCode, errorMessage, ...rest } = body as Record<string, unknown>;
  return (
    success === false &&
    typeof errorCode === 'string' &&
    /^[A-Z_]+$/.test(errorCode) &&
    typeof errorMessage === 'string' &&
    Object.keys(rest).length === 0
  );
}

/** A refusal: exactly the standard error body with this code, at this status. */
export function expectError(answer: Answer, status: number, errorCode: string): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: { success: false, errorCode, errorMessage: expect.any(String) },
  });
}

/** The failing run's answer: its code's status, and the whole response with success false. */
export function expectFailedRun(answer: Answer, status: number, errorCode: string): void {
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({
    success: false,
    errorCode,
    errorMessage: expect.any(String),
    runId: expect.any(String),
  });
}
