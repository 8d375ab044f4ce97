// `promo packs list [--for <prodComponentId>]`: the account's publisher Integration Packs, most
// recently released first, with the pack a process was last released in marked as suggested.
import { Command } from 'commander';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine, printTable } from '../output.ts';

interface Pack {
  id: string;
  name: string | null;
  installationType: string | null;
  latestReleasedVersion: string | null;
  lastReleasedAt: string | null;
  components: { componentId: string; componentName: string | null; releasedVersion: string | null }[];
  suggested: boolean;
}

interface ListOptions extends ServerOptions {
  for?: string;
}

function componentsOf(pack: Pack): string {
  return pack.components
    .map((c) => `${c.componentName ?? c.componentId} ${c.releasedVersion ?? '-'}`)
    .join(', ');
}

function listCommand(): Command {
  const command = new Command('list')
    .description('publisher Integration Packs, most recently released first')
    .option('--for <prodComponentId>', 'mark the pack this process was last released in (*)');
  return withServerOptions(command).action(async (options: ListOptions) => {
    const client = await connect(options);
    const answer = await client.request<{ items: Pack[] }>('GET', '/integration-packs', {
      query: { prodComponentId: options.for },
    });
    if (options.json) return printJson(answer);
    if (answer.items.length === 0) return printLine('No Integration Packs.');
    printTable(
      ['', 'PACK', 'NAME', 'TYPE', 'RELEASED', 'LAST RELEASED HERE', 'COMPONENTS'],
      answer.items.map((p) => [
        p.suggested ? '*' : '',
        p.id,
        p.name,
        p.installationType,
        p.latestReleasedVersion,
        p.lastReleasedAt,
        componentsOf(p),
      ]),
    );
    const suggested = answer.items.find((p) => p.suggested);
    if (options.for)
      printLine(suggested ? `\n* suggested: ${suggested.name ?? suggested.id}` : '\nNo pack suggested.');
  });
}

export function packsCommand(): Command {
  return new Command('packs')
    .description('publisher Integration Packs (discovery)')
    .addCommand(listCommand());
}
