/**
 * Target environments of a run (spec §4, check 8): the explicit list, then the account group's
 * registered environments, each once, in that order. Every one must exist in the account and
 * match the mode's classification (TEST ⇒ TEST, PRODUCTION ⇒ PROD), so a TEST deployment can
 * never reach a production environment.
 *
 * Decisions where the docs are silent:
 * - An account group named in the request with no registered environments is refused
 *   (INVALID_TARGET_ENVIRONMENT): a typo in the group id, or a group nobody registered, must not
 *   silently turn a deployment into "package and release only". Pass `accountGroupEnvironmentIds`
 *   null when the request names no group, and the registry's list (possibly empty) when it does.
 * - An environment without a classification counts as PROD, Boomi's default (accounts with
 *   basic environment support have production environments only).
 */
import { PromoError } from './errors.ts';
import type { DeploymentTarget } from './promotion.ts';

export interface BoomiEnvironment {
  id: string;
  name: string;
  classification?: string | null;
}

export interface TargetEnvironment {
  environmentId: string;
  environmentName: string;
}

export interface ResolveTargetsInput {
  explicit: readonly string[];
  /** null: the request names no account group; otherwise the registry's environments for it. */
  accountGroupEnvironmentIds: readonly string[] | null;
  /** For messages only: the account group the ids came from. */
  accountGroupId?: string | null;
  /** The environments Boomi answered for the account. */
  environments: readonly BoomiEnvironment[];
  deploymentTarget: DeploymentTarget;
}

const REQUIRED_CLASSIFICATION: Readonly<Record<DeploymentTarget, string>> = {
  TEST: 'TEST',
  PRODUCTION: 'PROD',
};

export function resolveTargetEnvironments(input: ResolveTargetsInput): TargetEnvironment[] {
  const group = input.accountGroupEnvironmentIds;
  if (group !== null && group.length === 0) {
    const name = input.accountGroupId ? `Account group ${input.accountGroupId}` : 'The account group';
    throw new PromoError(
      'INVALID_TARGET_ENVIRONMENT',
      `${name} has no registered deployment environments; register them or list targetEnvironments`,
    );
  }
  const known = new Map(input.environments.map((environment) => [environment.id, environment]));
  const required = REQUIRED_CLASSIFICATION[input.deploymentTarget];
  const ids = [...new Set([...input.explicit, ...(group ?? [])])];

  return ids.map((id) => {
    const environment = known.get(id);
    if (environment === undefined) {
      throw new PromoError('INVALID_TARGET_ENVIRONMENT', `Environment ${id} does not exist in the account`);
    }
    const classification = environment.classification || 'PROD';
    if (classification !== required) {
      throw new PromoError(
        'INVALID_TARGET_ENVIRONMENT',
        `Environment ${id} (${environment.name}) is classified ${classification}; a ${input.deploymentTarget} deployment needs ${required} environments`,
      );
    }
    return { environmentId: id, environmentName: environment.name };
  });
}
