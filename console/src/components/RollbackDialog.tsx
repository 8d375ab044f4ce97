/**
 * Rollback of a finished run (spec §12): admin only, a reason required, the environments the run
 * deployed to and no rollback has put back yet (all preselected). Starts the durable rollback run
 * and follows it on its own page.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useRollback } from '../api/queries';
import type { DeployResponse, Run } from '../api/types';
import { rollbackCandidates } from '../rules';
import { Dialog } from './Dialog';
import { DialogActions, ReasonField } from './DialogForm';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  run: Run;
  response: DeployResponse;
  open: boolean;
  onClose: () => void;
}

export function RollbackDialog({ run, response, open, onClose }: Props) {
  const rollback = useRollback(run.runId);
  const navigate = useNavigate();
  const deployed = rollbackCandidates(run, response);
  const done = response.deployedEnvironments.filter((environment) =>
    run.rolledBackEnvironmentIds.includes(environment.environmentId),
  );
  const [reason, setReason] = useState('');
  const [chosen, setChosen] = useState(() => deployed.map((environment) => environment.environmentId));
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => (on ? [...current, id] : current.filter((x) => x !== id)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const all = chosen.length === deployed.length;
    rollback.mutate(
      { reason: reason.trim(), ...(all ? {} : { environmentIds: chosen }) },
      {
        onSuccess: ({ runId: rollbackRunId }) => void navigate(`/runs/${encodeURIComponent(rollbackRunId)}`),
      },
    );
  }

  return (
    <Dialog title="Roll back this run" open={open} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p>
          In each environment chosen, the package that was active before this run is deployed again, or this
          run’s deployment is removed where there was none. The promotion is recorded as ROLLED_BACK.
        </p>
        <fieldset>
          <legend>Environments to roll back</legend>
          {deployed.map((environment) => (
            <label key={environment.environmentId} className="choice">
              <input
                type="checkbox"
                checked={chosen.includes(environment.environmentId)}
                onChange={(e) => toggle(environment.environmentId, e.target.checked)}
              />
              {environment.environmentName}
            </label>
          ))}
        </fieldset>
        {done.length > 0 && (
          <p className="hint">
            {`Already rolled back: ${done.map((environment) => environment.environmentName).join(', ')}.`}
          </p>
        )}
        <ReasonField
          id="rollback-reason"
          label="Reason (required)"
          required
          value={reason}
          onChange={setReason}
        />
        <ErrorNotice title="Rollback refused" error={rollback.error} />
        <DialogActions
          onCancel={onClose}
          submitLabel="Roll back"
          disabled={rollback.isPending || reason.trim() === '' || chosen.length === 0}
        />
      </form>
    </Dialog>
  );
}
