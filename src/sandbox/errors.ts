/**
 * Every message the sandbox answers with, one named template each. Boomi documents few exact texts
 * (reference §3, §14); where it does (403, 503, invalid integration pack) we use its words, elsewhere
 * we write short messages that name the offending value so a client log explains itself.
 */
export class BoomiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BoomiError';
  }
}

export const messages = {
  /** 401: no Authorization header, not Basic, unknown user or wrong token. */
  unauthenticated: () => 'Authentication failed: send HTTP Basic credentials BOOMI_TOKEN.<user>:<api token>.',
  /** 403: Boomi's own wording, for no access to the account, a read-only user writing, or a bad overrideAccount. */
  forbidden: () => 'Access denied due to insufficient permissions.',
  /** 403: an account feature (Branch & Merge, Publisher Integration Pack, multi-install) is off. */
  featureDisabled: (feature: string) => `The ${feature} feature is not enabled for this account.`,
  /** 503: Boomi's own wording, for the account rate limit (and injected 503 faults without a body). */
  rateLimited: () =>
    "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later.",
  /** 404: the URL names no Boomi operation (Boomi uses 404 only for bad URLs, never for missing records). */
  unknownEndpoint: (method: string, path: string) => `No operation ${method} ${path} exists in this API.`,
  /** 400: an id that names no record of that object in the effective account. */
  notFound: (object: string, id: string) => `The ${object} with ID ${id} was not found.`,
  /** 400: Boomi's own wording for an unknown (publisher) integration pack id. */
  invalidIntegrationPack: (id: string) =>
    `Integration pack ID ${id} is invalid. Provide a valid integration pack ID to complete this action.`,
  /** 400: the body is not the JSON the operation needs. */
  malformedBody: (detail: string) => `The request body is invalid: ${detail}`,
  /** 400: a required field is missing or empty. */
  missingField: (object: string, field: string) => `${object}: the field '${field}' is required.`,
  /** 400: a field holds a value outside its enumeration or of the wrong type. */
  invalidField: (object: string, field: string, value: unknown, allowed?: readonly string[]) =>
    `${object}: '${String(value)}' is not a valid value for '${field}'` +
    (allowed ? ` (allowed: ${allowed.join(', ')}).` : '.'),
  /** 415-like 400: the sandbox speaks JSON only. */
  jsonOnly: () => 'The sandbox accepts JSON request bodies only: send Content-Type: application/json.',
  /** 400: QueryFilter names a property the object cannot be queried by. */
  unknownQueryProperty: (object: string, property: string, allowed: readonly string[]) =>
    `${object} cannot be queried by '${property}' (queryable: ${allowed.join(', ')}).`,
  /** 400: wrong number of arguments for an operator (0 for IS_NULL/IS_NOT_NULL, 2 for BETWEEN, else 1). */
  wrongArgumentCount: (operator: string, expected: number, got: number) =>
    `Operator ${operator} takes ${expected} argument(s), got ${got}.`,
  /** 400: an operator or grouping that is not in Boomi's enumeration. */
  unknownOperator: (operator: string) => `Unknown query operator '${operator}'.`,
  /** 400: queryMore token unknown, expired or issued for another object. */
  invalidQueryToken: () => 'The queryToken is invalid or has expired.',
  /** 400: bulk request above Boomi's 100-id limit or of an unsupported type. */
  bulkTooLarge: (count: number) => `A bulk request may hold at most 100 ids, got ${count}.`,
  bulkTypeUnsupported: (type: string) => `Bulk type '${type}' is not supported for this object; use GET.`,
  /** 400: PackagedComponent create with a packageVersion already used for the component. */
  duplicatePackageVersion: (version: string, componentId: string) =>
    `Package version ${version} already exists for component ${componentId}. The version must be unique.`,
  /** 400: shareable packages exist only for processes and API services. */
  notShareable: (type: string) => `Components of type ${type} cannot be packaged as shareable.`,
  /** 400: the component type cannot be packaged at all. */
  notPackageable: (type: string) => `Components of type ${type} cannot be packaged.`,
  /** 400: deleting a package that is deployed or held by a publisher integration pack. */
  packageInUse: (packageId: string, where: string) =>
    `Packaged component ${packageId} cannot be deleted while it is ${where}.`,
  /** 400: the package was soft-deleted. */
  packageDeleted: (packageId: string) => `Packaged component ${packageId} is deleted.`,
  /** 400: restore request that does not match a deleted package. */
  badRestore: (packageId: string) =>
    `Packaged component ${packageId} cannot be restored: send the packageId, componentId and packageVersion of a deleted package.`,
  /** 400: adding a component with no shareable package to an integration pack. */
  noShareablePackage: (componentId: string) =>
    `Component ${componentId} has no shareable packaged component and cannot be added to an integration pack.`,
  /** 400: MULTI packs hold processes only. */
  multiPackNoApiService: (componentId: string) =>
    `Component ${componentId} is an API Service and cannot be added to a multiple-install integration pack.`,
  /** 400: integration pack update rules. */
  immutableInstallationType: () => 'The installationType of an integration pack cannot be changed.',
  renameMultiPack: () => 'Only single-install integration packs can be renamed.',
  componentNotInPack: (componentId: string) =>
    `Component ${componentId} is not part of this integration pack.`,
  /** 400: release rules. */
  releaseVersionUnknown: (componentId: string, version: string) =>
    `Version ${version} of component ${componentId} is not a shareable packaged component.`,
  nothingToRelease: (packId: string) => `Integration pack ${packId} has no pending changes to release.`,
  scheduledReleaseExists: (packId: string) =>
    `Integration pack ${packId} already has a scheduled release; modify it or release immediately.`,
  noScheduledRelease: (packId: string) => `Integration pack ${packId} has no scheduled release to modify.`,
  releaseDateInvalid: (value: string) =>
    `releaseOnDate '${value}' must be a future date formatted yyyy-MM-dd.`,
  alreadyShared: (packId: string, groupId: string) =>
    `Integration pack ${packId} is already shared with account group ${groupId}.`,
  /** 400: deploying rules. */
  alreadyDeployed: (packageId: string, environmentId: string) =>
    `Packaged component ${packageId} is already deployed to environment ${environmentId}.`,
  packageOrComponent: () => 'DeployedPackage: send exactly one of packageId or componentId.',
  notDeployed: (deploymentId: string) => `Deployment ${deploymentId} is not active.`,
  /** 400: environment rules. */
  duplicateEnvironmentName: (name: string) => `An environment named '${name}' already exists.`,
  classificationFixed: () => 'The classification of an environment can only be set when it is created.',
  environmentInUse: (id: string) => `Environment ${id} has deployed packages and cannot be deleted.`,
  /** 400: extension update names a connection/field that is not extensible in the environment. */
  unknownExtension: (kind: string, id: string) =>
    `${kind} ${id} is not an extensible item of this environment.`,
  /** 400: branch rules. */
  duplicateBranchName: (name: string) => `A branch named '${name}' already exists.`,
  branchLimit: (limit: number) => `The account has reached its limit of ${limit} branches.`,
  mainBranchImmutable: () => 'The main branch cannot be renamed or deleted.',
  branchNotReady: (id: string) => `Branch ${id} is not ready (stage must be NORMAL).`,
  /** 400: merge request rules. */
  sameBranch: () => 'The source and destination branches must differ.',
  wrongMergeStage: (action: string, stage: string, allowed: readonly string[]) =>
    `Merge request action ${action} is not allowed in stage ${stage} (allowed in: ${allowed.join(', ')}).`,
  mergeQueryNeedsBranch: () =>
    'A MergeRequest query must filter on sourceBranchId or destinationBranchId with the EQUALS operator.',
  unknownMergeDetail: (componentGuid: string) =>
    `Component ${componentGuid} is not part of this merge request.`,
  /** 400: component version suffix (~n) or branch suffix that names nothing. */
  componentVersionUnknown: (componentId: string, version: number) =>
    `Component ${componentId} has no version ${version}.`,
  componentNotOnBranch: (componentId: string, branch: string) =>
    `Component ${componentId} does not exist on branch ${branch}.`,
  /** 500: an injected fault without a body. */
  injectedFault: (status: number) => `Sandbox fault injected: HTTP ${status}.`,
} as const;

/** Throws a 400 BoomiError unless the condition holds (assert-style business checks). */
export function check(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new BoomiError(status, message);
}
