/**
 * A run's live timeline (spec §14): its steps as the server-sent events report them — seed step
 * names, durations, the Boomi calls each made, attempts — then the per-environment results.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { keys, useEnvironments, useRun } from '../api/queries';
import type { DeployResponse, RollbackResponse, Run, RunResponse, RunStep } from '../api/types';
import { useMeContext } from '../auth/me';
import { CallGroups } from '../components/CallGroups';
import { EnvironmentResults } from '../components/EnvironmentResults';
import { ErrorNotice } from '../components/ErrorNotice';
import { GuardedButton } from '../components/GuardedButton';
import { RollbackDialog } from '../components/RollbackDialog';
import { StatusBadge } from '../components/StatusBadge';
import { duration } from '../format';
import { rollbackVerdict } from '../rules';
import { followRun } from '../run-events';
import { describeStep } from '../steps';

interface Timeline {
  steps: RunStep[];
  /** How often each step started: more than once means it was retried. */
  attempts: Record<string, number>;
  response: RunResponse | null;
}

function useLiveRun(runId: string, initial: Run | undefined) {
  const [timeline, setTimeline] = useState<Timeline>({ steps: [], attempts: {}, response: null });
  const [error, setError] = useState<unknown>(null);
  const client = useQueryClient();
  const ready = initial !== undefined;
  useEffect(() => {
    if (!ready) return;
    const abort = new AbortController();
    setTimeline({ steps: [], attempts: {}, response: null });
    followRun(
      runId,
      (event) =>
        setTimeline((current) => {
          if (event.type === 'response') return { ...current, response: event.response };
          const { step } = event;
          const known = current.steps.some((s) => s.name === step.name);
          const steps = known
            ? current.steps.map((s) => (s.name === step.name ? step : s))
            : [...current.steps, step];
          const started = step.state === 'RUNNING' ? 1 : known ? 0 : 1;
          return {
            ...current,
            steps,
            attempts: { ...current.attempts, [step.name]: (current.attempts[step.name] ?? 0) + started },
          };
        }),
      abort.signal,
    )
      .then(() => client.invalidateQueries({ queryKey: keys.run(runId) }))
      .catch((failure: unknown) => {
        if (!abort.signal.aborted) setError(failure);
      });
    return () => abort.abort();
  }, [runId, ready, client]);
  return { timeline, error };
}

/** The current time, ticking each second while `running`: a running step's duration grows. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

interface StepProps {
  step: RunStep;
  attempts: number;
  now: number;
  environmentNames: Map<string, string>;
}

function StepItem({ step, attempts, now, environmentNames }: StepProps) {
  const described = describeStep(step.name);
  const { number, label } = described;
  const detail = described.detail && (environmentNames.get(described.detail) ?? described.detail);
  const calls = step.boomiCalls ?? [];
  return (
    <li className={`step step-${step.state.toLowerCase()}`} data-step={step.name}>
      <div className="step-head">
        <span className="step-number">{number}</span>
        <span className="step-label">
          {label}
          {detail && <span className="step-detail"> · {detail}</span>}
        </span>
        <StatusBadge value={step.state} />
        <span className="step-duration">{duration(step.startedAt, step.endedAt, now)}</span>
      </div>
      {attempts > 1 && <p className="step-retries">{attempts} attempts (retried)</p>}
      {step.error && <p className="step-error">{step.error}</p>}
      {calls.length > 0 && (
        <CallGroups summary={`${calls.length} Boomi call${calls.length === 1 ? '' : 's'}`} calls={calls} />
      )}
    </li>
  );
}

function Outcome({ response, rolledBack }: { response: DeployResponse; rolledBack: readonly string[] }) {
  return (
    <section className="card" aria-labelledby="outcome-title">
      <h2 id="outcome-title">
        Outcome <StatusBadge value={response.deploymentStatus} />
      </h2>
      {response.errorCode && (
        <p className="notice notice-error" role="alert">
          <code className="error-code">{response.errorCode}</code> {response.errorMessage}
        </p>
      )}
      <dl className="fields">
        <div className="field">
          <dt>Integration pack</dt>
          <dd>{response.integrationPackName ?? response.integrationPackId ?? '—'}</dd>
        </div>
        <div className="field">
          <dt>Release version</dt>
          <dd>{response.releaseVersion ?? '—'}</dd>
        </div>
        <div className="field">
          <dt>Branch</dt>
          <dd>{response.branchPreserved === 'true' ? 'kept' : 'deleted'}</dd>
        </div>
        <div className="field">
          <dt>Extension-access rows</dt>
          <dd>{`${response.extensionAccessMappingCount}${response.cacheRefreshFailed === 'true' ? ' (a refresh failed)' : ''}`}</dd>
        </div>
      </dl>
      <EnvironmentResults
        rows={response.deployedEnvironments}
        detailHeader="Deployment / error"
        detail={(environment) =>
          environment.errorMessage ??
          `${environment.deploymentId ?? '—'}${rolledBack.includes(environment.environmentId) ? ' · rolled back since' : ''}`
        }
        empty="No target environment: packaged and released only."
      />
    </section>
  );
}

const isRollback = (response: RunResponse): response is RollbackResponse => 'rollbackStatus' in response;

function RollbackOutcome({ response }: { response: RollbackResponse }) {
  return (
    <section className="card" aria-labelledby="outcome-title">
      <h2 id="outcome-title">
        Rollback <StatusBadge value={response.rollbackStatus} />
      </h2>
      <p>
        {`Rolled back by ${response.rolledBackBy}: ${response.reason} — run `}
        <Link to={`/runs/${encodeURIComponent(response.rolledBackRunId)}`}>{response.rolledBackRunId}</Link>
      </p>
      <EnvironmentResults
        rows={response.environments}
        detailHeader="Now active"
        detail={(environment) =>
          environment.errorMessage ??
          (environment.action === 'UNDEPLOYED'
            ? 'nothing (the deployment was removed)'
            : `version ${environment.packageVersion ?? '?'} (the previous package)`)
        }
      />
    </section>
  );
}

/** The rollback button of a finished deployment run, disabled with the reason when a rule forbids it. */
function RunActions({ run, response }: { run: Run; response: DeployResponse }) {
  const me = useMeContext();
  const [open, setOpen] = useState(false);
  return (
    <section aria-label="Actions" className="card actions-card">
      <GuardedButton
        verdict={rollbackVerdict(run, response, me)}
        variant="danger"
        onClick={() => setOpen(true)}
      >
        Roll back…
      </GuardedButton>
      <RollbackDialog run={run} response={response} open={open} onClose={() => setOpen(false)} />
    </section>
  );
}

export function RunPage() {
  const { runId = '' } = useParams();
  const run = useRun(runId);
  const { timeline, error } = useLiveRun(runId, run.data);
  const environments = useEnvironments();
  const environmentNames = new Map(environments.data?.items.map((e) => [e.id, e.name ?? e.id]));
  const now = useNow(!(timeline.response ?? run.data?.response));
  if (run.isPending) return <p aria-live="polite">Loading…</p>;
  if (run.error) return <ErrorNotice title="The run could not be read" error={run.error} />;
  const response = timeline.response ?? run.data.response;
  const state = response ? (response.success ? 'SUCCEEDED' : 'FAILED') : 'RUNNING';
  const rollbackRun =
    (response !== null && isRollback(response)) ||
    timeline.steps.some((step) => step.name.startsWith('rollback'));
  return (
    <>
      <div className="page-title">
        <h1>{rollbackRun ? 'Rollback run' : 'Run'}</h1>
        <StatusBadge value={state} />
      </div>
      <p>
        <code>{runId}</code> · promotion{' '}
        <Link to={`/promotions/${encodeURIComponent(run.data.promotionId)}`}>{run.data.promotionId}</Link>
      </p>
      <ErrorNotice title="The live stream stopped" error={error} />
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="timeline" aria-live="polite">
          {timeline.steps.map((step) => (
            <StepItem
              key={step.name}
              step={step}
              attempts={timeline.attempts[step.name] ?? 1}
              now={now}
              environmentNames={environmentNames}
            />
          ))}
        </ol>
        {!response && <p className="hint">Running — steps appear as they happen.</p>}
      </section>
      {response &&
        (isRollback(response) ? (
          <RollbackOutcome response={response} />
        ) : (
          <Outcome response={response} rolledBack={run.data.rolledBackEnvironmentIds} />
        ))}
      {response && !isRollback(response) && <RunActions run={run.data} response={response} />}
    </>
  );
}
