// The call log (control API `GET /__sandbox/calls`): every Boomi-path request with its outcome,
// faulted and throttled ones included, so tests can count exactly which writes happened.
import { compilePathPattern } from './path-pattern.ts';

export interface CallRecord {
  seq: number;
  method: string;
  /** Path after `/api/rest/v1/{accountId}` (query string removed), e.g. `/DeployedPackage`. */
  path: string;
  status: number;
  /** ISO time with milliseconds when the request arrived. */
  time: string;
  durationMs: number;
  /** Effective account (the URL's account, or the overrideAccount on partner calls). */
  account: string;
  /** Platform user name when known (never the token). */
  user: string | undefined;
  partner: boolean;
}

export interface CallFilter {
  method?: string;
  /** Exact path, glob or `^regex` (see path-pattern.ts). */
  path?: string;
  /** A sequence number (calls after it) or an ISO time (calls at or after it). */
  since?: string;
}

const MAX_CALLS = 20_000;

export class CallLog {
  private calls: CallRecord[] = [];
  private seq = 0;

  record(call: Omit<CallRecord, 'seq'>): CallRecord {
    this.seq += 1;
    const record = { seq: this.seq, ...call };
    this.calls.push(record);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    return record;
  }

  list(filter: CallFilter = {}): CallRecord[] {
    const method = filter.method?.toUpperCase();
    const path = filter.path ? compilePathPattern(filter.path) : undefined;
    const since = filter.since;
    const sinceSeq = since !== undefined && /^\d+$/.test(since) ? Number(since) : undefined;
    const sinceMs = since !== undefined && sinceSeq === undefined ? Date.parse(since) : undefined;
    return this.calls.filter(
      (c) =>
        (!method || c.method === method) &&
        (!path || path.test(c.path)) &&
        (sinceSeq === undefined || c.seq > sinceSeq) &&
        (sinceMs === undefined || Number.isNaN(sinceMs) || Date.parse(c.time) >= sinceMs),
    );
  }

  clear(): void {
    this.calls = [];
  }
}
