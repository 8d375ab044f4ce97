/**
 * The branch budget (spec §10): the Boomi account's live branches against the seed's limits —
 * warning at 15 (the operational threshold), critical at 20 (Boomi's hard limit). Every promotion
 * holds a branch until it is deployed, denied or withdrawn, so this is what stops new work.
 */
import { useAccountStatus } from '../api/queries';
import { ErrorNotice } from './ErrorNotice';

const WORDS = {
  ok: 'within budget',
  warning: 'over the operational threshold: deploy, deny or withdraw old promotions',
  critical: 'at Boomi’s hard limit: new promotions cannot create a branch',
} as const;
const TONES = { ok: 'success', warning: 'warning', critical: 'danger' } as const;

export function BranchBudget() {
  const status = useAccountStatus();
  if (status.error) return <ErrorNotice title="The branch count could not be read" error={status.error} />;
  if (!status.data) return null;
  const { count, warningAt, criticalAt, level } = status.data.branches;
  return (
    <section className="card budget" aria-labelledby="budget-title">
      <h2 id="budget-title">
        Branch budget <span className={`badge badge-${TONES[level]}`}>{level.toUpperCase()}</span>
      </h2>
      <meter
        id="branch-meter"
        aria-labelledby="budget-title"
        min={0}
        max={criticalAt}
        low={warningAt}
        high={warningAt}
        optimum={0}
        value={count}
      />
      <p className="budget-text">
        {`${count} of ${criticalAt} branches — warning at ${warningAt}, hard limit ${criticalAt}; ${WORDS[level]}.`}
      </p>
    </section>
  );
}
