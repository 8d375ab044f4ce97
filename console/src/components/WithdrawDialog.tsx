/** Withdrawal (spec §10): the initiator or an admin, an optional reason; the branch is deleted. */
import { useState, type FormEvent } from 'react';
import { useWithdraw } from '../api/queries';
import { Dialog } from './Dialog';
import { DialogActions, ReasonField } from './DialogForm';
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
        <ReasonField id="withdraw-reason" label="Reason (optional)" value={reason} onChange={setReason} />
        <ErrorNotice title="Withdrawal refused" error={withdraw.error} />
        <DialogActions onCancel={onClose} submitLabel="Withdraw promotion" disabled={withdraw.isPending} />
      </form>
    </Dialog>
  );
}
