// Fault injection (control API `/__sandbox/faults`): HTTP rules ("the next 3 POST /DeployedPackage
// answer 500") and scenario faults that change how an async object ends ("a merge ends
// FAILED_TO_MERGE", "a release ends ERROR"), optionally scoped to one id.
import { randomUUID } from 'node:crypto';
import { compilePathPattern } from './path-pattern.ts';

export const SCENARIOS = ['mergeFails', 'releaseError', 'draftFails'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface FaultRule {
  id: string;
  kind: 'http';
  /** HTTP method or `*`. */
  method: string;
  pathPattern: string;
  status: number;
  body?: unknown;
  /** Calls still to fault; null = every call until the rule is deleted. */
  remaining: number | null;
  /** Only calls whose effective account is this one (optional). */
  account?: string;
  hits: number;
}

export interface ScenarioFault {
  id: string;
  kind: 'scenario';
  scenario: Scenario;
  /** Merge request, branch, pack or release request id it applies to; any when absent. */
  targetId?: string;
  remaining: number | null;
  hits: number;
}

export type Fault = FaultRule | ScenarioFault;

export class FaultInputError extends Error {}

function times(value: unknown, fallback: number | null): number | null {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new FaultInputError('times must be a positive integer (omit it for "every call")');
  }
  return value;
}

function optionalText(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FaultInputError(`${key} must be a string`);
  return value;
}

function parseFault(raw: unknown): Fault {
  if (typeof raw !== 'object' || raw === null) throw new FaultInputError('a fault must be an object');
  const input = raw as Record<string, unknown>;
  if (input.scenario !== undefined) {
    if (!SCENARIOS.includes(input.scenario as Scenario)) {
      throw new FaultInputError(`scenario must be one of ${SCENARIOS.join(', ')}`);
    }
    const fault: ScenarioFault = {
      id: randomUUID(),
      kind: 'scenario',
      scenario: input.scenario as Scenario,
      remaining: times(input.times, 1),
      hits: 0,
    };
    const targetId = optionalText(input, 'id');
    if (targetId) fault.targetId = targetId;
    return fault;
  }
  const pathPattern = optionalText(input, 'pathPattern');
  if (!pathPattern) throw new FaultInputError('pathPattern is required, e.g. "/DeployedPackage"');
  try {
    compilePathPattern(pathPattern);
  } catch {
    throw new FaultInputError(`pathPattern '${pathPattern}' is not a valid pattern`);
  }
  const status = input.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new FaultInputError('status must be an HTTP status code, e.g. 500');
  }
  const rule: FaultRule = {
    id: randomUUID(),
    kind: 'http',
    method: (optionalText(input, 'method') ?? '*').toUpperCase(),
    pathPattern,
    status,
    remaining: times(input.times, null),
    hits: 0,
  };
  if (input.body !== undefined) rule.body = input.body;
  const account = optionalText(input, 'account');
  if (account) rule.account = account;
  return rule;
}

export class SandboxFaults {
  private faults: Fault[] = [];
  private readonly patterns = new Map<string, RegExp>();

  /** Adds one fault or a list of them; throws FaultInputError (nothing added) on a bad one. */
  add(input: unknown): Fault[] {
    const items = Array.isArray(input) ? input : [input];
    const parsed = items.map(parseFault);
    for (const f of parsed) {
      if (f.kind === 'http') this.patterns.set(f.id, compilePathPattern(f.pathPattern));
    }
    this.faults.push(...parsed);
    return parsed;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
    this.patterns.clear();
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    this.patterns.delete(id);
    return this.faults.length < before;
  }

  private consume(fault: Fault): void {
    fault.hits += 1;
    if (fault.remaining === null) return;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.remove(fault.id);
  }

  /** The HTTP rule this call trips (counting it), if any. */
  matchCall(method: string, objectPath: string, accountId: string): FaultRule | undefined {
    for (const f of this.faults) {
      if (f.kind !== 'http') continue;
      if (f.method !== '*' && f.method !== method.toUpperCase()) continue;
      if (f.account && f.account !== accountId) continue;
      if (!this.patterns.get(f.id)?.test(objectPath)) continue;
      this.consume(f);
      return f;
    }
    return undefined;
  }

  /** True (counting it) when a scenario fault applies to an object with one of these ids. */
  takeScenario(scenario: Scenario, ids: readonly string[]): boolean {
    for (const f of this.faults) {
      if (f.kind !== 'scenario' || f.scenario !== scenario) continue;
      if (f.targetId && !ids.includes(f.targetId)) continue;
      this.consume(f);
      return true;
    }
    return false;
  }
}
