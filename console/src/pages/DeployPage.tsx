/**
 * The deploy form (spec §14): mode from the record, package version, a pack from the picker (the
 * suggestion preselected) or a new one, account group and environments of the mode's
 * classification, and for a hotfix an explicit acknowledgement and its justification. The plan
 * (`POST /package-and-deploy/plan`) is shown before the confirm button; confirming sends
 * `POST /deployments` and follows the run live.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  useAccountGroups,
  useEnvironments,
  useIntegrationPacks,
  usePlan,
  usePromotion,
  useStartDeployment,
} from '../api/queries';
import type { AccountGroup, Environment, Promotion } from '../api/types';
import { useMeContext } from '../auth/me';
import { ErrorNotice } from '../components/ErrorNotice';
import { PackPicker } from '../components/PackPicker';
import { PlanView } from '../components/PlanView';
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

interface TargetProps {
  values: DeployFormValues;
  update: Update;
  groups: AccountGroup[];
  environments: Environment[];
}

function TargetFields({ values, update, groups, environments }: TargetProps) {
  const classification = classificationOf(values.mode);
  // The environments were read with the mode's classification (GET /environments?classification=).
  const eligible = environments;
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
        {groupsFor(groups, environments).map((group) => (
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

/** The suggested pack, preselected once the packs are read (unless a pack was chosen already). */
function usePreselectSuggestedPack(promotion: Promotion, values: DeployFormValues, update: Update) {
  const packs = useIntegrationPacks(promotion.prodComponentId);
  const suggested = packs.data?.items.find((pack) => pack.suggested)?.id;
  const untouched = !values.newPack && values.integrationPackId === '';
  useEffect(() => {
    if (suggested && untouched) update({ integrationPackId: suggested });
  }, [suggested, untouched, update]);
  return packs;
}

function DeployForm({ promotion }: { promotion: Promotion }) {
  const me = useMeContext();
  const navigate = useNavigate();
  const start = useStartDeployment();
  const plan = usePlan();
  const [values, setValues] = useState(() => initialValues(promotion));
  const update = useCallback<Update>((patch) => setValues((current) => ({ ...current, ...patch })), []);
  const packs = usePreselectSuggestedPack(promotion, values, update);
  const environments = useEnvironments(classificationOf(values.mode));
  const groups = useAccountGroups();
  const verdict = deployVerdict(promotion, me, targetOf(values.mode));
  const incomplete = missing(values);
  const request = requestOf(promotion, values);
  // A plan stands for the values it was made for: any change asks for a new one.
  const planned = plan.data && plan.variables && JSON.stringify(plan.variables) === JSON.stringify(request);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!planned) {
      plan.mutate(request);
      return;
    }
    start.mutate(request, {
      onSuccess: ({ runId }) => void navigate(`/runs/${encodeURIComponent(runId)}`),
    });
  }

  const blocked = !verdict.allowed || incomplete !== null;
  const target = values.mode === 'TEST' ? 'TEST' : 'PRODUCTION';
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
      <ErrorNotice error={packs.error} title="Integration packs could not be read" />
      <PackPicker values={values} update={update} packs={packs.data?.items ?? []} loading={packs.isPending} />
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
      {planned && plan.data && (
        <PlanView
          plan={plan.data}
          groupNames={new Map(groups.data?.items.map((g) => [g.id, g.name ?? g.id]))}
        />
      )}
      {!planned && <ErrorNotice title="Plan refused" error={plan.error} />}
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
        {planned ? (
          <button type="submit" className="button button-primary" disabled={blocked || start.isPending}>
            {`Confirm: deploy to ${target}`}
          </button>
        ) : (
          <button
            type="submit"
            className="button button-primary"
            disabled={blocked || plan.isPending}
            aria-describedby={blocked ? 'deploy-reason' : undefined}
          >
            {plan.isPending ? 'Planning…' : `Review the plan for ${target}`}
          </button>
        )}
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
