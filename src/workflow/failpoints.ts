/**
 * Crash points for the crash tests. Inert unless armed from config (`PROMO_FAILPOINT`), e.g.
 * `after-step:3-packaged-component` (the step's result is checkpointed, the next has not begun) or
 * `after-boomi-write:8-deploy` (Boomi accepted a write, the step holding it is not yet recorded).
 * An armed point that is hit kills this very process with SIGKILL: no cleanup, no flush, no finally —
 * exactly what a power cut or an OOM kill does to a running instance.
 */
import process from 'node:process';

let armed: string | undefined;

/** Arms one failpoint (or disarms with undefined). Called once at start-up from the config. */
export function armFailpoint(spec: string | undefined): void {
  armed = spec?.trim() || undefined;
}

/**
 * True when `point` is the armed one or lies under it: `after-boomi-write:8-deploy` matches the point
 * `after-boomi-write:8-deploy:env-1`, so a test can aim at "any environment" or at one.
 */
export function failpointMatches(spec: string, point: string): boolean {
  return point === spec || point.startsWith(`${spec}:`);
}

/** Kills the process here if this point is armed; does nothing otherwise. */
export function failpoint(point: string): void {
  if (armed !== undefined && failpointMatches(armed, point)) {
    process.kill(process.pid, 'SIGKILL');
  }
}
