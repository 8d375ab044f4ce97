/**
 * Role → email addresses for notifications. A role named in PROMO_NOTIFY_ROLE_ADDRESSES gets
 * exactly those addresses; any other role is reached through the emails of its working API
 * tokens (in sandbox mode, the demo users). People with OIDC identities only are reached through
 * the setting, since the service learns their email only when they call it.
 */
import type { RecipientRole } from '../domain/notifications/index.ts';

export interface RecipientDirectory {
  roleAddresses(): Promise<Record<RecipientRole, string[]>>;
}

export function createRecipientDirectory(
  configured: Partial<Record<RecipientRole, string[]>>,
  apiTokens: { activeEmailsWithRole(role: RecipientRole): Promise<string[]> },
): RecipientDirectory {
  const lookUp = async (role: RecipientRole) => configured[role] ?? apiTokens.activeEmailsWithRole(role);
  return {
    async roleAddresses() {
      const [admin, reviewer] = await Promise.all([lookUp('admin'), lookUp('reviewer')]);
      return { admin, reviewer };
    },
  };
}
