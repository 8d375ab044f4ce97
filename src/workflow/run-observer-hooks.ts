/**
 * Hooks through which the workflow reports its own progress as it executes in this process —
 * a run that starts here, a run DBOS recovery resumes here after a crash, a run taken over from
 * a dead instance alike. Logs and metrics plug in here (src/runtime/run-observer.ts), so every
 * run executing in a process is observed by that process, and each event is reported once:
 *   - onRunStart each time the run begins executing here (`resumed` when recovery started it);
 *   - onStepStart / onStepEnd around each executed step attempt (a checkpointed step replayed by
 *     recovery is not executed again, so it is not reported again);
 *   - onRunEnd when the run's row is ended by this process (a step re-run after a crash finds the
 *     run already ended and reports nothing).
 * An observer that throws never disturbs the run: its error is logged and dropped.
 */
import type { DeployMode } from '../domain/modes.ts';
import type { DeploymentTarget } from '../domain/promotion.ts';
import type { WorkflowLogger } from './logger.ts';

export interface RunRef {
  runId: string;
  promotionId: string;
}

export interface RunStartEvent extends RunRef {
  /** A Package and Deploy mode, or ROLLBACK (spec §12). */
  mode: DeployMode | 'ROLLBACK';
  deploymentTarget: DeploymentTarget;
  /** True when DBOS recovery (after a crash, or a takeover) started this execution. */
  resumed: boolean;
}

export interface StepStartEvent extends RunRef {
  step: string;
}

export interface StepEndEvent extends RunRef {
  step: string;
  state: 'SUCCEEDED' | 'FAILED';
  /** This attempt's duration, measured in-process. */
  seconds: number;
  error: string | null;
  /** This attempt's Boomi calls, `METHOD /Object[/action]`. */
  boomiCalls: string[];
}

export interface RunEndEvent extends RunRef {
  /** The run's mode as recorded on its row (a DeployMode for every run the service starts). */
  mode: string;
  state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  deploymentStatus: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface RunObserver {
  onRunStart?(event: RunStartEvent): void;
  onStepStart?(event: StepStartEvent): void;
  onStepEnd?(event: StepEndEvent): void;
  onRunEnd?(event: RunEndEvent): void;
}

/** The observer with every hook present and guarded: a throwing hook is logged, never rethrown. */
export type SafeRunObserver = Required<RunObserver>;

export function safeObserver(observer: RunObserver | undefined, log: WorkflowLogger): SafeRunObserver {
  const guard =
    <E extends RunRef>(name: keyof RunObserver, hook: ((event: E) => void) | undefined) =>
    (event: E) => {
      if (!hook) return;
      try {
        hook.call(observer, event);
      } catch (error) {
        log.warn(
          { runId: event.runId, hook: name, error: (error as Error)?.message ?? String(error) },
          'Run observer hook failed',
        );
      }
    };
  return {
    onRunStart: guard('onRunStart', observer?.onRunStart),
    onStepStart: guard('onStepStart', observer?.onStepStart),
    onStepEnd: guard('onStepEnd', observer?.onStepEnd),
    onRunEnd: guard('onRunEnd', observer?.onRunEnd),
  };
}

/**
 * Runs this process started (through the engine): their first execution here is a fresh start;
 * any other execution of a run here was started by DBOS recovery. One per engine.
 */
export class LocalStarts {
  private readonly startedHere = new Set<string>();

  expect(runId: string): void {
    this.startedHere.add(runId);
  }

  /** Forgets a local start that never reached the workflow (DBOS refused to start it). */
  forget(runId: string): void {
    this.startedHere.delete(runId);
  }

  /** True once for a run this process just started; false for a recovered execution. */
  take(runId: string): boolean {
    return this.startedHere.delete(runId);
  }
}
