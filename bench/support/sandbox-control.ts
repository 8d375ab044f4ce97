/** The sandbox's control API (`/__sandbox/…`) as the benchmarks use it: timings, limit, seed, call log. */
import type { LatencyModel } from './options.ts';

export interface LoggedCall {
  seq: number;
  method: string;
  path: string;
  status: number;
  /** Arrival time (ISO, ms). */
  time: string;
  durationMs: number;
}

export interface LiveAccount {
  accountId: string;
  environments: { id: string; name: string; classification?: string }[];
  branches: { id: string; name: string; stage: string }[];
  components: { id: string; name: string }[];
  integrationPacks: { id: string; name: string }[];
}

export class SandboxControl {
  constructor(readonly baseUrl: string) {}

  private async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Every Boomi call answers after `latencyMs`; the async stages take the model's durations. */
  setLatencyModel(model: LatencyModel): Promise<unknown> {
    return this.control('PUT', '/latency', {
      defaultMs: model.latencyMs,
      perRoute: {},
      mergeDraftingMs: model.mergeDraftingMs,
      mergeMergingMs: model.mergeMergingMs,
      releaseMs: model.releaseMs,
      branchReadyMs: 0,
    });
  }

  setRateLimit(perSecond: number): Promise<unknown> {
    return this.control('PUT', '/rate-limit', { perSecond });
  }

  async calls(since = 0): Promise<LoggedCall[]> {
    return (await this.control<{ calls: LoggedCall[] }>('GET', `/calls?since=${since}`)).calls;
  }

  async lastSeq(): Promise<number> {
    return (await this.calls()).at(-1)?.seq ?? 0;
  }

  clearCalls(): Promise<unknown> {
    return this.control('DELETE', '/calls');
  }

  seed(input: Record<string, unknown>): Promise<{ accounts: LiveAccount[] }> {
    return this.control('POST', '/seed', input);
  }

  async account(accountId: string): Promise<LiveAccount> {
    const { accounts } = await this.control<{ accounts: LiveAccount[] }>('GET', '/world');
    const account = accounts.find((a) => a.accountId === accountId);
    if (!account) throw new Error(`sandbox has no account ${accountId}`);
    return account;
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
}
