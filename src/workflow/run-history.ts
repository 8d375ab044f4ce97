/**
 * The run history: every step's name, timings, outcome and Boomi calls, written to
 * deployment_runs / deployment_run_steps as they happen, and delivered to subscribers (the SSE
 * endpoint). Delivery reads the database — woken at once by an in-process signal when this
 * instance wrote the change, and by a slow poll otherwise — so late subscribers and subscribers
 * on another instance see exactly what a local one sees.
 */
import { EventEmitter } from 'node:events';
import type { DeployResponse } from '../domain/deploy-response.ts';
import type { DeploymentRunView, RunEvent, RunStepView, Unsubscribe } from '../domain/runs.ts';
import type {
  DeploymentRunStepsRepository,
  RunStep,
  StepEnd,
} from '../store/repositories/deployment-run-steps.ts';
import type {
  DeploymentRun,
  DeploymentRunsRepository,
  RunOutcome,
} from '../store/repositories/deployment-runs.ts';
import { silentLogger } from './logger.ts';
import { rolledBackEnvironmentsOf } from './rolled-back-environments.ts';
import { safeObserver, type SafeRunObserver } from './run-observer-hooks.ts';

/** A step's place among its run's start rows (RunHistory.takeTurn). */
export interface StepTurn {
  previous: Promise<void>;
  pass: () => void;
  /** Set once the step's first attempt wrote its start row in this place. */
  used?: boolean;
}

/** How often a subscriber re-reads the database when no local signal arrives (other instances). */
const POLL_MS = 1000;

export class RunHistory {
  private readonly signals = new EventEmitter();
  /**
   * Per run, its last step-row write (pending or done). A run's step rows are written one at a
   * time, in the order its steps start and end: rows of steps run together stay in the run's
   * order, and no change number is committed after a higher one (a subscriber reading changes
   * after the highest it saw would otherwise miss one).
   */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly runs: DeploymentRunsRepository,
    private readonly steps: DeploymentRunStepsRepository,
    private readonly pollMs = POLL_MS,
    private readonly observer: SafeRunObserver = safeObserver(undefined, silentLogger),
  ) {
    this.signals.setMaxListeners(0);
  }

  /**
   * Called when a step is started, before the engine's own awaits: reserves the step's start row
   * its place among the run's writes. `pass` gives the place up (idempotent): the row is written,
   * or the step finished before a crash and is not run again.
   */
  takeTurn(runId: string): StepTurn {
    const previous = this.writes.get(runId) ?? Promise.resolve();
    let pass!: () => void;
    const mine = new Promise<void>((resolve) => (pass = resolve));
    void this.queue(runId, () => mine);
    return { previous, pass };
  }

  async stepStarted(runId: string, name: string, turn?: StepTurn): Promise<void> {
    const write = () => this.steps.start(runId, name);
    if (turn && !turn.used) {
      // The step's first attempt writes in its reserved place; a retry queues like any write.
      turn.used = true;
      try {
        await turn.previous;
        await write();
      } finally {
        turn.pass();
      }
    } else {
      await this.queue(runId, write);
    }
    this.signals.emit(runId);
  }

  async stepEnded(runId: string, name: string, end: StepEnd): Promise<void> {
    await this.queue(runId, () => this.steps.finish(runId, name, end));
    this.signals.emit(runId);
  }

  /** Runs `write` after the run's previous step-row write settles. */
  private queue<T>(runId: string, write: () => Promise<T>): Promise<T> {
    const next = (this.writes.get(runId) ?? Promise.resolve()).then(write);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.writes.set(runId, settled);
    void settled.then(() => {
      if (this.writes.get(runId) === settled) this.writes.delete(runId);
    });
    return next;
  }

  /**
   * Stores the final response and ends the run. A run already ended keeps its first outcome (a
   * step re-run after a crash must not rewrite history) and is not reported again: returns the
   * ended row only when this call ended it, and only then tells the observer.
   */
  async runEnded(runId: string, outcome: RunOutcome): Promise<DeploymentRun | null> {
    const before = await this.runs.get(runId);
    if (!before || isEnded(before)) return null;
    const run = await this.runs.finish(runId, outcome);
    this.signals.emit(runId);
    if (!run || !isEnded(run)) return null;
    const response = (run.response ?? null) as DeployResponse | null;
    this.observer.onRunEnd({
      runId,
      promotionId: run.promotionId,
      mode: run.mode,
      state: run.state as 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
      deploymentStatus: response?.deploymentStatus ?? null,
      errorCode: run.errorCode,
      errorMessage: run.errorMessage,
    });
    return run;
  }

  async view(runId: string): Promise<DeploymentRunView | null> {
    const run = await this.runs.get(runId);
    if (!run) return null;
    const steps = await this.steps.list(runId);
    return toRunView(run, steps);
  }

  /** See DeploymentService.subscribe: steps so far, then live, then one `end`. */
  async subscribe(runId: string, listener: (event: RunEvent) => void): Promise<Unsubscribe | null> {
    if (!(await this.runs.get(runId))) return null;
    let lastChange = 0;
    let stopped = false;
    let pumping = false;
    let again = false;

    const stop = () => {
      stopped = true;
      clearInterval(timer);
      this.signals.off(runId, wake);
    };
    const pumpOnce = async () => {
      // Read the run first: if it had ended, every step change was written before this read.
      const run = await this.runs.get(runId);
      const changes = await this.steps.list(runId, { changedAfter: lastChange });
      for (const step of changes) {
        if (stopped) return;
        lastChange = Math.max(lastChange, step.changeSeq);
        listener({ type: 'step', step: toStepView(step) });
      }
      if (run && isEnded(run) && !stopped) {
        stop();
        const view = await this.view(runId);
        if (view) listener({ type: 'end', run: view });
      }
    };
    const pump = async () => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          await pumpOnce();
        } while (again && !stopped);
      } catch {
        // A failed read is retried by the next signal or poll.
      } finally {
        pumping = false;
      }
    };
    const wake = () => void pump();
    const timer = setInterval(wake, this.pollMs);
    timer.unref();
    this.signals.on(runId, wake);
    await pump();
    return stop;
  }
}

export function isEnded(run: Pick<DeploymentRun, 'state'>): boolean {
  return run.state === 'SUCCEEDED' || run.state === 'FAILED' || run.state === 'CANCELLED';
}

export function toStepView(step: RunStep): RunStepView {
  return {
    name: step.name,
    state: step.state,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
    error: step.error,
    boomiCalls: step.boomiCalls,
  };
}

export function toRunView(run: DeploymentRun, steps: readonly RunStep[]): DeploymentRunView {
  const state = run.state === 'SUCCEEDED' ? 'SUCCEEDED' : isEnded(run) ? 'FAILED' : 'RUNNING';
  return {
    runId: run.runId,
    promotionId: run.promotionId,
    state,
    steps: steps.map(toStepView),
    response: (run.response ?? null) as DeployResponse | null,
    rolledBackEnvironmentIds: rolledBackEnvironmentsOf(run),
  };
}
