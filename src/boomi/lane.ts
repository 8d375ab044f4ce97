/**
 * Priority lanes of the account-wide limiter. Whoever starts work (a run, a cache rebuild) says
 * which lane its Boomi calls travel in with `withBoomiLane`; the limiter plugin reads it from an
 * AsyncLocalStorage scope, so no step or resource module has to pass it down. Within one lane the
 * limiter serves callers (one scope = one caller, e.g. one run) round robin.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Highest priority first. */
export const BOOMI_LANES = ['hotfix', 'production', 'test', 'background'] as const;
export type BoomiLane = (typeof BOOMI_LANES)[number];

/** Calls made outside any scope travel as test runs do. */
export const DEFAULT_BOOMI_LANE: BoomiLane = 'test';

/** What the limiter needs to know about a call: its lane and whose turn it is within the lane. */
export interface LaneTicket {
  lane: BoomiLane;
  /** Round-robin identity within the lane, e.g. the run id. */
  caller: string;
}

const scope = new AsyncLocalStorage<LaneTicket>();
let scopes = 0;

/**
 * Runs `fn` with every Boomi call it makes (at any depth) in `lane`. `caller` names the turn
 * holder within the lane (pass the run id so a recovered run keeps its identity); by default
 * each scope is its own caller.
 */
export function withBoomiLane<T>(lane: BoomiLane, fn: () => T, caller?: string): T {
  scopes += 1;
  return scope.run({ lane, caller: caller ?? `scope-${scopes}` }, fn);
}

export function currentLaneTicket(): LaneTicket {
  return scope.getStore() ?? { lane: DEFAULT_BOOMI_LANE, caller: 'unscoped' };
}

/** 0 for the highest lane. */
export function laneRank(lane: BoomiLane): number {
  return BOOMI_LANES.indexOf(lane);
}
