/**
 * The CLI's client of a running promo server: JSON requests with the bearer token, the standard
 * error body turned into a CliError, and server-sent events read from a streamed response.
 */
import { CliError } from './errors.ts';
import { readServerSentEvents, type ServerSentEvent } from './sse.ts';

export interface ApiClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`. */
  url: string;
  token: string | undefined;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Sent as Idempotency-Key: a retried command with the same key gets the first answer. */
  idempotencyKey?: string;
}

interface ErrorBody {
  errorCode?: unknown;
  errorMessage?: unknown;
}

export const API_PREFIX = '/api/v1';

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get baseUrl(): string {
    return this.options.url;
  }

  /** The identity this client sends (for display and tests; never logged). */
  get token(): string | undefined {
    return this.options.token;
  }

  private url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(`${API_PREFIX}${path}`, this.options.url);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    return headers;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(
        'SERVICE_UNAVAILABLE',
        `Cannot reach promo at ${this.options.url} (${cause}). Is it running? Start it with \`npm start\`, or pass --url / set PROMO_URL.`,
      );
    }
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const extra: Record<string, string> = {};
    if (options.body !== undefined) extra['content-type'] = 'application/json';
    if (options.idempotencyKey) extra['idempotency-key'] = options.idempotencyKey;
    const response = await this.send(this.url(path, options.query), {
      method,
      headers: this.headers(extra),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw errorFrom(response.status, parsed, text);
    return parsed as T;
  }

  /** Opens an event stream and yields its events until the server ends it. */
  async *events(path: string): AsyncGenerator<ServerSentEvent> {
    const response = await this.send(this.url(path), {
      headers: this.headers({ accept: 'text/event-stream' }),
    });
    if (!response.ok || !response.body) {
      const text = await response.text();
      throw errorFrom(response.status, parseJson(text), text);
    }
    yield* readServerSentEvents(response.body);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFrom(status: number, body: unknown, text: string): CliError {
  const { errorCode, errorMessage } = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  if (typeof errorCode === 'string') {
    return new CliError(errorCode, typeof errorMessage === 'string' ? errorMessage : `HTTP ${status}`);
  }
  return new CliError(`HTTP_${status}`, text.slice(0, 200) || `The server answered HTTP ${status}`);
}
