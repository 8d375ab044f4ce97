/** The sandbox's control API (`/__sandbox/...`): its world, call log, faults and async timings. */
import { SandboxControlClient } from '../../../src/sandbox/control-client.ts';
import { startServer, type RunningServer, type ServerOptions } from './server.ts';

export { INSTANT_STAGES as INSTANT } from '../../../src/sandbox/control-client.ts';

export interface World {
  accountId: string;
  apiToken: string;
  environments: { id: string; name: string; classification: 'TEST' | 'PROD' }[];
  accountGroups: { id: string; name: string; environmentIds: string[] }[];
  integrationPacks: { id: string; name: string; componentIds: string[] }[];
  promotions: { promotionId: string; branchId: string; processName: string; prodComponentId: string }[];
  branches: { id: string; name: string }[];
}

/** The shared control client, with the demo world as this suite reads it. */
export function sandboxControl(sandboxUrl: string) {
  const control = new SandboxControlClient(sandboxUrl);
  return {
    /** The demo world as loaded (ids and names; it does not change as runs go). */
    world: async (): Promise<World> => {
      const { demo } = await control.world();
      if (!demo) throw new Error('the sandbox has no demo world');
      return demo;
    },
    /** The primary account as it is now (packs, branches, deployments …). */
    account: (accountId: string) => control.account(accountId),
    calls: (since?: number) => control.calls(since ?? {}),
    /** The sequence number of the newest call so far (0 when none). */
    lastSeq: () => control.lastSeq(),
    writesSince: (seq: number) => control.writeCallsSince(seq),
    addFault: (fault: Record<string, unknown>) => control.addFault(fault),
    clearFaults: () => control.clearFaults(),
    setTimings: (timings: Record<string, number>) => control.setLatency(timings),
    /** Instant async stages and no sandbox rate limit: runs take only as long as their calls. */
    unthrottle: () => control.unthrottle(),
  };
}

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
