// Starts a sandbox on a loopback port (0 = any free port) and hands back its URLs and demo world.
import type { AddressInfo } from 'node:net';
import { buildSandboxApp, sandboxInstance } from './app.ts';
import type { DemoWorld } from './demo-world.ts';
import type { SandboxOptions } from './instance.ts';

export type { SandboxOptions } from './instance.ts';
export type { DemoWorld } from './demo-world.ts';

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/api/rest/v1`: a client appends `/{accountId}/{Object}`. */
  apiBaseUrl: string;
  world: DemoWorld | undefined;
  close(): Promise<void>;
}

export async function startSandbox(
  opts: SandboxOptions & { port?: number; host?: string },
): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', ...options } = opts;
  const app = buildSandboxApp(options);
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  const instance = sandboxInstance(app);
  return {
    url,
    apiBaseUrl: `${url}/api/rest/v1`,
    // A getter: a control-API reset reloads the world (same ids).
    get world() {
      return instance.world;
    },
    close: () => app.close(),
  };
}
