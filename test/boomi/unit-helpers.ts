// Shared set-up for the client's unit tests: a MockAgent standing in for api.boomi.com, a fake
// clock whose sleep() only moves virtual time (so retries and polls take no real time), and a
// client wired to both that records its call events.
import { MockAgent } from 'undici';
import { createBoomiClient, type BoomiCallEvent, type BoomiClientOptions } from '../../src/boomi/index.ts';

export const ACCOUNT = 'acme-A1B2C3';
export const USER = 'ci@acme.com';
export const TOKEN = 'tok-SECRET-5f1e9a7c-do-not-leak';
export const ORIGIN = 'https://api.boomi.com';
export const ROOT = `/api/rest/v1/${ACCOUNT}`;

export interface FakeTime {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  /** Every sleep requested, in order. */
  sleeps: number[];
}

export function fakeTime(random = 0.5): FakeTime {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => random,
    sleeps,
  };
}

export function mockBoomi(overrides: Partial<BoomiClientOptions> = {}) {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const time = fakeTime();
  const events: BoomiCallEvent[] = [];
  const client = createBoomiClient({
    accountId: ACCOUNT,
    username: USER,
    apiToken: TOKEN,
    dispatcher: agent,
    now: time.now,
    sleep: time.sleep,
    random: time.random,
    limiter: false,
    onCall: (event) => events.push(event),
    ...overrides,
  });
  /** What went over the wire: method, path (with query) and body, in order. */
  const calls = () =>
    (agent.getCallHistory()?.calls() ?? []).map((log) => ({
      method: log.method,
      path:
        log.path + (Object.keys(log.searchParams).length ? `?${new URLSearchParams(log.searchParams)}` : ''),
      body: log.body ?? undefined,
      headers: log.headers ?? {},
    }));
  /** Compact event log like `["GET /Branch/x 503 #1", …]`. */
  const eventLog = () => events.map((e) => `${e.method} ${e.path} ${e.status} #${e.attempt}`);
  return { agent, pool, client, time, events, calls, eventLog };
}

export const json = { headers: { 'content-type': 'application/json' } };
