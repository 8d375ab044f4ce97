/**
 * The Package and Deploy response (spec §4, the seed's response profile). Booleans the seed
 * spells as strings stay strings ("true"/"false"); `errorCode`/`errorMessage` are null on success.
 *
 * deploymentStatus: no targets → NOT_DEPLOYED; all deployed → DEPLOYED; some failed → PARTIAL;
 * all failed → FAILED with success false and DEPLOYMENT_FAILED. A catastrophic run (merge,
 * package, pack, release) passes its error and answers success false with that code.
 */
import { Type, type Static } from 'typebox';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { FIELD_LIMITS, type DeploymentTarget, type StringBoolean } from './promotion.ts';
import { truncate } from './text.ts';

export const DEPLOYMENT_STATUSES = ['DEPLOYED', 'PARTIAL', 'FAILED', 'NOT_DEPLOYED'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

const stringBoolean = (description: string) =>
  Type.Union([Type.Literal('true'), Type.Literal('false')], { description });
const nullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

export const DeployedEnvironmentSchema = Type.Object({
  environmentId: Type.String(),
  environmentName: Type.String(),
  status: Type.Union([Type.Literal('DEPLOYED'), Type.Literal('FAILED')]),
  deploymentId: Type.Optional(Type.String({ description: 'The DeployedPackage id (when deployed)' })),
  errorMessage: Type.Optional(Type.String({ description: 'Why this environment failed' })),
});

export const DeployResponseSchema = Type.Object(
  {
    success: Type.Boolean(),
    errorCode: Type.Union([...Object.keys(ERROR_CODES).map((code) => Type.Literal(code)), Type.Null()]),
    errorMessage: nullableString('Set when success is false'),
    promotionId: Type.String(),
    runId: Type.String(),
    packagedComponentId: nullableString('The PackagedComponent packageId'),
    integrationPackId: nullableString('The publisher Integration Pack (new or existing)'),
    integrationPackName: nullableString('Its name'),
    releaseVersion: nullableString('The released pack version'),
    deploymentStatus: Type.Union([
      Type.Literal('DEPLOYED'),
      Type.Literal('PARTIAL'),
      Type.Literal('FAILED'),
      Type.Literal('NOT_DEPLOYED'),
    ]),
    deployedEnvironments: Type.Array(DeployedEnvironmentSchema),
    deploymentTarget: Type.Union([Type.Literal('TEST'), Type.Literal('PRODUCTION')]),
    branchPreserved: stringBoolean('"true" if the branch was kept (TEST), "false" if deleted'),
    isHotfix: stringBoolean('"true" for a hotfix deployment (mode 3)'),
    cacheRefreshFailed: stringBoolean('"true" if any environment’s extension-access cache refresh failed'),
    extensionAccessMappingCount: Type.Integer({
      minimum: 0,
      description: 'Cache rows written, all environments',
    }),
  },
  { description: 'Package and Deploy response (spec §4)' },
);

export type DeployedEnvironment = Static<typeof DeployedEnvironmentSchema>;
export type DeployResponse = Omit<Static<typeof DeployResponseSchema>, 'errorCode'> & {
  errorCode: ErrorCode | null;
};

/** One environment's outcome as the run records it, cache figures included. */
export interface EnvironmentRunResult extends DeployedEnvironment {
  /** Cache rows written for this environment (0 or absent when not refreshed). */
  extensionAccessMappingCount?: number;
  cacheRefreshFailed?: boolean;
}

export interface DeployRunFacts {
  promotionId: string;
  runId: string;
  deploymentTarget: DeploymentTarget;
  isHotfix: boolean;
  branchPreserved: boolean;
  packagedComponentId?: string | null;
  integrationPackId?: string | null;
  integrationPackName?: string | null;
  releaseVersion?: string | null;
  environments: readonly EnvironmentRunResult[];
  /** A catastrophic failure that ended the run. */
  error?: { code: ErrorCode; message: string } | null;
}

export function deploymentStatusOf(
  environments: readonly Pick<DeployedEnvironment, 'status'>[],
): DeploymentStatus {
  if (environments.length === 0) return 'NOT_DEPLOYED';
  const failed = environments.filter((environment) => environment.status === 'FAILED').length;
  if (failed === 0) return 'DEPLOYED';
  return failed === environments.length ? 'FAILED' : 'PARTIAL';
}

export function buildDeployResponse(facts: DeployRunFacts): DeployResponse {
  const deploymentStatus = deploymentStatusOf(facts.environments);
  const error = facts.error ?? (deploymentStatus === 'FAILED' ? allFailedError(facts.environments) : null);
  return {
    success: error === null,
    errorCode: error?.code ?? null,
    errorMessage: error === null ? null : truncate(error.message, FIELD_LIMITS.errorMessage),
    promotionId: facts.promotionId,
    runId: facts.runId,
    packagedComponentId: facts.packagedComponentId ?? null,
    integrationPackId: facts.integrationPackId ?? null,
    integrationPackName: facts.integrationPackName ?? null,
    releaseVersion: facts.releaseVersion ?? null,
    deploymentStatus,
    deployedEnvironments: facts.environments.map(toDeployedEnvironment),
    deploymentTarget: facts.deploymentTarget,
    branchPreserved: asString(facts.branchPreserved),
    isHotfix: asString(facts.isHotfix),
    cacheRefreshFailed: asString(
      facts.environments.some((environment) => environment.cacheRefreshFailed === true),
    ),
    extensionAccessMappingCount: facts.environments.reduce(
      (sum, environment) => sum + (environment.extensionAccessMappingCount ?? 0),
      0,
    ),
  };
}

/** The DEPLOYMENT_FAILED message naming every environment and its error. */
export function allFailedError(environments: readonly DeployedEnvironment[]): {
  code: ErrorCode;
  message: string;
} {
  const details = environments.map(
    (environment) =>
      `${environment.environmentName} (${environment.environmentId}): ${environment.errorMessage ?? 'failed'}`,
  );
  return {
    code: 'DEPLOYMENT_FAILED',
    message: `Deployment failed in every target environment — ${details.join('; ')}`,
  };
}

function toDeployedEnvironment(result: EnvironmentRunResult): DeployedEnvironment {
  const environment: DeployedEnvironment = {
    environmentId: result.environmentId,
    environmentName: result.environmentName,
    status: result.status,
  };
  if (result.deploymentId !== undefined) environment.deploymentId = result.deploymentId;
  if (result.errorMessage !== undefined) environment.errorMessage = result.errorMessage;
  return environment;
}

function asString(value: boolean): StringBoolean {
  return value ? 'true' : 'false';
}
