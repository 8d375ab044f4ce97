// `promo serve` (and its twin `promo start`, what `npm start` runs): the whole service in the
// foreground until Ctrl-C. With no BOOMI_* credentials that is sandbox mode (embedded database,
// Boomi sandbox, demo data and users); with them it talks to Boomi and seeds nothing.
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from '../../config.ts';
import type { RunningService } from '../../runtime/service.ts';
import { readyBanner } from '../banner.ts';
import { toCliError } from '../errors.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('expected a port number');
  return n;
}

interface ServeOptions {
  port?: number;
  host?: string;
}

export async function serve(config: Config): Promise<void> {
  let service: RunningService;
  try {
    // Loaded here, not at the top: every other CLI command starts without the whole service.
    const { startService } = await import('../../runtime/service.ts');
    service = await startService(config);
  } catch (error) {
    const failure = toCliError(error);
    process.stderr.write(`promo could not start: ${failure.message}\n`);
    process.exit(1);
  }
  // The banner goes to stderr: stdout carries only the JSON log lines, and never a token.
  process.stderr.write(readyBanner(service, config));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write('Stopping immediately.\n');
      process.exit(1);
    }
    stopping = true;
    service.logger.info({ signal }, 'Stopping');
    void service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function serveCommand(name: 'serve' | 'start' = 'serve'): Command {
  return new Command(name)
    .description(
      name === 'start'
        ? 'start the service (same as serve): sandbox mode with no BOOMI_* set, else against Boomi'
        : 'run the service: HTTP API, durable runs, and in sandbox mode the Boomi sandbox with demo data',
    )
    .option('-p, --port <port>', 'HTTP port (default: PROMO_PORT or 8080; 0 = any free port)', port)
    .option('--host <host>', 'address to bind (default: PROMO_HOST or 127.0.0.1)')
    .action(async (options: ServeOptions) => {
      const config = loadConfig();
      await serve({
        ...config,
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.host !== undefined ? { host: options.host } : {}),
      });
    });
}
