// `promo deploy`: Package and Deploy through a running server (`--dry-run`: only its plan). Starts the run (POST /deployments),
// then prints each step live from the run's event stream and the final response. Exits 0 when
// deployed (or packaged with no targets), 2 when only some environments deployed, 1 otherwise.
import { Command, Option } from 'commander';
import type { DeployPreview } from '../../app/contract.ts';
import { connect, withServerOptions, type ServerOptions } from '../connection.ts';
import { deployRequestBody, type DeployFlags } from '../deploy-request.ts';
import { EXIT_FAILURE, EXIT_PARTIAL } from '../errors.ts';
import { printJson, printLine } from '../output.ts';
import { printPlan } from '../plan-output.ts';
import { followRun, isRollbackResponse, printResponse, type RunResponse } from '../run-progress.ts';

type DeployOptions = DeployFlags &
  ServerOptions & { idempotencyKey?: string; wait: boolean; dryRun?: boolean };

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function exitCodeOf(response: RunResponse): number {
  if (!response.success) return EXIT_FAILURE;
  const status = isRollbackResponse(response) ? response.rollbackStatus : response.deploymentStatus;
  return status === 'PARTIAL' ? EXIT_PARTIAL : 0;
}

export function deployCommand(): Command {
  const command = new Command('deploy')
    .description('package and deploy a promotion (TEST; PRODUCTION from a test promotion; PRODUCTION hotfix)')
    .option('-f, --file <request.json>', 'read the request body from a JSON file (flags override its fields)')
    .option('--promotion-id <id>', 'the PromotionLog to package and deploy (promotionId)')
    .option(
      '--package-version <version>',
      'version label of the PackagedComponent, e.g. 1.2.0 (packageVersion)',
    )
    .addOption(
      new Option('-t, --target <target>', 'deploymentTarget').choices([
        'TEST',
        'PRODUCTION',
        'test',
        'production',
      ]),
    )
    .option('--env <environmentId>', 'target environment (repeatable; targetEnvironments)', collect)
    .option(
      '--account-group <id>',
      'deploy to the account group’s registered environments (targetAccountGroupId)',
    )
    .option('--create-new-pack', 'create a new Integration Pack named --new-pack-name (createNewPack)')
    .option('--new-pack-name <name>', 'newPackName')
    .option('--new-pack-description <text>', 'newPackDescription')
    .option('--integration-pack-id <id>', 'existing publisher Integration Pack (integrationPackId)')
    .option('--existing-pack-id <id>', 'alias of --integration-pack-id (existingPackId)')
    .option('--test-promotion-id <id>', 'PRODUCTION from test: the TEST_DEPLOYED promotion (testPromotionId)')
    .option('--hotfix', 'PRODUCTION hotfix without a test deployment (isHotfix)')
    .option('--justification <text>', 'why the hotfix bypasses testing (hotfixJustification)')
    .option('--notes <text>', 'deployment notes')
    .option('--prod-component-id <id>', 'must equal the promotion’s root process (prodComponentId)')
    .option('--branch-id <id>', 'must equal the promotion’s branch (branchId)')
    .option('--prod-account-id <id>', 'must equal the configured account (prodAccountId)')
    .option('--test-integration-pack-id <id>', 'accepted for the seed’s profile; ignored by the server')
    .option('--test-integration-pack-name <name>', 'accepted for the seed’s profile; ignored by the server')
    .option(
      '--idempotency-key <key>',
      'retrying with the same key resumes the same run instead of starting another',
    )
    .option('--no-wait', 'print the run id and return at once')
    .option('--dry-run', 'only plan: every check, then what the run would do; nothing is written to Boomi');
  return withServerOptions(command).action(async (options: DeployOptions) => {
    const body = await deployRequestBody(options);
    const client = await connect(options);
    if (options.dryRun) {
      const plan = await client.request<DeployPreview>('POST', '/package-and-deploy/plan', { body });
      return options.json ? printJson(plan) : printPlan(plan);
    }
    const { runId } = await client.request<{ runId: string }>('POST', '/deployments', {
      body,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    });
    if (!options.wait) {
      if (options.json) printJson({ runId });
      else printLine(runId);
      return;
    }
    if (!options.json) printLine(`Run ${runId} started for promotion ${String(body.promotionId)}`);
    const response = await followRun(client, runId, { quiet: options.json === true });
    if (options.json) printJson(response);
    else printResponse(response);
    const code = exitCodeOf(response);
    if (code !== 0) process.exitCode = code;
  });
}
