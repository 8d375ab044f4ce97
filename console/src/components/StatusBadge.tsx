/** A PromotionLog status (or review status) as a coloured label. */
const TONE: Record<string, string> = {
  COMPLETED: 'info',
  IN_PROGRESS: 'info',
  TEST_DEPLOYED: 'success',
  DEPLOYED: 'success',
  PEER_APPROVED: 'success',
  ADMIN_APPROVED: 'success',
  SUCCEEDED: 'success',
  PENDING_PEER_REVIEW: 'warning',
  PENDING_ADMIN_REVIEW: 'warning',
  RUNNING: 'warning',
  PARTIAL: 'warning',
  FAILED: 'danger',
  PEER_REJECTED: 'danger',
  ADMIN_REJECTED: 'danger',
  WITHDRAWN: 'neutral',
  SKIPPED: 'neutral',
  NOT_DEPLOYED: 'neutral',
  ROLLED_BACK: 'warning',
  DELIVERED: 'success',
  KEPT: 'info',
  PENDING: 'warning',
  'NO-RECIPIENTS': 'neutral',
};

export function StatusBadge({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="badge badge-neutral">—</span>;
  return <span className={`badge badge-${TONE[value] ?? 'neutral'}`}>{value.replace(/_/g, ' ')}</span>;
}
