// `promo status`: the Boomi account's branch count against the limits (warning 15, critical 20).
import { Command } from 'commander';
import type { ServiceStatus } from '../../app/contract.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printFields, printJson } from '../output.ts';

export function statusCommand(): Command {
  const command = new Command('status').description(
    'the Boomi account’s branch count against its limits (warning 15, critical 20)',
  );
  return withServerOptions(command).action(async (options: ServerOptions) => {
    const client = await connect(options);
    const status = await client.request<ServiceStatus>('GET', '/status');
    if (options.json) return printJson(status);
    const { branches } = status;
    printFields({
      Branches: `${branches.count} (${branches.level.toUpperCase()}: warning at ${branches.warningAt}, critical at ${branches.criticalAt})`,
      'Read at': branches.readAt,
    });
  });
}
