/**
 * Writes whose outcome is unknown (timeout, 502, 504, reset, crash) are found out before they are
 * sent again. Boomi may still be working on a write the client gave up on, so a look-up that finds
 * nothing right away proves nothing: the step looks once more at a deadline measured from the
 * moment the write was sent (settings.writeSettleMs) — one look, not a poll — and only then writes
 * again. That moment is noted in the run's context before the write, so a step resumed after a
 * crash knows it too; a note older than the deadline means the write never reached Boomi, and the
 * step writes at once. A step that already knows Boomi's state from this run's own earlier read
 * (`known`) skips the first look while no send is noted: one Boomi call fewer, the same guarantee.
 */
import { isBoomiRequestError, realTime } from '../../boomi/index.ts';
import { beforeBoomiWrite } from '../call-tracker.ts';
import type { StepDeps } from '../deps.ts';

/** Default patience for a write's effect to show: twice the client's default request timeout. */
export const DEFAULT_WRITE_SETTLE_MS = 60_000;

/** Writes sent by one step attempt: the first, and one more once the first's deadline has passed. */
const WRITES_PER_ATTEMPT = 2;

/** Statuses after which Boomi may or may not have acted on a write (0: no answer at all). */
const UNKNOWN_OUTCOME = [0, 502, 504];

export function isUnknownOutcome(error: unknown): boolean {
  return isBoomiRequestError(error) && UNKNOWN_OUTCOME.includes(error.status);
}

export interface CheckedWrite<T> {
  runId: string;
  /** Context key of the note "this write was sent at …" (one per write of the run). */
  note: string;
  /** The write's effect if Boomi shows it; undefined when not (yet) seen. */
  find: () => Promise<T | undefined>;
  /** `firstSend`: no send of this write was noted before, so the run's own earlier reads still hold. */
  write: (context: { firstSend: boolean }) => Promise<T>;
  /**
   * What this run read of the effect moments ago (an earlier step's checkpointed output), in
   * place of the first look: `found` is the effect, or undefined when there was none. Trusted
   * only while the run has no note of sending the write — once it has, Boomi is looked at.
   */
  known?: { found: T | undefined };
}

export type WriteOnceDeps = Pick<StepDeps, 'repos' | 'settings'>;

/** When a write noted under `note` was sent, if it was. */
async function sentAt({ repos }: WriteOnceDeps, runId: string, note: string): Promise<number | undefined> {
  const context = (await repos.deploymentRuns.get(runId))?.context ?? {};
  const at = Date.parse(String(context[note]));
  return Number.isFinite(at) ? at : undefined;
}

/** One look at the deadline (not a poll): Boomi has either finished the write by then or never got it. */
async function lookAtDeadline<T>(find: () => Promise<T | undefined>, deadlineMs: number) {
  await realTime.sleep(deadlineMs - Date.now());
  return find();
}

/** The effect of the write: found in Boomi (also late, by the deadline), or written now. */
export async function writeOnce<T>(deps: WriteOnceDeps, op: CheckedWrite<T>): Promise<T> {
  const settleMs = deps.settings.writeSettleMs ?? DEFAULT_WRITE_SETTLE_MS;
  const earlier = await sentAt(deps, op.runId, op.note);
  const found = earlier === undefined && op.known ? op.known.found : await op.find();
  if (found !== undefined) return found;
  if (earlier !== undefined && earlier + settleMs > Date.now()) {
    const late = await lookAtDeadline(op.find, earlier + settleMs);
    if (late !== undefined) return late;
  }
  for (let write = 1; ; write++) {
    const now = Date.now();
    await deps.repos.deploymentRuns.mergeContext(op.runId, { [op.note]: new Date(now).toISOString() });
    beforeBoomiWrite();
    try {
      return await op.write({ firstSend: earlier === undefined && write === 1 });
    } catch (error) {
      if (!isUnknownOutcome(error) || write >= WRITES_PER_ATTEMPT) throw error;
      const late = await lookAtDeadline(op.find, now + settleMs);
      if (late !== undefined) return late;
    }
  }
}
