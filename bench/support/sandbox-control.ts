/** The sandbox's control API as the benchmarks use it: the shared client plus a latency model. */
import { SandboxControlClient, type CallRecord, type LiveAccount } from '../../src/sandbox/control-client.ts';
import type { LatencyModel } from './options.ts';

export type LoggedCall = CallRecord;
export type { LiveAccount };

export class SandboxControl extends SandboxControlClient {
  /** Every Boomi call answers after `latencyMs`; the async stages take the model's durations. */
  setLatencyModel(model: LatencyModel): Promise<unknown> {
    return this.setLatency({
      defaultMs: model.latencyMs,
      perRoute: {},
      mergeDraftingMs: model.mergeDraftingMs,
      mergeMergingMs: model.mergeMergingMs,
      releaseMs: model.releaseMs,
      branchReadyMs: 0,
    });
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
