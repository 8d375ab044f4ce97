/* eslint-disable @typescript-eslint/no-explicit-any -- Boomi bodies are checked against the OpenAPI schema, not by TypeScript */
// Test support for the sandbox: start one over real HTTP, call it as a Boomi client would, and hold
// every Boomi response to the official schema (the contract test runs inside every call).
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import {
  startSandbox,
  type DemoWorld,
  type RunningSandbox,
  type SandboxOptions,
} from '../../src/sandbox/server.ts';
import { SandboxControlClient } from '../../src/sandbox/control-client.ts';
import { findOperation, validateBoomiResponse } from '../helpers/boomi-schema.ts';

/** Async stages: no waiting, but exactly one poll sees the pending stage (deterministic). */
export const ONE_POLL = {
  branchReadyMs: 0,
  mergeDraftingMs: 0,
  mergeMergingMs: 0,
  releaseMs: 0,
  branchReadyPolls: 1,
  mergeDraftingPolls: 1,
  mergeMergingPolls: 1,
  releasePolls: 1,
};

export async function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, demo: true, rateLimitPerSecond: 0, asyncDurations: ONE_POLL, ...options });
}

export interface CallOptions {
  /** Basic credentials `user:secret` (default: the demo admin). */
  credentials?: string | null;
  accept?: string;
  contentType?: string;
  partner?: boolean;
  overrideAccount?: string;
  /** Raw body text (sent as is). */
  raw?: string;
  /** Account in the URL (default: the demo account). */
  accountId?: string;
  /** Why this response may not match the schema (kept rare and explicit). */
  skipContract?: string;
}

export interface BoomiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class BoomiTestClient {
  constructor(
    readonly sandbox: RunningSandbox,
    private readonly defaults: { accountId: string; credentials: string },
  ) {}

  static forDemo(sandbox: RunningSandbox): BoomiTestClient {
    const world = sandbox.world;
    if (!world) throw new Error('demo world expected');
    return new BoomiTestClient(sandbox, {
      accountId: world.accountId,
      credentials: `${world.username}:${world.apiToken}`,
    });
  }

  as(credentials: string): BoomiTestClient {
    return new BoomiTestClient(this.sandbox, { ...this.defaults, credentials });
  }

  async call<T = any>(
    method: string,
    objectPath: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<BoomiResponse<T>> {
    const accountId = options.accountId ?? this.defaults.accountId;
    const prefix = options.partner ? `${this.sandbox.url}/partner/api/rest/v1` : this.sandbox.apiBaseUrl;
    const query = options.overrideAccount
      ? `?overrideAccount=${encodeURIComponent(options.overrideAccount)}`
      : '';
    const url = `${prefix}/${accountId}${objectPath}${query}`;
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    const credentials = options.credentials === undefined ? this.defaults.credentials : options.credentials;
    if (credentials !== null) headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    let payload: string | undefined = options.raw;
    if (payload === undefined && body !== undefined)
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    const parsed = isJson && text !== '' ? JSON.parse(text) : text;
    if (isJson && !options.skipContract && findOperation(method, objectPath)) {
      // Contract: every JSON answer matches the official schema for that path and status.
      expect(validateBoomiResponse(method, url, response.status, parsed), `${method} ${objectPath}`).toEqual(
        [],
      );
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }

  get = <T = any>(path: string, options?: CallOptions) => this.call<T>('GET', path, undefined, options);
  post = <T = any>(path: string, body?: unknown, options?: CallOptions) =>
    this.call<T>('POST', path, body, options);
  delete = <T = any>(path: string, options?: CallOptions) => this.call<T>('DELETE', path, undefined, options);

  /** POST /{Object}/query with a single simple expression (or a full expression object). */
  query<T = any>(object: string, expression?: unknown, options?: CallOptions): Promise<BoomiResponse<T>> {
    const body = expression === undefined ? undefined : { QueryFilter: { expression } };
    return this.post<T>(`/${object}/query`, body, options);
  }

  /** Every record of a query, following queryToken through queryMore. */
  async queryAll(object: string, expression?: unknown): Promise<any[]> {
    let page = await this.query(object, expression);
    expect(page.status).toBe(200);
    const records = [...(page.body.result ?? [])];
    while (page.body.queryToken) {
      page = await this.post(`/${object}/queryMore`, page.body.queryToken, { contentType: 'text/plain' });
      expect(page.status).toBe(200);
      records.push(...(page.body.result ?? []));
    }
    return records;
  }
}

export const eq = (property: string, value: string) => ({ operator: 'EQUALS', property, argument: [value] });

/** The control API, plain JSON, answered as it is. */
export function control<T = any>(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return new SandboxControlClient(sandbox.url).send<T>(method, path, body);
}

/** The demo sandbox of one test file; its fields are set once the file's beforeAll has run. */
export interface DemoSandbox {
  readonly sandbox: RunningSandbox;
  readonly boomi: BoomiTestClient;
  /** The demo world as loaded (ids and names). */
  world(): DemoWorld;
}

/**
 * Starts one demo sandbox for the calling test file (closed after all its tests) with a client for
 * the demo admin. `resetBeforeEach` restores the demo world before every test, so tests that write
 * do not see each other.
 */
export function useDemoSandbox(options: { resetBeforeEach: boolean }): DemoSandbox {
  let sandbox: RunningSandbox | undefined;
  let boomi: BoomiTestClient | undefined;
  const started = () => {
    if (!sandbox || !boomi) throw new Error('the demo sandbox is not started yet (used outside a test?)');
    return { sandbox, boomi };
  };
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    boomi = BoomiTestClient.forDemo(sandbox);
  });
  afterAll(() => sandbox?.close());
  if (options.resetBeforeEach) {
    beforeEach(async () => {
      await control(started().sandbox, 'POST', '/reset');
    });
  }
  return {
    get sandbox() {
      return started().sandbox;
    },
    get boomi() {
      return started().boomi;
    },
    world: () => started().sandbox.world!,
  };
}

/** Boomi's error body, as the sandbox must emit it. */
export function expectBoomiError(
  response: BoomiResponse,
  status: number,
  messagePart?: string | RegExp,
): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body['@type']).toBe('Error');
  expect(typeof response.body.message).toBe('string');
  if (messagePart !== undefined) expect(response.body.message).toMatch(messagePart);
}
