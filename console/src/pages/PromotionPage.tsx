/**
 * One promotion (spec §14): what was promoted, its components, review history, branch and its
 * age, test deployment, the hotfix banner, and the actions the caller may take.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { usePromotion } from '../api/queries';
import type { Promotion } from '../api/types';
import { useMeContext } from '../auth/me';
import { ErrorNotice } from '../components/ErrorNotice';
import { GuardedButton } from '../components/GuardedButton';
import { DenyDialog, ReviewDialog } from '../components/ReviewDialogs';
import { WithdrawDialog } from '../components/WithdrawDialog';
import { StatusBadge } from '../components/StatusBadge';
import { ageInDays, ageLevel, dateTime } from '../format';
import { denyVerdict, deployVerdict, peerReviewVerdict, withdrawVerdict } from '../rules';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  );
}

function Actions({ promotion }: { promotion: Promotion }) {
  const me = useMeContext();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'review' | 'deny' | 'withdraw' | null>(null);
  // The form gates each mode (PRODUCTION needs the peer approval, four eyes); entering it needs
  // what every mode needs.
  const target = 'TEST';
  return (
    <section aria-label="Actions" className="card actions-card">
      <GuardedButton verdict={deployVerdict(promotion, me, target)} onClick={() => void navigate('deploy')}>
        Deploy…
      </GuardedButton>
      <GuardedButton
        verdict={peerReviewVerdict(promotion, me)}
        variant="secondary"
        onClick={() => setDialog('review')}
      >
        Peer review…
      </GuardedButton>
      <GuardedButton verdict={denyVerdict(promotion, me)} variant="danger" onClick={() => setDialog('deny')}>
        Deny…
      </GuardedButton>
      <GuardedButton
        verdict={withdrawVerdict(promotion, me)}
        variant="secondary"
        onClick={() => setDialog('withdraw')}
      >
        Withdraw…
      </GuardedButton>
      <ReviewDialog
        promotionId={promotion.promotionId}
        open={dialog === 'review'}
        onClose={() => setDialog(null)}
      />
      <DenyDialog
        promotionId={promotion.promotionId}
        open={dialog === 'deny'}
        onClose={() => setDialog(null)}
      />
      <WithdrawDialog
        promotionId={promotion.promotionId}
        open={dialog === 'withdraw'}
        onClose={() => setDialog(null)}
      />
    </section>
  );
}

function Branch({ promotion }: { promotion: Promotion }) {
  if (!promotion.branchId) return <p>No branch: it was deleted (or never recorded).</p>;
  const days = ageInDays(promotion.initiatedAt);
  return (
    <dl className="fields">
      <Field label="Branch">{promotion.branchName ?? promotion.branchId}</Field>
      <Field label="Branch id">
        <code>{promotion.branchId}</code>
      </Field>
      <Field label="Age">
        <span className={`age age-${ageLevel(days)}`}>
          {days} days{' '}
          {ageLevel(days) === 'critical'
            ? '(over 30: clean up)'
            : ageLevel(days) === 'warning'
              ? '(15–30: ageing)'
              : ''}
        </span>
      </Field>
    </dl>
  );
}

function ReviewHistory({ promotion }: { promotion: Promotion }) {
  return (
    <ol className="history">
      <li>
        <strong>Promoted</strong> by {promotion.initiatedBy} · {dateTime(promotion.initiatedAt)}
      </li>
      {promotion.peerReviewedBy && (
        <li>
          <strong>Peer review</strong> <StatusBadge value={promotion.peerReviewStatus} /> by{' '}
          {promotion.peerReviewedBy} · {dateTime(promotion.peerReviewedAt)}
          {promotion.peerReviewComments && <blockquote>{promotion.peerReviewComments}</blockquote>}
        </li>
      )}
      {promotion.adminApprovedBy && (
        <li>
          <strong>Admin</strong> <StatusBadge value={promotion.adminReviewStatus} /> by{' '}
          {promotion.adminApprovedBy} · {dateTime(promotion.adminApprovedAt)}
          {promotion.adminComments && <blockquote>{promotion.adminComments}</blockquote>}
        </li>
      )}
      {promotion.withdrawnAt && (
        <li>
          <strong>Withdrawn</strong> · {dateTime(promotion.withdrawnAt)}
          {promotion.withdrawalReason && <blockquote>{promotion.withdrawalReason}</blockquote>}
        </li>
      )}
      {promotion.rolledBackAt && (
        <li>
          <strong>Rolled back</strong> by {promotion.rolledBackBy} · {dateTime(promotion.rolledBackAt)}
          {promotion.rollbackReason && <blockquote>{promotion.rollbackReason}</blockquote>}
        </li>
      )}
      {!promotion.peerReviewedBy && (
        <li className="hint">Peer review: {promotion.peerReviewStatus ?? 'not started'}</li>
      )}
    </ol>
  );
}

function Overview({ promotion }: { promotion: Promotion }) {
  return (
    <dl className="fields">
      <Field label="Promotion id">
        <code>{promotion.promotionId}</code>
      </Field>
      <Field label="Initiated">{`${promotion.initiatedBy}, ${dateTime(promotion.initiatedAt)}`}</Field>
      <Field label="Dev account">{promotion.devAccountId}</Field>
      <Field label="Root process (prod)">
        {promotion.prodComponentId && <code>{promotion.prodComponentId}</code>}
      </Field>
      <Field label="Package version">{promotion.packageVersion}</Field>
      <Field label="Target">{promotion.targetEnvironment}</Field>
      <Field label="Integration pack">{promotion.integrationPackName ?? promotion.integrationPackId}</Field>
      <Field label="Components">
        {`${promotion.componentsTotal} total · ${promotion.componentsCreated} created · ${promotion.componentsUpdated} updated · ${promotion.componentsFailed} failed`}
      </Field>
      {promotion.errorMessage && <Field label="Error">{promotion.errorMessage}</Field>}
    </dl>
  );
}

function Deployments({ promotion }: { promotion: Promotion }) {
  return (
    <dl className="fields">
      <Field label="Test deployed">
        {promotion.testDeployedAt ? dateTime(promotion.testDeployedAt) : 'not yet'}
      </Field>
      <Field label="Test pack">{promotion.testIntegrationPackName ?? promotion.testIntegrationPackId}</Field>
      <Field label="From test promotion">{promotion.testPromotionId}</Field>
      <Field label="Production package">
        {promotion.prodPackageId && <code>{promotion.prodPackageId}</code>}
      </Field>
    </dl>
  );
}

export function PromotionPage() {
  const { promotionId = '' } = useParams();
  const promotion = usePromotion(promotionId);
  if (promotion.isPending) return <p aria-live="polite">Loading…</p>;
  if (promotion.error) return <ErrorNotice title="The promotion could not be read" error={promotion.error} />;
  const p = promotion.data;
  return (
    <>
      {p.isHotfix === 'true' && (
        <div className="banner banner-hotfix" role="note">
          <strong>EMERGENCY HOTFIX</strong> — deployed to production without a test deployment.
          <p>Justification: {p.hotfixJustification ?? '—'}</p>
        </div>
      )}
      <div className="page-title">
        <h1>{p.processName ?? p.promotionId}</h1>
        <StatusBadge value={p.status} />
      </div>
      <Actions promotion={p} />
      <div className="grid">
        <section className="card" aria-labelledby="overview-title">
          <h2 id="overview-title">What was promoted</h2>
          <Overview promotion={p} />
        </section>
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title">Review history</h2>
          <ReviewHistory promotion={p} />
        </section>
        <section className="card" aria-labelledby="branch-title">
          <h2 id="branch-title">Branch</h2>
          <Branch promotion={p} />
        </section>
        <section className="card" aria-labelledby="deploy-title">
          <h2 id="deploy-title">Deployments</h2>
          <Deployments promotion={p} />
        </section>
      </div>
    </>
  );
}
