// `promo rollback <runId> --reason … [--env …]`: roll back a finished run (spec §12) through a
// running server, then follow the rollback run live like a deployment. Exit 0 rolled back, 2 when
// only some environments were, 1 when refused or failed.
import { Command } from 'commander';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine } from '../output.ts';
import { followRun, printResponse } from '../run-progress.ts';
import { exitCodeOf } from './deploy.ts';

type RollbackOptions = ServerOptions & { reason: string; env?: string[]; wait: boolean };

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function rollbackCommand(): Command {
  const command = new Command('rollback')
    .description('roll back a finished run: the previous package again, or none where there was none')
    .argument('<runId>', 'the deployment run to roll back')
    .requiredOption('--reason <text>', 'why (required, at most 500 characters)')
    .option('--env <environmentId>', 'only this environment of the run (repeatable)', collect)
    .option('--no-wait', 'print the rollback run id and return at once');
  return withServerOptions(command).action(async (runId: string, options: RollbackOptions) => {
    const client = await connect(options);
    const body = { reason: options.reason, ...(options.env ? { environmentIds: options.env } : {}) };
    const started = await client.request<{ runId: string }>(
      'POST',
      `/deployments/${encodeURIComponent(runId)}/rollback`,
      { body },
    );
    if (!options.wait) return options.json ? printJson(started) : printLine(started.runId);
    if (!options.json) printLine(`Rollback ${started.runId} of run ${runId} started`);
    const response = await followRun(client, started.runId, { quiet: options.json === true });
    if (options.json) printJson(response);
    else printResponse(response);
    const code = exitCodeOf(response);
    if (code !== 0) process.exitCode = code;
  });
}
