/**
 * The deploy form (spec §14): mode from the record, package version, pack, account group and
 * environments of the mode's classification, and for a hotfix an explicit acknowledgement and
 * its justification. Sends `POST /deployments` and follows the run live.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useAccountGroups, useEnvironments, usePromotion, useStartDeployment } from '../api/queries';
import type { AccountGroup, Environment, Promotion } from '../api/types';
import { useMeContext } from '../auth/me';
import { ErrorNotice } from '../components/ErrorNotice';
import {
  MODE_LABELS,
  classificationOf,
  groupsFor,
  initialValues,
  missing,
  modesFor,
  requestOf,
  targetOf,
  type DeployFormValues,
} from '../deploy-form';
import { deployVerdict } from '../rules';

type Update = (patch: Partial<DeployFormValues>) => void;

function ModeField({
  promotion,
  values,
  update,
}: {
  promotion: Promotion;
  values: DeployFormValues;
  update: Update;
}) {
  return (
    <fieldset>
      <legend>Mode</legend>
      {modesFor(promotion).map((mode) => (
        <label key={mode} className="choice">
          <input
            type="radio"
            name="mode"
            value={mode}
            checked={values.mode === mode}
            onChange={() => update({ mode, accountGroupId: '', environmentIds: [] })}
          />
          {MODE_LABELS[mode]}
        </label>
      ))}
    </fieldset>
  );
}

function PackFields({ values, update }: { values: DeployFormValues; update: Update }) {
  return (
    <fieldset>
      <legend>Integration pack</legend>
      <label className="choice">
        <input
          type="radio"
          name="pack"
          checked={!values.newPack}
          onChange={() => update({ newPack: false })}
        />
        Add to an existing pack
      </label>
      <label className="choice">
        <input type="radio" name="pack" checked={values.newPack} onChange={() => update({ newPack: true })} />
        Create a new pack
      </label>
      {values.newPack ? (
        <>
          <label htmlFor="new-pack-name">New pack name</label>
          <input
            id="new-pack-name"
            maxLength={100}
            value={values.newPackName}
            onChange={(e) => update({ newPackName: e.target.value })}
          />
          <label htmlFor="new-pack-description">Description (optional)</label>
          <input
            id="new-pack-description"
            maxLength={500}
            value={values.newPackDescription}
            onChange={(e) => update({ newPackDescription: e.target.value })}
          />
        </>
      ) : (
        <>
          <label htmlFor="pack-id">Integration pack id</label>
          <input
            id="pack-id"
            value={values.integrationPackId}
            onChange={(e) => update({ integrationPackId: e.target.value })}
          />
        </>
      )}
    </fieldset>
  );
}

interface TargetProps {
  values: DeployFormValues;
  update: Update;
  groups: AccountGroup[];
  environments: Environment[];
}

function TargetFields({ values, update, groups, environments }: TargetProps) {
  const classification = classificationOf(values.mode);
  const eligible = environments.filter((environment) => environment.classification === classification);
  const toggle = (id: string, on: boolean) =>
    update({
      environmentIds: on ? [...values.environmentIds, id] : values.environmentIds.filter((x) => x !== id),
    });
  return (
    <fieldset>
      <legend>Targets ({classification} environments only)</legend>
      <label htmlFor="account-group">Account group</label>
      <select
        id="account-group"
        value={values.accountGroupId}
        onChange={(e) => update({ accountGroupId: e.target.value })}
      >
        <option value="">— none —</option>
        {groupsFor(values.mode, groups, environments).map((group) => (
          <option key={group.id} value={group.id}>
            {`${group.name ?? group.id} (${plural(group.registeredEnvironmentIds.length)})`}
          </option>
        ))}
      </select>
      <p className="hint">
        The group’s registered environments are deployed to, and the pack is shared with the group.
      </p>
      <div role="group" aria-label="Environments">
        {eligible.map((environment) => (
          <label key={environment.id} className="choice">
            <input
              type="checkbox"
              checked={values.environmentIds.includes(environment.id)}
              onChange={(e) => toggle(environment.id, e.target.checked)}
            />
            {environment.name}
          </label>
        ))}
        {eligible.length === 0 && <p className="hint">The account has no {classification} environment.</p>}
      </div>
    </fieldset>
  );
}

const plural = (n: number) => `${n} environment${n === 1 ? '' : 's'}`;

function HotfixFields({ values, update }: { values: DeployFormValues; update: Update }) {
  return (
    <fieldset className="hotfix">
      <legend>Emergency hotfix</legend>
      <label className="choice">
        <input
          type="checkbox"
          checked={values.hotfixAcknowledged}
          onChange={(e) => update({ hotfixAcknowledged: e.target.checked })}
        />
        I acknowledge this deploys to PRODUCTION without a test deployment, and admins are notified.
      </label>
      <label htmlFor="hotfix-justification">Justification (required)</label>
      <textarea
        id="hotfix-justification"
        maxLength={1000}
        rows={3}
        value={values.hotfixJustification}
        onChange={(e) => update({ hotfixJustification: e.target.value })}
      />
    </fieldset>
  );
}

function DeployForm({ promotion }: { promotion: Promotion }) {
  const me = useMeContext();
  const navigate = useNavigate();
  const start = useStartDeployment();
  const environments = useEnvironments();
  const groups = useAccountGroups();
  const [values, setValues] = useState(() => initialValues(promotion));
  const update: Update = (patch) => setValues((current) => ({ ...current, ...patch }));
  const verdict = deployVerdict(promotion, me, targetOf(values.mode));
  const incomplete = missing(values);

  function submit(event: FormEvent) {
    event.preventDefault();
    start.mutate(requestOf(promotion, values), {
      onSuccess: ({ runId }) => void navigate(`/runs/${encodeURIComponent(runId)}`),
    });
  }

  return (
    <form className="form card" onSubmit={submit}>
      <ModeField promotion={promotion} values={values} update={update} />
      <label htmlFor="package-version">Package version</label>
      <input
        id="package-version"
        maxLength={20}
        value={values.packageVersion}
        onChange={(e) => update({ packageVersion: e.target.value })}
      />
      <PackFields values={values} update={update} />
      <ErrorNotice error={environments.error ?? groups.error} title="Targets could not be read" />
      <TargetFields
        values={values}
        update={update}
        groups={groups.data?.items ?? []}
        environments={environments.data?.items ?? []}
      />
      {values.mode === 'HOTFIX' && <HotfixFields values={values} update={update} />}
      <label htmlFor="notes">Deployment notes (optional)</label>
      <input
        id="notes"
        maxLength={500}
        value={values.notes}
        onChange={(e) => update({ notes: e.target.value })}
      />
      <ErrorNotice title="Deployment refused" error={start.error} />
      {!verdict.allowed && (
        <p className="disabled-reason" id="deploy-reason">
          <code className="error-code">{verdict.errorCode}</code> {verdict.errorMessage}
        </p>
      )}
      {verdict.allowed && incomplete && (
        <p className="hint" id="deploy-reason">
          {incomplete}
        </p>
      )}
      <div className="actions">
        <Link
          className="button button-secondary"
          to={`/promotions/${encodeURIComponent(promotion.promotionId)}`}
        >
          Cancel
        </Link>
        <button
          type="submit"
          className="button button-primary"
          disabled={!verdict.allowed || incomplete !== null || start.isPending}
          aria-describedby={!verdict.allowed || incomplete ? 'deploy-reason' : undefined}
        >
          {values.mode === 'TEST' ? 'Deploy to TEST' : 'Deploy to PRODUCTION'}
        </button>
      </div>
    </form>
  );
}

export function DeployPage() {
  const { promotionId = '' } = useParams();
  const promotion = usePromotion(promotionId);
  if (promotion.isPending) return <p aria-live="polite">Loading…</p>;
  if (promotion.error) return <ErrorNotice title="The promotion could not be read" error={promotion.error} />;
  return (
    <>
      <h1>Deploy {promotion.data.processName ?? promotion.data.promotionId}</h1>
      <DeployForm promotion={promotion.data} />
    </>
  );
}
