/**
 * The plan of spec §11 as a person reads it before confirming: mode, merge, package reuse or
 * creation, the pack's version current → new, per environment the version active now → the new
 * one, the branch kept or deleted, and the Boomi calls the run is expected to make.
 */
import type { DeployPlan } from '../api/types';
import { CallGroups } from './CallGroups';

const MODE_NAMES = {
  TEST: 'TEST',
  PRODUCTION_FROM_TEST: 'PRODUCTION from test',
  PRODUCTION_HOTFIX: 'PRODUCTION hotfix',
} as const;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Environments({ plan }: { plan: DeployPlan }) {
  if (plan.environments.length === 0)
    return <p className="hint">No target environment: packaged and released only.</p>;
  return (
    <table className="table responsive">
      <caption>Per environment</caption>
      <thead>
        <tr>
          <th scope="col">Environment</th>
          <th scope="col">Active now</th>
          <th scope="col">After the run</th>
        </tr>
      </thead>
      <tbody>
        {plan.environments.map((environment) => (
          <tr key={environment.environmentId}>
            <td data-label="Environment">{`${environment.environmentName} (${environment.classification})`}</td>
            <td data-label="Active now">{environment.current?.packageVersion ?? 'nothing deployed'}</td>
            <td data-label="After the run">
              {environment.deploy
                ? environment.newPackageVersion
                : `${environment.newPackageVersion} (already active)`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `groupNames`: account group id → name, to name the group the pack is shared with. */
export function PlanView({ plan, groupNames }: { plan: DeployPlan; groupNames: Map<string, string> }) {
  const pack = plan.integrationPack;
  const calls = plan.boomiCalls;
  return (
    <section className="card plan" aria-labelledby="plan-title">
      <h2 id="plan-title">The plan</h2>
      <p className="hint">What the run will do. Nothing has been written to Boomi yet.</p>
      {plan.activeRun && (
        <p className="notice notice-warning" role="status">
          <code className="error-code">DEPLOYMENT_IN_PROGRESS</code> run {plan.activeRun.runId} is active: a
          run now would be refused.
        </p>
      )}
      {plan.warnings.map((warning) => (
        <p key={warning} className="notice notice-warning" role="status">
          {warning}
        </p>
      ))}
      <dl className="fields">
        <Row label="Mode">{`Mode ${plan.modeNumber} — ${MODE_NAMES[plan.mode]}`}</Row>
        <Row label="Merge">
          {plan.merge.merge ? `branch ${plan.merge.branchId ?? ''} merged into main` : 'no merge'}
        </Row>
        <Row label="Package">
          {plan.packagedComponent.action === 'reuse'
            ? `reuse the tested package ${plan.packagedComponent.packageId ?? ''} (${plan.packagedComponent.packageVersion})`
            : `create version ${plan.packagedComponent.packageVersion}`}
        </Row>
        <Row label="Integration pack">
          {`${pack.action === 'create' ? 'create' : 'use'} “${pack.name}”: ${pack.currentVersion ?? 'not released'} → ${pack.newVersion}`}
        </Row>
        {plan.accountGroup && (
          <Row label="Account group">
            {`${groupNames.get(plan.accountGroup.accountGroupId) ?? plan.accountGroup.accountGroupId}: ${plan.accountGroup.share ? 'share the pack with it' : 'already shared'}`}
          </Row>
        )}
        <Row label="Branch">{plan.branch.action === 'keep' ? 'kept' : 'deleted'}</Row>
        <Row label="Boomi calls">{`${calls.total} expected, ${calls.writeCount} of them writes`}</Row>
      </dl>
      <Environments plan={plan} />
      <CallGroups summary={`Boomi writes (${calls.writeCount})`} calls={calls.writes} />
    </section>
  );
}
