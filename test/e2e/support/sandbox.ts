/** The sandbox's control API (`/__sandbox/...`): its world, call log, faults and async timings. */
import { call } from './http.ts';
import { startServer, type RunningServer, type ServerOptions } from './server.ts';

export interface CallRecord {
  seq: number;
  method: string;
  path: string;
  status: number;
}

export interface World {
  accountId: string;
  apiToken: string;
  environments: { id: string; name: string; classification: 'TEST' | 'PROD' }[];
  accountGroups: { id: string; name: string; environmentIds: string[] }[];
  integrationPacks: { id: string; name: string; componentIds: string[] }[];
  promotions: { promotionId: string; branchId: string; processName: string; prodComponentId: string }[];
  branches: { id: string; name: string }[];
}

export interface LiveAccount {
  accountId: string;
  integrationPacks: { id: string; name: string }[];
  branches: { id: string; name: string; stage: string }[];
}

/** Queries are POSTs that change nothing. */
export function isWrite(c: Pick<CallRecord, 'method' | 'path'>): boolean {
  return c.method !== 'GET' && !/\/(query|queryMore|bulk)$/.test(c.path);
}

export function sandboxControl(sandboxUrl: string) {
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call<T>(sandboxUrl, method, `/__sandbox${path}`, body === undefined ? {} : { body });
    if (answer.status >= 300)
      throw new Error(`sandbox ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return {
    /** The demo world as loaded (ids and names; it does not change as runs go). */
    world: async () => (await control<{ demo: World }>('GET', '/world')).demo,
    /** The primary account as it is now (packs, branches, deployments …). */
    account: async (accountId: string) => {
      const { accounts } = await control<{ accounts: LiveAccount[] }>('GET', '/world');
      return accounts.find((a) => a.accountId === accountId)!;
    },
    calls: async (since?: number) =>
      (await control<{ calls: CallRecord[] }>('GET', `/calls${since === undefined ? '' : `?since=${since}`}`))
        .calls,
    /** The sequence number of the newest call so far (0 when none). */
    lastSeq: async () => {
      const calls = (await control<{ calls: CallRecord[] }>('GET', '/calls')).calls;
      return calls.at(-1)?.seq ?? 0;
    },
    writesSince: async (seq: number) =>
      (await control<{ calls: CallRecord[] }>('GET', `/calls?since=${seq}`)).calls.filter(isWrite),
    addFault: (fault: Record<string, unknown>) => control('POST', '/faults', fault),
    clearFaults: () => control('DELETE', '/faults'),
    setTimings: (timings: Record<string, number>) => control('PUT', '/latency', timings),
    /** Instant async stages and no sandbox rate limit: runs take only as long as their calls. */
    async unthrottle() {
      await control('PUT', '/latency', INSTANT);
      await control('PUT', '/rate-limit', { perSecond: 0 });
    },
  };
}

/** Async stages finish at once: runs take as long as their calls through the rate limiter. */
export const INSTANT = { branchReadyMs: 0, mergeDraftingMs: 0, mergeMergingMs: 0, releaseMs: 0 };

export type SandboxControl = ReturnType<typeof sandboxControl>;

/**
 * The real server in sandbox mode (startServer), its sandbox unthrottled, and the demo world read.
 * If the sandbox cannot be reached the server is disposed, as the caller never gets to do it.
 */
export async function startServerWithSandbox(
  options: ServerOptions = {},
): Promise<{ server: RunningServer; sandbox: SandboxControl; world: World }> {
  const server = await startServer(options);
  try {
    const sandbox = sandboxControl(server.sandboxUrl);
    await sandbox.unthrottle();
    return { server, sandbox, world: await sandbox.world() };
  } catch (error) {
    await server.dispose();
    throw error;
  }
}
