// Lazily finishes every asynchronous stage whose time has come, before each Boomi call is handled.
import { advanceBranches } from './objects/branch.ts';
import { advanceMergeRequests } from './objects/merge-engine.ts';
import { advanceReleases } from './objects/release.ts';
import type { SandboxState } from './state.ts';

export function advanceAll(state: SandboxState): void {
  const nowMs = state.nowMs();
  for (const account of state.accounts.values()) {
    advanceBranches(account, nowMs);
    advanceMergeRequests(account, nowMs);
    advanceReleases(account, nowMs);
  }
}
