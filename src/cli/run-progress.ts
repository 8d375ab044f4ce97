/**
 * Follows a run to its end and prints its progress: every step as the server reports it, then
 * the final response. Reads the run's event stream; if the stream breaks before the end, it
 * falls back to reading the run until it has ended, so no step is lost and none is shown twice.
 */
import type { DeployResponse, DeploymentRunView, RollbackResponse, RunStepView } from '../app/contract.ts';
import type { ApiClient } from './api-client.ts';
import { CliError } from './errors.ts';
import { printLine } from './output.ts';

const POLL_MS = 1000;

/** A Package and Deploy run's final response, or a rollback run's. */
export type RunResponse = DeployResponse | RollbackResponse;

export function isRollbackResponse(response: RunResponse): response is RollbackResponse {
  return 'rollbackStatus' in response;
}

function seconds(step: RunStepView): string {
  if (!step.endedAt) return '';
  const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '';
}

const MARK: Record<RunStepView['state'], string> = {
  RUNNING: '…',
  SUCCEEDED: '✓',
  FAILED: '✗',
  SKIPPED: '-',
};

export function formatStep(step: RunStepView): string {
  const parts = [
    `  ${MARK[step.state]} ${step.name.padEnd(30)}`,
    step.state === 'RUNNING' ? 'running' : seconds(step),
  ];
  if (step.error) parts.push(`  ${step.error}`);
  return parts.join(' ').trimEnd();
}

/**
 * Prints each step once it ends (the server reports a step when it starts and again when it
 * ends). On a terminal the running step shows first and is overwritten by its outcome.
 */
class StepPrinter {
  private readonly seen = new Set<string>();
  private pending = false;
  private readonly live = process.stdout.isTTY === true;
  constructor(private readonly quiet: boolean) {}
  print(step: RunStepView): void {
    const key = `${step.name}\u0000${step.state}`;
    if (this.quiet || this.seen.has(key)) return;
    this.seen.add(key);
    if (step.state === 'RUNNING') {
      if (!this.live) return;
      if (this.pending) process.stdout.write('\n');
      process.stdout.write(formatStep(step));
      this.pending = true;
      return;
    }
    if (this.pending) process.stdout.write('\r\x1b[2K');
    this.pending = false;
    printLine(formatStep(step));
  }
  /** Ends a running line left open (the last step's end is the response itself). */
  finish(): void {
    if (this.pending) process.stdout.write('\r\x1b[2K');
    this.pending = false;
  }
}

export async function followRun(
  client: ApiClient,
  runId: string,
  options: { quiet: boolean },
): Promise<RunResponse> {
  const printer = new StepPrinter(options.quiet);
  const path = `/deployments/${encodeURIComponent(runId)}`;
  try {
    for await (const event of client.events(`${path}/events`)) {
      if (event.event === 'step') printer.print(JSON.parse(event.data) as RunStepView);
      if (event.event === 'response') {
        printer.finish();
        return JSON.parse(event.data) as RunResponse;
      }
    }
  } catch (error) {
    // A refusal (unknown run, bad token) is final; a broken connection is not.
    if (error instanceof CliError && error.errorCode !== 'SERVICE_UNAVAILABLE') throw error;
  }
  // The stream ended early (a proxy, a restarting server): read the run until it ends.
  for (;;) {
    const run = await client.request<DeploymentRunView>('GET', path);
    for (const step of run.steps) printer.print(step);
    if (run.state !== 'RUNNING' && run.response) {
      printer.finish();
      return run.response;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function printResponse(response: RunResponse): void {
  printLine();
  if (isRollbackResponse(response)) return printRollbackResponse(response);
  if (response.success) {
    printLine(
      `${response.deploymentStatus}: promotion ${response.promotionId} → ${response.deploymentTarget}`,
    );
  } else {
    printLine(`FAILED (${response.errorCode}): ${response.errorMessage}`);
  }
  const pack = response.integrationPackName ?? response.integrationPackId;
  if (pack)
    printLine(
      `  Integration Pack: ${pack}${response.releaseVersion ? ` release ${response.releaseVersion}` : ''}`,
    );
  if (response.packagedComponentId) printLine(`  PackagedComponent: ${response.packagedComponentId}`);
  for (const env of response.deployedEnvironments ?? []) {
    const detail = env.status === 'DEPLOYED' ? (env.deploymentId ?? '') : (env.errorMessage ?? '');
    printLine(`  ${env.status.padEnd(8)} ${env.environmentName ?? env.environmentId}  ${detail}`.trimEnd());
  }
  printLine(
    `  branch ${response.branchPreserved === 'true' ? 'kept' : 'deleted'}; extension-access rows: ${response.extensionAccessMappingCount}${response.cacheRefreshFailed === 'true' ? ' (cache refresh FAILED, see logs)' : ''}`,
  );
  printLine(`  run: ${response.runId}`);
}

function printRollbackResponse(response: RollbackResponse): void {
  if (response.success) {
    printLine(
      `${response.rollbackStatus}: run ${response.rolledBackRunId} of promotion ${response.promotionId}`,
    );
  } else {
    printLine(`FAILED (${response.errorCode}): ${response.errorMessage}`);
  }
  for (const env of response.environments) {
    const detail =
      env.status === 'FAILED'
        ? (env.errorMessage ?? '')
        : `${env.action ?? ''} ${env.packageVersion ? `version ${env.packageVersion}` : 'nothing deployed'}`;
    printLine(`  ${env.status.padEnd(11)} ${env.environmentName}  ${detail}`.trimEnd());
  }
  printLine(`  by ${response.rolledBackBy}: ${response.reason}`);
  printLine(`  run: ${response.runId}`);
}
