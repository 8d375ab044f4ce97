// `promo runs show <runId> [--follow]`: a Package and Deploy run, its steps and final response.
import { Command } from 'commander';
import type { DeploymentRunView } from '../../app/contract.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { printJson, printLine } from '../output.ts';
import { followRun, formatStep, printResponse } from '../run-progress.ts';
import { exitCodeOf } from './deploy.ts';

function showCommand(): Command {
  const command = new Command('show')
    .description('a run: state, steps with timings, final response')
    .argument('<runId>')
    .option('--follow', 'wait for the end, printing steps as they happen');
  return withServerOptions(command).action(
    async (runId: string, options: ServerOptions & { follow?: boolean }) => {
      const client = await connect(options);
      if (options.follow) {
        const response = await followRun(client, runId, { quiet: options.json === true });
        if (options.json) printJson(response);
        else printResponse(response);
        process.exitCode = exitCodeOf(response) || undefined;
        return;
      }
      const run = await client.request<DeploymentRunView>('GET', `/deployments/${encodeURIComponent(runId)}`);
      if (options.json) return printJson(run);
      printLine(`Run ${run.runId} (promotion ${run.promotionId}): ${run.state}`);
      for (const step of run.steps) printLine(formatStep(step));
      if (run.response) printResponse(run.response);
    },
  );
}

export function runsCommand(): Command {
  return new Command('runs').description('Package and Deploy runs').addCommand(showCommand());
}
