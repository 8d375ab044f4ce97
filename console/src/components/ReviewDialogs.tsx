/** The peer-review and denial dialogs (spec §5): each refusal shows the service's code and message. */
import { useState, type FormEvent } from 'react';
import { useDeny, usePeerReview } from '../api/queries';
import { Dialog } from './Dialog';
import { DialogActions, ReasonField } from './DialogForm';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  promotionId: string;
  open: boolean;
  onClose: () => void;
}

export function ReviewDialog({ promotionId, open, onClose }: Props) {
  const review = usePeerReview(promotionId);
  const [decision, setDecision] = useState<'APPROVED' | 'REJECTED'>('APPROVED');
  const [comments, setComments] = useState('');
  const rejecting = decision === 'REJECTED';

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = comments.trim() ? { decision, comments: comments.trim() } : { decision };
    review.mutate(body, { onSuccess: onClose });
  }

  return (
    <Dialog title="Peer review" open={open} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <fieldset>
          <legend>Decision</legend>
          <label className="choice">
            <input
              type="radio"
              name="decision"
              checked={!rejecting}
              onChange={() => setDecision('APPROVED')}
            />
            Approve
          </label>
          <label className="choice">
            <input
              type="radio"
              name="decision"
              checked={rejecting}
              onChange={() => setDecision('REJECTED')}
            />
            Reject (the promotion branch is deleted)
          </label>
        </fieldset>
        <ReasonField
          id="review-comments"
          label={`Comments${rejecting ? ' (required to reject)' : ' (optional)'}`}
          rows={4}
          required={rejecting}
          value={comments}
          onChange={setComments}
        />
        <ErrorNotice title="Review refused" error={review.error} />
        <DialogActions
          onCancel={onClose}
          submitLabel={rejecting ? 'Reject promotion' : 'Approve promotion'}
          tone={rejecting ? 'danger' : 'primary'}
          disabled={review.isPending}
        />
      </form>
    </Dialog>
  );
}

export function DenyDialog({ promotionId, open, onClose }: Props) {
  const deny = useDeny(promotionId);
  const [reason, setReason] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    deny.mutate({ reason: reason.trim() }, { onSuccess: onClose });
  }

  return (
    <Dialog title="Deny promotion" open={open} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p>Denying deletes the promotion branch and records the promotion as ADMIN_REJECTED.</p>
        <ReasonField
          id="deny-reason"
          label="Reason (required)"
          rows={4}
          required
          value={reason}
          onChange={setReason}
        />
        <ErrorNotice title="Denial refused" error={deny.error} />
        <DialogActions
          onCancel={onClose}
          submitLabel="Deny promotion"
          disabled={deny.isPending || reason.trim() === ''}
        />
      </form>
    </Dialog>
  );
}
