// The dry-run plan (spec §11) printed for people: what the run would do, step by step.
import type { DeployPreview } from '../app/contract.ts';
import { printLine } from './output.ts';

function packLine(plan: DeployPreview): string {
  const pack = plan.integrationPack;
  const what =
    pack.action === 'create'
      ? `create Integration Pack '${pack.name}'`
      : `use Integration Pack '${pack.name}' (${pack.integrationPackId})`;
  const add = pack.addComponent ? ', add the process' : '';
  const release = pack.release
    ? `, release ${pack.currentVersion ?? '(none)'} → ${pack.newVersion}`
    : `, ${pack.newVersion} already released`;
  return `${what}${add}${release}`;
}

export function printPlan(plan: DeployPreview): void {
  printLine(
    `Plan: mode ${plan.modeNumber} (${plan.mode}) of promotion ${plan.promotionId} → ${plan.deploymentTarget}`,
  );
  printLine(
    `  merge:            ${plan.merge.merge ? `branch ${plan.merge.branchId} into main` : 'no (already on main)'}`,
  );
  const pc = plan.packagedComponent;
  printLine(
    `  package:          ${pc.action === 'reuse' ? `reuse ${pc.packageId}` : 'create'} version ${pc.packageVersion} of ${pc.componentId}`,
  );
  printLine(`  integration pack: ${packLine(plan)}`);
  if (plan.accountGroup) {
    printLine(
      `  account group:    ${plan.accountGroup.accountGroupId} (${plan.accountGroup.share ? 'share the pack' : 'already shared'})`,
    );
  }
  if (plan.environments.length === 0) printLine('  environments:     none (package and release only)');
  for (const env of plan.environments) {
    const now = env.current ? (env.current.packageVersion ?? env.current.packageId ?? '?') : 'nothing';
    const action = env.deploy ? `${now} → ${env.newPackageVersion}` : `${now} (already active)`;
    printLine(`  deploy:           ${env.environmentName} [${env.classification}] ${action}`);
  }
  printLine(`  branch:           ${plan.branch.action} ${plan.branch.branchIds.join(', ')}`.trimEnd());
  printLine(
    `  Boomi calls:      ${plan.boomiCalls.total} expected (polls counted once), ${plan.boomiCalls.writeCount} writes:`,
  );
  for (const write of plan.boomiCalls.writes) printLine(`    ${write}`);
  for (const warning of plan.warnings) printLine(`  WARNING: ${warning}`);
  printLine('Nothing was written to Boomi.');
}
