/**
 * Attributes Boomi calls to the run step that made them, for the run history ("Boomi calls made")
 * and for the `after-boomi-write:<step>` failpoint. The client reports every attempt through its
 * `onCall` hook; an AsyncLocalStorage scope opened around each step body says which step is running,
 * so no step has to pass a recorder down to the client.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BoomiCallEvent } from '../boomi/index.ts';
import { describeBoomiCall, isBoomiWrite } from '../domain/boomi-calls.ts';
import { failpoint } from './failpoints.ts';

interface StepScope {
  stepName: string;
  calls: string[];
}

const scope = new AsyncLocalStorage<StepScope>();

/** Plug into the Boomi client's `onCall` (alongside metrics). Outside a step it does nothing. */
export function trackBoomiCall(event: BoomiCallEvent): void {
  const current = scope.getStore();
  if (!current) return;
  current.calls.push(describeBoomiCall(event));
  if (isBoomiWrite(event) && event.status >= 200 && event.status < 300) {
    failpoint(`after-boomi-write:${current.stepName}`);
  }
}

/**
 * Just before a step sends a Boomi write: the `before-boomi-write:<step>` failpoint, so a crash test
 * can kill the process after the step noted the write and before Boomi received it.
 */
export function beforeBoomiWrite(): void {
  const current = scope.getStore();
  if (current) failpoint(`before-boomi-write:${current.stepName}`);
}

/** Runs `body` with its Boomi calls collected; the list is returned whether the body succeeds or not. */
export async function withCallTracking<T>(
  stepName: string,
  body: () => Promise<T>,
): Promise<{ outcome: { ok: true; value: T } | { ok: false; error: unknown }; calls: string[] }> {
  const current: StepScope = { stepName, calls: [] };
  try {
    const value = await scope.run(current, body);
    return { outcome: { ok: true, value }, calls: current.calls };
  } catch (error) {
    return { outcome: { ok: false, error }, calls: current.calls };
  }
}
