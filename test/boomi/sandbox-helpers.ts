// Set-up for the client's integration tests: a real sandbox on a loopback port (demo world,
// tiny async durations), its control API, and clients whose every request is recorded on the
// wire so the tests can hold each one to the official OpenAPI subset.
import { Agent, type Dispatcher } from 'undici';
import { expect } from 'vitest';
import {
  createBoomiClient,
  type BoomiCallEvent,
  type BoomiClient,
  type BoomiClientOptions,
} from '../../src/boomi/index.ts';
import { SandboxControlClient, type CallFilter, type CallRecord } from '../../src/sandbox/control-client.ts';
import { startSandbox, type DemoWorld, type RunningSandbox } from '../../src/sandbox/server.ts';
import { validateBoomiRequest } from '../helpers/boomi-schema.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  body: string | undefined;
}

export type SandboxCall = CallRecord;

/** Fast polls for the tiny sandbox durations; the deadline is generous (timing decides nothing). */
export const FAST_POLL = { intervalMs: 20, maxIntervalMs: 100, backoffFactor: 1.5, timeoutMs: 20_000 };

export async function startTestSandbox(options: { rateLimitPerSecond?: number } = {}) {
  const sandbox: RunningSandbox = await startSandbox({
    port: 0,
    demo: true,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
    asyncDurations: { branchReadyMs: 30, mergeDraftingMs: 30, mergeMergingMs: 30, releaseMs: 60 },
  });
  const world = sandbox.world as DemoWorld;
  const requests: RecordedRequest[] = [];
  const agent = new Agent();
  // Records what the client actually sends, below every plugin (retries included).
  const recording: Dispatcher = agent.compose((dispatch) => (opts, handler) => {
    requests.push({
      method: String(opts.method),
      path: String(opts.path),
      body: typeof opts.body === 'string' ? opts.body : undefined,
    });
    return dispatch(opts, handler);
  });

  const control = new SandboxControlClient(sandbox.url);

  function client(overrides: Partial<BoomiClientOptions> = {}): BoomiClient & { events: BoomiCallEvent[] } {
    const events: BoomiCallEvent[] = [];
    const created = createBoomiClient({
      baseUrl: sandbox.apiBaseUrl,
      accountId: world.accountId,
      username: world.username,
      apiToken: world.apiToken,
      dispatcher: recording,
      rateLimitPerSecond: 1_000,
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      onCall: (event) => events.push(event),
      ...overrides,
    });
    return Object.assign(created, { events });
  }

  return {
    sandbox,
    world,
    requests,
    client,
    seed: (input: Record<string, unknown>) => control.seed(input),
    addFault: (fault: Parameters<SandboxControlClient['addFault']>[0]) => control.addFault(fault),
    clearFaults: () => control.clearFaults(),
    setRateLimit: (perSecond: number) => control.setRateLimit(perSecond),
    setLatency: (settings: Record<string, unknown>) => control.setLatency(settings),
    clearCalls: () => control.clearCalls(),
    calls: (filter: CallFilter = {}) => control.calls(filter),
    async close() {
      await sandbox.close();
      await agent.close();
    },
  };
}

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/**
 * The official schemas mark response-only fields as required (reference §0b): the OAS's own
 * create example for PackagedComponent omits them, and its MergeRequest create/execute examples
 * omit MergeRequestDetails. Only these "required property" complaints are forgiven; any other
 * mismatch (a wrong type, an unknown enum value, a path outside the subset) fails.
 */
const SCHEMA_QUIRKS: Record<string, readonly string[]> = {
  '/PackagedComponent': [
    'branchName',
    'componentType',
    'createdBy',
    'createdDate',
    'notes',
    'packageId',
    'packageVersion',
  ],
  '/MergeRequest': ['MergeRequestDetails'],
  '/MergeRequest/execute/{id}': ['MergeRequestDetails'],
};

function forgiven(problem: string): boolean {
  const match = /\((\/[^)]*)\) request: \(root\) must have required property '([^']+)'$/.exec(problem);
  return match !== null && (SCHEMA_QUIRKS[match[1] ?? ''] ?? []).includes(match[2] ?? '');
}

/** Every recorded request uses an operation of the subset and a body its schema accepts. */
export function expectRequestsFollowOfficialSchemas(requests: readonly RecordedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  const problems = requests.flatMap((request) => {
    const contentIsJson = request.body !== undefined && !request.path.endsWith('/queryMore');
    const body = contentIsJson ? (JSON.parse(request.body ?? '') as unknown) : request.body;
    return validateBoomiRequest(request.method, request.path, body).filter((problem) => !forgiven(problem));
  });
  expect(problems).toStrictEqual([]);
}
