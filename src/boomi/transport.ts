/**
 * The tiny core every Boomi call goes through: one `request()` that builds the account URL,
 * sends JSON, and turns any non-2xx answer or network failure into a BoomiRequestError.
 * Everything else (auth, limiter, retries, events) is a plugin wrapping `send`, outermost first.
 */
import { request as undiciRequest, type Dispatcher } from 'undici';
import { BoomiRequestError } from './errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface BoomiRequest {
  method: HttpMethod;
  /** Path below the account, e.g. `/Branch/query` or `/Branch/${encodeURIComponent(id)}`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as-is with `text/plain` (queryMore takes the bare token). */
  text?: string;
  /** Safe to send twice? Defaults to true for GET/DELETE, false for POST; queries pass true. */
  idempotent?: boolean;
}

export interface BoomiResponse<T = unknown> {
  status: number;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: T;
  text: string;
}

/** What one attempt of one request looks like to the plugins. */
export interface AttemptContext {
  request: BoomiRequest;
  /** e.g. `POST /Branch/query`. */
  operation: string;
  /** The Boomi object, e.g. `Branch` (the first path segment). */
  object: string;
  url: string;
  headers: Record<string, string>;
  /** 1 for the first attempt. */
  attempt: number;
  limiterWaitMs: number;
}

export type Send = (context: AttemptContext) => Promise<BoomiResponse>;

export interface TransportPlugin {
  name: string;
  wrap(next: Send): Send;
}

export interface TransportOptions {
  baseUrl: string;
  accountId: string;
  overrideAccount?: string | undefined;
  timeoutMs: number;
  dispatcher?: Dispatcher | undefined;
  /** Outermost first. */
  plugins: TransportPlugin[];
}

export interface Transport {
  request<T = unknown>(request: BoomiRequest): Promise<BoomiResponse<T>>;
}

export function createTransport(options: TransportOptions): Transport {
  const accountRoot = `${options.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.accountId)}`;
  const send = options.plugins.reduceRight<Send>(
    (next, plugin) => plugin.wrap(next),
    (context) => sendOnce(context, options),
  );
  return {
    async request<T>(request: BoomiRequest): Promise<BoomiResponse<T>> {
      const url = new URL(accountRoot + request.path);
      if (options.overrideAccount) url.searchParams.set('overrideAccount', options.overrideAccount);
      const context: AttemptContext = {
        request,
        operation: `${request.method} ${request.path}`,
        object: request.path.split('/')[1] ?? '',
        url: url.toString(),
        headers: { accept: 'application/json' },
        attempt: 1,
        limiterWaitMs: 0,
      };
      return (await send(context)) as BoomiResponse<T>;
    },
  };
}

async function sendOnce(context: AttemptContext, options: TransportOptions): Promise<BoomiResponse> {
  const { request } = context;
  const headers = { ...context.headers };
  let payload: string | undefined;
  if (request.text !== undefined) {
    headers['content-type'] = 'text/plain';
    payload = request.text;
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(request.body);
  }
  let status: number;
  let text: string;
  let retryAfter: string | string[] | undefined;
  try {
    const response = await undiciRequest(context.url, {
      method: request.method,
      headers,
      body: payload,
      dispatcher: options.dispatcher,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    status = response.statusCode;
    retryAfter = response.headers['retry-after'];
    text = await response.body.text();
  } catch (cause) {
    throw new BoomiRequestError({
      status: 0,
      operation: context.operation,
      url: context.url,
      networkCode: networkCodeOf(cause),
      cause,
    });
  }
  const body = parseBody(text);
  if (status >= 200 && status < 300) return { status, body, text };
  throw new BoomiRequestError({
    status,
    operation: context.operation,
    url: context.url,
    bodyMessage: errorMessageOf(body, text),
    body,
    retryAfterMs: retryAfterMsOf(retryAfter),
  });
}

function parseBody(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** Boomi's error bodies disagree across sources; take the first message found, else the text. */
export function errorMessageOf(body: unknown, text: string): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const record = body as { message?: unknown; error?: { message?: unknown }; errorMessage?: unknown };
    const candidates = [record.message, record.error?.message, record.errorMessage];
    const found = candidates.find((value) => typeof value === 'string' && value !== '');
    if (typeof found === 'string') return found;
  }
  const xmlMessage = /<(?:\w+:)?message>([\s\S]*?)<\/(?:\w+:)?message>/.exec(text)?.[1];
  const raw = (xmlMessage ?? text).trim();
  if (raw === '') return undefined;
  return raw.length > 500 ? `${raw.slice(0, 500)}…` : raw;
}

function retryAfterMsOf(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkCodeOf(cause: unknown): string {
  if (cause instanceof Error) {
    if (cause.name === 'TimeoutError' || cause.name === 'AbortError') return 'TIMEOUT';
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return 'UNKNOWN';
}
