/**
 * Errors the Boomi client throws. They carry enough context to act on (status, operation,
 * Boomi's own message, whether trying again may help) and never any credential: the request
 * is described by method and URL only, never by its headers.
 */

/** Statuses that mean "Boomi did not do it now, it may later" (503 is Boomi's rate-limit answer). */
export const TRANSIENT_STATUSES: readonly number[] = [429, 502, 503, 504];

export interface BoomiRequestErrorInit {
  /** HTTP status, or 0 when no response arrived (network error, timeout). */
  status: number;
  /** e.g. `POST /PackagedComponent/query` — the path below the account. */
  operation: string;
  url: string;
  /** Boomi's message (`message`, `error.message`, `errorMessage` or the raw text), if any. */
  bodyMessage?: string | undefined;
  /** Network error code (`ECONNRESET`, `TIMEOUT`, …) when no response arrived. */
  networkCode?: string | undefined;
  /** Parsed response body, kept for callers that inspect Boomi's answer. */
  body?: unknown;
  /** From a `Retry-After` header, when Boomi sent one. */
  retryAfterMs?: number | undefined;
  attempts?: number;
  cause?: unknown;
}

export class BoomiRequestError extends Error {
  readonly status: number;
  readonly operation: string;
  readonly url: string;
  readonly bodyMessage: string | undefined;
  readonly networkCode: string | undefined;
  readonly body: unknown;
  /** True for transient failures (429/502/503/504/network): a later attempt may succeed. */
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** How many attempts the transport made before giving up (set by the retry plugin). */
  attempts: number;

  constructor(init: BoomiRequestErrorInit) {
    const what = init.status === 0 ? `network error ${init.networkCode ?? 'UNKNOWN'}` : `HTTP ${init.status}`;
    const detail = init.bodyMessage ? `: ${init.bodyMessage}` : '';
    super(
      `Boomi ${init.operation} failed with ${what}${detail}`,
      init.cause ? { cause: init.cause } : undefined,
    );
    this.name = 'BoomiRequestError';
    this.status = init.status;
    this.operation = init.operation;
    this.url = init.url;
    this.bodyMessage = init.bodyMessage;
    this.networkCode = init.networkCode;
    this.body = init.body;
    this.retryable = init.status === 0 || TRANSIENT_STATUSES.includes(init.status);
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts ?? 1;
  }

  /**
   * A copy with every occurrence of the given secrets masked, in case a server echoes a
   * credential back in its error text (its parsed body is dropped then too).
   */
  redacted(secrets: readonly string[]): BoomiRequestError {
    const present = secrets.filter((secret) => secret !== '');
    const leaks = (text: string | undefined) => present.some((secret) => text?.includes(secret));
    const bodyText = this.body === undefined ? undefined : JSON.stringify(this.body);
    if (![this.bodyMessage, this.url, bodyText].some(leaks)) return this;
    const mask = (text: string | undefined) =>
      present.reduce((acc, secret) => acc?.split(secret).join('[REDACTED]'), text);
    return new BoomiRequestError({
      status: this.status,
      operation: mask(this.operation) ?? '',
      url: mask(this.url) ?? '',
      bodyMessage: mask(this.bodyMessage),
      networkCode: this.networkCode,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
    });
  }

  /** Only safe fields: no headers, no cause chain (an undici cause could echo request options). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      operation: this.operation,
      url: this.url,
      bodyMessage: this.bodyMessage,
      networkCode: this.networkCode,
      retryable: this.retryable,
      attempts: this.attempts,
    };
  }
}

export function isBoomiRequestError(value: unknown): value is BoomiRequestError {
  return value instanceof BoomiRequestError;
}

/** A poller reached its deadline before the object reached a terminal state. */
export class BoomiPollTimeoutError extends Error {
  readonly what: string;
  readonly id: string;
  readonly timeoutMs: number;
  readonly elapsedMs: number;
  readonly polls: number;
  /** The last state observed (e.g. stage `MERGING`, releaseStatus `IN_PROGRESS`). */
  readonly lastState: string | undefined;

  constructor(init: {
    what: string;
    id: string;
    timeoutMs: number;
    elapsedMs: number;
    polls: number;
    lastState: string | undefined;
  }) {
    super(
      `${init.what} ${init.id} did not finish within ${init.timeoutMs} ms ` +
        `(${init.polls} polls, last state ${init.lastState ?? 'unknown'})`,
    );
    this.name = 'BoomiPollTimeoutError';
    this.what = init.what;
    this.id = init.id;
    this.timeoutMs = init.timeoutMs;
    this.elapsedMs = init.elapsedMs;
    this.polls = init.polls;
    this.lastState = init.lastState;
  }
}

/** Thrown by createBoomiClient() when an option is missing or wrong; the message holds the fix. */
export class BoomiClientConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoomiClientConfigError';
  }
}
