/** Withdrawal (spec §10): the initiator or an admin, an optional reason; the branch is deleted. */
import { useState, type FormEvent } from 'react';
import { useWithdraw } from '../api/queries';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  promotionId: string;
  open: boolean;
  onClose: () => void;
}

export function WithdrawDialog({ promotionId, open, onClose }: Props) {
  const withdraw = useWithdraw(promotionId);
  const [reason, setReason] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    withdraw.mutate(reason.trim() ? { reason: reason.trim() } : {}, { onSuccess: onClose });
  }

  return (
    <Dialog title="Withdraw promotion" open={open} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p>Withdrawing deletes the promotion branch and records the promotion as WITHDRAWN.</p>
        <label htmlFor="withdraw-reason">Reason (optional)</label>
        <textarea
          id="withdraw-reason"
          maxLength={500}
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <ErrorNotice title="Withdrawal refused" error={withdraw.error} />
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={withdraw.isPending}>
            Withdraw promotion
          </button>
        </div>
      </form>
    </Dialog>
  );
}
