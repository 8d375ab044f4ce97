/**
 * Deployment targets (spec §4, §7): Boomi's environments and account groups as the API answers
 * them, and the registry of each group's target environments. Boomi being down or refusing is the
 * service's trouble, not the caller's: it answers 503 SERVICE_UNAVAILABLE with the client's
 * (secret-free) message.
 */
import type { AccountGroup, Environment } from '../boomi/index.ts';
import type { Caller } from '../domain/caller.ts';
import { PromoError } from '../domain/errors.ts';
import type { AccountGroupEnvironmentsRepository } from '../store/repositories/account-group-environments.ts';
import { failingWith } from '../workflow/failures.ts';
import type { EnvironmentFilter, EnvironmentView, RegistrationEntry, TargetService } from './contract.ts';

/** The Boomi reads targets need (a `BoomiClient` satisfies it). */
export interface BoomiReader {
  environments: { list(filter?: EnvironmentFilter): Promise<Environment[]> };
  accountGroups: { list(): Promise<AccountGroup[]> };
}

export interface TargetServiceDeps {
  boomi: BoomiReader;
  registry: AccountGroupEnvironmentsRepository;
}

function fromBoomi<T>(read: () => Promise<T>): Promise<T> {
  return failingWith('SERVICE_UNAVAILABLE', 'Boomi could not answer', read);
}

async function listEnvironments(
  boomi: BoomiReader,
  filter: EnvironmentFilter = {},
): Promise<EnvironmentView[]> {
  const environments = await fromBoomi(() => boomi.environments.list(filter));
  return environments
    .map((e) => ({ id: e.id, name: e.name ?? null, classification: e.classification ?? null }))
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

/**
 * Checks a group's new target list against Boomi: the group must exist (NOT_FOUND) and every
 * environment too (INVALID_TARGET_ENVIRONMENT); names missing from the body are taken from
 * Boomi. Classification is not checked here: one group may serve TEST and PRODUCTION runs,
 * and each run checks its own targets (spec §4 check 8).
 */
async function checkRegistration(
  boomi: BoomiReader,
  accountGroupId: string,
  entries: readonly RegistrationEntry[],
): Promise<RegistrationEntry[]> {
  const [groups, environments] = await Promise.all([
    fromBoomi(() => boomi.accountGroups.list()),
    listEnvironments(boomi),
  ]);
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

export function createTargetService({ boomi, registry }: TargetServiceDeps): TargetService {
  return {
    environments: (filter) => listEnvironments(boomi, filter),
    async accountGroups() {
      const groups = await fromBoomi(() => boomi.accountGroups.list());
      return Promise.all(
        groups.map(async (group) => ({
          id: group.id,
          name: group.name ?? null,
          registeredEnvironmentIds: (await registry.listForGroup(group.id)).map((e) => e.environmentId),
        })),
      );
    },
    registeredEnvironments: (accountGroupId) => registry.listForGroup(accountGroupId),
    async replaceRegisteredEnvironments(accountGroupId, entries, caller: Caller) {
      const checked = await checkRegistration(boomi, accountGroupId, entries);
      return registry.replaceForGroup(accountGroupId, checked, caller.email);
    },
  };
}
