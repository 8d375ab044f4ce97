/**
 * The physical lower bound of one run, from the sandbox's call log: what Boomi itself took.
 *
 * The run's calls are sequential. A call that starts an asynchronous stage (merge drafting, merge
 * execution, release) makes the run wait the stage's duration D; polls that arrive before the
 * stage is due add nothing but waiting and are left out; every other call is needed and costs
 * its latency. So:
 *
 *   latency bound = Σ latency of the needed calls + Σ D of the stages          (the issue's bound)
 *   paced bound   = the same path, with no two calls starting less than 1/rate apart
 *                   (the account's limit is Boomi's physics too: at 10/s and 80 ms per call, a
 *                   sequential run cannot call faster than every 100 ms)
 *
 * The run sends some calls together (its deploys, then its cache refreshes' one read): the bound
 * above counts each call's whole latency, as the issue defines it, so a run that overlaps calls can
 * beat it. `overlapMs` says by how much (Σ latency of the needed calls − the time they covered),
 * and `overlappedBoundMs` = latency bound − overlap is the bound with concurrent calls counted once.
 *
 * The run's wall time splits into: before the first call, the latency bound, limiter pacing,
 * poll overshoot (how late the deciding poll came after the stage was due), minus the overlap,
 * other gaps between calls (the orchestrator's own work: database steps, checkpoints), and after
 * the last call.
 */
import type { LoggedCall } from './sandbox-control.ts';
import type { LatencyModel } from './options.ts';

type StageKind = 'merge' | 'release';

interface Classified extends LoggedCall {
  arrivalMs: number;
  endMs: number;
  /** Duration of the async stage this call starts (0 for none). */
  startsStageMs: number;
  pollOf?: StageKind;
  /** A poll that arrived while its stage was still pending: waiting, not work. */
  pending: boolean;
}

function stageStarted(
  call: LoggedCall,
  model: LatencyModel,
): { kind: StageKind; name: string; ms: number } | undefined {
  if (call.method !== 'POST') return undefined;
  if (call.path === '/MergeRequest')
    return { kind: 'merge', name: 'merge drafting', ms: model.mergeDraftingMs };
  if (call.path.startsWith('/MergeRequest/execute/'))
    return { kind: 'merge', name: 'merge execution', ms: model.mergeMergingMs };
  if (call.path === '/ReleaseIntegrationPack')
    return { kind: 'release', name: 'release', ms: model.releaseMs };
  return undefined;
}

function pollKind(call: LoggedCall): StageKind | undefined {
  if (call.method !== 'GET') return undefined;
  if (/^\/MergeRequest\/[^/]+$/.test(call.path)) return 'merge';
  if (/^\/ReleaseIntegrationPackStatus\/[^/]+$/.test(call.path)) return 'release';
  return undefined;
}

export interface StageTiming {
  kind: StageKind;
  name: string;
  durationMs: number;
  pendingPolls: number;
  /** Arrival of the first poll that saw it done, minus (the starter's end + D). */
  overshootMs: number;
}

export interface CriticalPath {
  calls: number;
  neededCalls: number;
  pendingPolls: number;
  latencyBoundMs: number;
  /** The latency bound with calls that overlapped in time counted once. */
  overlappedBoundMs: number;
  pacedBoundMs: number;
  stages: StageTiming[];
  breakdown: {
    beforeFirstCallMs: number;
    latencyBoundMs: number;
    limiterPacingMs: number;
    pollOvershootMs: number;
    /** Σ latency of the needed calls − the time they covered together. */
    overlapMs: number;
    otherGapsMs: number;
    afterLastCallMs: number;
  };
}

/**
 * `calls`: the run's calls in order (a single run, nothing else calling meanwhile).
 * `wall`: when the client sent the request and when it had the answer (epoch ms).
 */
export function criticalPath(
  calls: readonly LoggedCall[],
  model: LatencyModel,
  ratePerSecond: number,
  wall: { startMs: number; endMs: number },
): CriticalPath {
  if (calls.length === 0) throw new Error('no Boomi calls in the run window');
  const classified: Classified[] = [];
  const stages: (StageTiming & { dueMs: number; starterEndMs: number; seen: boolean })[] = [];
  const open = new Map<StageKind, (typeof stages)[number]>();
  for (const call of calls) {
    const arrivalMs = Date.parse(call.time);
    const c: Classified = {
      ...call,
      arrivalMs,
      endMs: arrivalMs + call.durationMs,
      startsStageMs: 0,
      pending: false,
    };
    const kind = pollKind(call);
    const stage = kind ? open.get(kind) : undefined;
    if (kind && stage && !stage.seen) {
      c.pollOf = kind;
      // The sandbox decides after its latency sleep: that moment is what must reach the due time.
      c.pending = arrivalMs + model.latencyMs < stage.dueMs;
      if (c.pending) stage.pendingPolls += 1;
      else {
        stage.seen = true;
        stage.overshootMs = arrivalMs - (stage.starterEndMs + stage.durationMs);
      }
    }
    const started = stageStarted(call, model);
    if (started && call.status < 300) {
      c.startsStageMs = started.ms;
      const timing = {
        kind: started.kind,
        name: started.name,
        durationMs: started.ms,
        pendingPolls: 0,
        overshootMs: 0,
        dueMs: arrivalMs + model.latencyMs + started.ms,
        starterEndMs: c.endMs,
        seen: false,
      };
      stages.push(timing);
      open.set(started.kind, timing);
    }
    classified.push(c);
  }

  const needed = classified.filter((c) => !c.pending);
  const latencyBoundMs =
    needed.reduce((sum, c) => sum + c.durationMs, 0) + stages.reduce((sum, s) => sum + s.durationMs, 0);

  // Same path, calls no closer than one limiter interval.
  const interval = ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  let readyAt = 0;
  let lastStart = -Infinity;
  for (const c of needed) {
    const start = Math.max(readyAt, lastStart + interval);
    readyAt = start + c.durationMs + c.startsStageMs;
    lastStart = start;
  }
  const pacedBoundMs = readyAt;

  const first = classified[0]!;
  const last = classified[classified.length - 1]!;
  const beforeFirstCallMs = first.arrivalMs - wall.startMs;
  const afterLastCallMs = wall.endMs - last.endMs;
  // Negative when the deciding poll was sent before the stage was due (it still found it done):
  // the bound counts that poll's whole latency after the stage, so it can be beaten by up to one
  // latency per stage.
  const pollOvershootMs = stages.reduce((sum, s) => sum + s.overshootMs, 0);
  const limiterPacingMs = pacedBoundMs - latencyBoundMs;
  const overlapMs = overlapOf(needed);
  const wallMs = wall.endMs - wall.startMs;
  const otherGapsMs =
    wallMs -
    beforeFirstCallMs -
    afterLastCallMs -
    latencyBoundMs -
    limiterPacingMs -
    pollOvershootMs +
    overlapMs;

  return {
    calls: classified.length,
    neededCalls: needed.length,
    pendingPolls: classified.length - needed.length,
    latencyBoundMs,
    overlappedBoundMs: latencyBoundMs - overlapMs,
    pacedBoundMs,
    stages: stages.map(({ kind, name, durationMs, pendingPolls, overshootMs }) => ({
      kind,
      name,
      durationMs,
      pendingPolls,
      overshootMs: Math.round(overshootMs),
    })),
    breakdown: {
      beforeFirstCallMs: Math.round(beforeFirstCallMs),
      latencyBoundMs: Math.round(latencyBoundMs),
      limiterPacingMs: Math.round(limiterPacingMs),
      pollOvershootMs: Math.round(pollOvershootMs),
      overlapMs: Math.round(overlapMs),
      otherGapsMs: Math.round(otherGapsMs),
      afterLastCallMs: Math.round(afterLastCallMs),
    },
  };
}

/** Σ duration of the calls − the length of the union of their [arrival, end] intervals. */
function overlapOf(calls: readonly Classified[]): number {
  const sorted = [...calls].sort((a, b) => a.arrivalMs - b.arrivalMs);
  let covered = 0;
  let span: { start: number; end: number } | undefined;
  for (const call of sorted) {
    if (span && call.arrivalMs <= span.end) {
      span.end = Math.max(span.end, call.endMs);
      continue;
    }
    if (span) covered += span.end - span.start;
    span = { start: call.arrivalMs, end: call.endMs };
  }
  if (span) covered += span.end - span.start;
  return calls.reduce((sum, call) => sum + call.durationMs, 0) - covered;
}
