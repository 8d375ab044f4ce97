/**
 * The account's branch count against the seed's limits (spec §10): warning at 15 (operational
 * threshold), critical at 20 (hard limit). Read from Boomi (Branch query) at most once per
 * `maxAgeMs`, so /metrics scrapes, /readyz probes and status calls never spend Boomi's rate
 * budget; concurrent readers share one query.
 */
import { withBoomiLane, type BoomiClient } from '../boomi/index.ts';

export const BRANCH_WARNING_AT = 15;
export const BRANCH_CRITICAL_AT = 20;

export type BranchLevel = 'ok' | 'warning' | 'critical';

export interface BranchCount {
  count: number;
  warningAt: number;
  criticalAt: number;
  level: BranchLevel;
  /** When Boomi was asked (ISO time). */
  readAt: string;
}

export interface BranchCounter {
  /** The count, at most `maxAgeMs` old; throws when Boomi cannot be read and nothing is cached. */
  read(): Promise<BranchCount>;
}

export function branchLevel(count: number): BranchLevel {
  if (count >= BRANCH_CRITICAL_AT) return 'critical';
  return count >= BRANCH_WARNING_AT ? 'warning' : 'ok';
}

export function createBranchCounter(
  boomi: Pick<BoomiClient, 'branches'>,
  options: { maxAgeMs?: number | undefined; now?: () => number } = {},
): BranchCounter {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const now = options.now ?? Date.now;
  let cached: { value: BranchCount; at: number } | undefined;
  let reading: Promise<BranchCount> | undefined;
  const readBoomi = async (): Promise<BranchCount> => {
    const count = await withBoomiLane('background', () => boomi.branches.countLive(), 'branch-count');
    const at = now();
    const value = {
      count,
      warningAt: BRANCH_WARNING_AT,
      criticalAt: BRANCH_CRITICAL_AT,
      level: branchLevel(count),
      readAt: new Date(at).toISOString(),
    };
    cached = { value, at };
    return value;
  };
  return {
    read() {
      if (cached && now() - cached.at < maxAgeMs) return Promise.resolve(cached.value);
      reading ??= readBoomi().finally(() => {
        reading = undefined;
      });
      return reading;
    },
  };
}
