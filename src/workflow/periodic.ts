/**
 * A background pass run once now and then every `intervalMs`, never two at once in this process;
 * a failing pass is logged and the next one runs as usual. `stop()` waits for a pass in flight.
 */
import type { WorkflowLogger } from './logger.ts';

export interface PeriodicPass {
  stop(): Promise<void>;
}

export async function startPeriodic(options: {
  /** Names the pass in the warning of a failed one, e.g. `Stale-run reconciliation`. */
  name: string;
  pass: () => Promise<unknown>;
  intervalMs: number;
  log: WorkflowLogger;
}): Promise<PeriodicPass> {
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  const pass = () => {
    if (stopped || inFlight) return inFlight ?? Promise.resolve();
    inFlight = options
      .pass()
      .then(
        () => undefined,
        (error: unknown) => {
          options.log.warn(
            { error: (error as Error)?.message ?? String(error) },
            `${options.name} pass failed`,
          );
        },
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  await pass();
  const timer = setInterval(() => void pass(), options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
