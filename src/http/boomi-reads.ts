/**
 * Boomi reads the API answers directly (account groups), and the checks of the deployment-target
 * registry. Boomi failures answer 503 SERVICE_UNAVAILABLE (see app/boomi-unavailable.ts).
 */
import { fromBoomi } from '../app/boomi-unavailable.ts';
import { listEnvironments } from '../app/environment-directory.ts';
import type { AccountGroup } from '../boomi/index.ts';
import { PromoError } from '../domain/errors.ts';
import type { BoomiReader } from './app.ts';

export async function listAccountGroups(boomi: BoomiReader): Promise<AccountGroup[]> {
  return fromBoomi(() => boomi.accountGroups.list());
}

export interface RegistrationEntry {
  environmentId: string;
  environmentName?: string | null;
}

/**
 * Checks a group's new target list against Boomi: the group must exist (NOT_FOUND) and every
 * environment too (INVALID_TARGET_ENVIRONMENT); names missing from the body are taken from
 * Boomi. Classification is not checked here: one group may serve TEST and PRODUCTION runs,
 * and each run checks its own targets (spec §4 check 8).
 */
export async function checkRegistration(
  boomi: BoomiReader,
  accountGroupId: string,
  entries: readonly RegistrationEntry[],
): Promise<RegistrationEntry[]> {
  const [groups, environments] = await Promise.all([listAccountGroups(boomi), listEnvironments(boomi)]);
  if (!groups.some((g) => g.id === accountGroupId)) {
    throw new PromoError('NOT_FOUND', `Account group ${accountGroupId} does not exist in the Boomi account`);
  }
  const byId = new Map(environments.map((e) => [e.id, e]));
  const seen = new Set<string>();
  return entries.map((entry) => {
    const environment = byId.get(entry.environmentId);
    if (!environment) {
      throw new PromoError(
        'INVALID_TARGET_ENVIRONMENT',
        `Environment ${entry.environmentId} does not exist in the Boomi account`,
      );
    }
    if (seen.has(entry.environmentId)) {
      throw new PromoError('INVALID_REQUEST', `Environment ${entry.environmentId} is listed twice`);
    }
    seen.add(entry.environmentId);
    return { environmentId: entry.environmentId, environmentName: entry.environmentName ?? environment.name };
  });
}
