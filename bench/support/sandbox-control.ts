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
}
