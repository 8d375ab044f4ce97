// `promo sandbox [--port 9090] [--demo]`: runs the Boomi sandbox alone and prints how to call it.
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config.ts';
import { startSandbox } from '../../sandbox/server.ts';

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

interface SandboxCliOptions {
  port?: number;
  host: string;
  demo?: boolean;
  rateLimit?: number;
  log?: boolean;
}

export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('start the Boomi Platform API sandbox (an in-memory emulator) on its own')
    .option(
      '-p, --port <port>',
      'port to listen on (default: PROMO_SANDBOX_PORT or 9090; 0 = any free port)',
      nonNegativeInteger,
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--demo', 'load the demo world (accounts, branches, environments, packages, deployments)')
    .option(
      '--rate-limit <perSecond>',
      'requests per second per account before 503 (0 = off)',
      nonNegativeInteger,
    )
    .option('--log', 'log every request')
    .action(async (options: SandboxCliOptions) => {
      const sandbox = await startSandbox({
        port: options.port ?? loadConfig().sandboxPort,
        host: options.host,
        demo: options.demo === true,
        logger: options.log === true,
        ...(options.rateLimit !== undefined ? { rateLimitPerSecond: options.rateLimit } : {}),
      });
      const lines = [
        `Boomi sandbox listening on ${sandbox.url}`,
        `  API base:    ${sandbox.apiBaseUrl}/{accountId}/…`,
      ];
      const world = sandbox.world;
      if (world) {
        lines.push(
          `  account:     ${world.accountId}`,
          `  API user:    ${world.username}`,
          `  API token:   ${world.apiToken}`,
          `  try:         curl -s -u '${world.username}:${world.apiToken}' -H 'Accept: application/json' ${sandbox.apiBaseUrl}/${world.accountId}/Environment/${world.environments[0]?.id ?? ''}`,
        );
      } else {
        lines.push('  empty world: seed it with POST /__sandbox/seed, or restart with --demo');
      }
      lines.push(
        `  control API: ${sandbox.url}/__sandbox/world (reset, seed, faults, latency, rate-limit, calls)`,
      );
      console.log(lines.join('\n'));
      const stop = () => {
        void sandbox.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
