// `promo environments list [--classification TEST|PROD]`: the Boomi account's environments.
import { Command, Option } from 'commander';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine, printTable } from '../output.ts';

interface Environment {
  id: string;
  name: string | null;
  classification: string | null;
}

interface ListOptions extends ServerOptions {
  classification?: string;
}

function listCommand(): Command {
  const command = new Command('list')
    .description('the Boomi account’s environments, by name')
    .addOption(
      new Option('--classification <classification>', 'only TEST or PROD').choices(['TEST', 'PROD']),
    );
  return withServerOptions(command).action(async (options: ListOptions) => {
    const client = await connect(options);
    const answer = await client.request<{ items: Environment[] }>('GET', '/environments', {
      query: { classification: options.classification },
    });
    if (options.json) return printJson(answer);
    if (answer.items.length === 0) return printLine('No environments.');
    printTable(
      ['ENVIRONMENT', 'NAME', 'CLASSIFICATION'],
      answer.items.map((e) => [e.id, e.name, e.classification]),
    );
  });
}

export function environmentsCommand(): Command {
  return new Command('environments')
    .description('the Boomi account’s environments')
    .addCommand(listCommand());
}
