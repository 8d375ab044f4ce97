/**
 * A typed client of the sandbox's control API (`/__sandbox/…`): its world, call log, faults,
 * timings, rate limit and seed. The one client tests and benchmarks use; each adds only the
 * helpers of its own (a raw Boomi GET, the latency model of a benchmark).
 */
import { isBoomiWrite } from '../domain/boomi-calls.ts';
import type { CallFilter, CallRecord } from './call-log.ts';
import type { DemoWorld } from './demo-world.ts';

export type { CallFilter, CallRecord };

/** One account of `GET /__sandbox/world`, as it is now (the parts callers read). */
export interface LiveAccount {
  accountId: string;
  mainBranchId: string;
  environments: { id: string; name: string; classification?: string }[];
  branches: { id: string; name: string; stage: string }[];
  components: { id: string; name: string }[];
  integrationPacks: { id: string; name: string; components: unknown[] }[];
  deployments: { deploymentId: string; environmentId: string; packageId: string; active: boolean }[];
}

export interface WorldView {
  /** The demo world as loaded (ids and names; it does not change as runs go), or null. */
  demo: DemoWorld | null;
  accounts: LiveAccount[];
  rateLimitPerSecond: number;
}

/** Async stages that finish at once: runs take as long as their calls through the rate limiter. */
export const INSTANT_STAGES = { branchReadyMs: 0, mergeDraftingMs: 0, mergeMergingMs: 0, releaseMs: 0 };

export class SandboxControlClient {
  /** `baseUrl`: the sandbox's root URL (`RunningSandbox.url`), not its Boomi API base. */
  constructor(readonly baseUrl: string) {}

  /** Any control call, answered as it is (for tests of the control API itself). */
  async send<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}/__sandbox${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A control call that must succeed. */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.send<T>(method, path, body);
    if (answer.status >= 300) {
      throw new Error(`sandbox ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  world(): Promise<WorldView> {
    return this.call('GET', '/world');
  }

  async account(accountId: string): Promise<LiveAccount> {
    const account = (await this.world()).accounts.find((a) => a.accountId === accountId);
    if (!account) throw new Error(`sandbox has no account ${accountId}`);
    return account;
  }

  /** The call log, oldest first: after a sequence number, or filtered (method, path, since). */
  async calls(filter: number | CallFilter = {}): Promise<CallRecord[]> {
    const fields = typeof filter === 'number' ? { since: String(filter) } : filter;
    const query = new URLSearchParams(Object.entries(fields).filter(([, v]) => v !== undefined)).toString();
    return (await this.call<{ calls: CallRecord[] }>('GET', `/calls${query ? `?${query}` : ''}`)).calls;
  }

  /** The sequence number of the newest call so far (0 when none): pass it to `writeCallsSince`. */
  async lastSeq(): Promise<number> {
    return (await this.calls()).at(-1)?.seq ?? 0;
  }

  /** Boomi writes (any outcome) after `since`, in order. */
  async writeCallsSince(since: number): Promise<CallRecord[]> {
    return (await this.calls(since)).filter(isBoomiWrite);
  }

  clearCalls(): Promise<unknown> {
    return this.call('DELETE', '/calls');
  }

  /** One fault rule, or several at once. */
  addFault(fault: Record<string, unknown> | Record<string, unknown>[]): Promise<unknown> {
    return this.call('POST', '/faults', fault);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  /** Response latency and the durations of the async stages (merge, release, branch copy). */
  setLatency(latency: Record<string, unknown>): Promise<unknown> {
    return this.call('PUT', '/latency', latency);
  }

  /** Requests per second per account before 503; 0 disables the limit. */
  setRateLimit(perSecond: number): Promise<unknown> {
    return this.call('PUT', '/rate-limit', { perSecond });
  }

  /** Adds accounts, branches, components, environments …; answers the world as it now is. */
  seed(input: Record<string, unknown>): Promise<WorldView> {
    return this.call('POST', '/seed', input);
  }

  /** Adds environments to the account unless one of that name exists; returns all its environments. */
  async ensureEnvironments(
    accountId: string,
    wanted: { name: string; classification: 'TEST' | 'PROD' }[],
  ): Promise<LiveAccount['environments']> {
    const existing = new Set((await this.account(accountId)).environments.map((e) => e.name));
    const missing = wanted.filter((e) => !existing.has(e.name)).map((e) => ({ ...e, accountId }));
    if (missing.length > 0) await this.seed({ environments: missing });
    return (await this.account(accountId)).environments;
  }

  /** Instant async stages and no rate limit. */
  async unthrottle(): Promise<void> {
    await this.setLatency(INSTANT_STAGES);
    await this.setRateLimit(0);
  }
}
