// `promo targets set|list`: the deployment-target registry (which environments an account group
// deploys to), with the account's environments and their classification.
import { Command } from 'commander';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine, printTable } from '../output.ts';

interface Environment {
  id: string;
  name: string | null;
  classification: string | null;
}
interface AccountGroup {
  id: string;
  name: string | null;
  registeredEnvironmentIds: string[];
}
interface Registered {
  accountGroupId: string;
  environments: { environmentId: string; environmentName: string | null }[];
}

function listCommand(): Command {
  const command = new Command('list').description(
    'account groups, their registered environments, and the account’s environments',
  );
  return withServerOptions(command).action(async (options: ServerOptions) => {
    const client = await connect(options);
    const [groups, environments] = await Promise.all([
      client.request<{ items: AccountGroup[] }>('GET', '/account-groups'),
      client.request<{ items: Environment[] }>('GET', '/environments'),
    ]);
    if (options.json) return printJson({ accountGroups: groups.items, environments: environments.items });
    const byId = new Map(environments.items.map((e) => [e.id, e]));
    const label = (id: string) => {
      const env = byId.get(id);
      return env ? `${env.name ?? id} (${env.classification ?? '?'})` : id;
    };
    printLine('Account groups:');
    printTable(
      ['ACCOUNT GROUP', 'NAME', 'DEPLOYS TO'],
      groups.items.map((g) => [g.id, g.name, g.registeredEnvironmentIds.map(label).join(', ')]),
    );
    printLine('\nEnvironments:');
    printTable(
      ['ENVIRONMENT', 'NAME', 'CLASSIFICATION'],
      environments.items.map((e) => [e.id, e.name, e.classification]),
    );
  });
}

function setCommand(): Command {
  const command = new Command('set')
    .description('make these environments the account group’s whole target list (admin)')
    .argument('<accountGroupId>')
    .argument('[environmentIds...]', 'environment ids (none clears the list)');
  return withServerOptions(command).action(
    async (accountGroupId: string, environmentIds: string[], options: ServerOptions) => {
      const client = await connect(options);
      const result = await client.request<Registered>(
        'PUT',
        `/account-groups/${encodeURIComponent(accountGroupId)}/environments`,
        {
          body: { environments: environmentIds.map((environmentId) => ({ environmentId })) },
        },
      );
      if (options.json) return printJson(result);
      printLine(`Account group ${accountGroupId} deploys to ${result.environments.length} environment(s):`);
      for (const e of result.environments)
        printLine(`  ${e.environmentId}  ${e.environmentName ?? ''}`.trimEnd());
    },
  );
}

export function targetsCommand(): Command {
  return new Command('targets')
    .description('the deployment-target registry')
    .addCommand(listCommand())
    .addCommand(setCommand());
}
