/**
 * Withdraw (spec §10): the initiator or an admin takes a promotion out of the chain. The domain
 * decides (who, which state); this refuses while a run is active (issue 13), records WITHDRAWN
 * first — so a run can never undo it — then deletes the branch (cleared, or left to the janitor).
 * (The HTTP layer audits each withdrawal and refusal.)
 */
import { withdrawnEvent } from '../domain/notifications/index.ts';
import { decideWithdrawal } from '../domain/withdrawal.ts';
import type { WithdrawService } from './contract.ts';
import { recordThenDelete, refuseDuringRun, type DecisionDeps } from './decision-apply.ts';

export function createWithdrawService(deps: DecisionDeps): WithdrawService {
  return {
    withdraw: (promotionId, withdrawal, caller) =>
      deps.repos.promotions.updateWithRetry(promotionId, async (promotion) => {
        const now = new Date().toISOString();
        const decision = decideWithdrawal({ withdrawal, caller, promotionId, promotion, now });
        await refuseDuringRun(deps, promotionId, 'withdrawal');
        // WITHDRAWN and its notification (spec §13) commit together.
        return recordThenDelete(deps, promotion!, decision, (recorded) =>
          withdrawnEvent(recorded, caller.email),
        );
      }),
  };
}
