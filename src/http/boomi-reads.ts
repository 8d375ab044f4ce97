/**
 * Boomi reads the API answers directly (environments, account groups), and the checks of the
 * deployment-target registry. Boomi being down or refusing is the service's trouble, not the
 * caller's: it answers 503 SERVICE_UNAVAILABLE with the client's (secret-free) message.
 */
import { isBoomiRequestError, type AccountGroup, type Environment } from '../boomi/index.ts';
import { PromoError } from '../domain/errors.ts';
import type { BoomiReader } from './app.ts';

export async function fromBoomi<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isBoomiRequestError(error)) {
      throw new PromoError('SERVICE_UNAVAILABLE', `Boomi could not answer: ${error.message}`);
    }
    throw error;
  }
}

export interface EnvironmentView {
  id: string;
  name: string | null;
  classification: 'TEST' | 'PROD' | null;
}

export async function listEnvironments(boomi: BoomiReader): Promise<EnvironmentView[]> {
  const environments = await fromBoomi(() => boomi.environments.list());
  return environments
    .map((e: Environment) => ({ id: e.id, name: e.name ?? null, classification: e.classification ?? null }))
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

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
