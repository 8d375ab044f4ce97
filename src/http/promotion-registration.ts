/**
 * `POST /promotions`: applies the domain's registration plan to the store. Creating answers
 * 201, an update 200, an identical re-send (an upstream retry) 200 with the record unchanged.
 */
import { planPromotionRegistration, type PromotionRegistration } from '../domain/promotion-registration.ts';
import type { PromotionLog } from '../domain/promotion.ts';
import type { PromotionsRepository } from '../store/repositories/index.ts';
import type { Caller } from '../domain/caller.ts';

export async function registerPromotion(
  promotions: PromotionsRepository,
  accountId: string,
  registration: PromotionRegistration,
  caller: Caller,
): Promise<{ created: boolean; promotion: PromotionLog }> {
  const existing = await promotions.get(registration.promotionId);
  const now = new Date().toISOString();
  const plan = planPromotionRegistration({ registration, existing, caller, accountId, now });
  if (plan.kind === 'create') return { created: true, promotion: await promotions.create(plan.promotion) };
  if (plan.kind === 'unchanged' || existing === null) return { created: false, promotion: existing! };
  // The row version read above guards against a concurrent writer (CONFLICT, 409).
  const updated = await promotions.update(registration.promotionId, plan.patch, existing.rowVersion);
  return { created: false, promotion: updated ?? existing };
}
