/**
 * Boomi Platform API objects, hand-written from the official OpenAPI subset
 * (`reference/boomi-platform-openapi.subset.json`). Field names and casing are Boomi's
 * (`Description`, `PublisherPackagedComponents`, …). Responses pass through `normalise()`,
 * so the lists and containers typed as required here are always present.
 */

export type QueryOperator =
  | 'EQUALS'
  | 'LIKE'
  | 'NOT_EQUALS'
  | 'IS_NULL'
  | 'IS_NOT_NULL'
  | 'BETWEEN'
  | 'GREATER_THAN'
  | 'GREATER_THAN_OR_EQUAL'
  | 'LESS_THAN'
  | 'LESS_THAN_OR_EQUAL'
  | 'CONTAINS'
  | 'NOT_CONTAINS';

export interface SimpleExpression {
  operator: QueryOperator;
  property: string;
  argument: string[];
}

export interface GroupingExpression {
  operator: 'and' | 'or';
  nestedExpression: QueryExpression[];
}

export type QueryExpression = SimpleExpression | GroupingExpression;

export interface QueryResult<T> {
  numberOfResults?: number;
  queryToken?: string;
  result: T[];
}

export type BranchStage = 'CREATING' | 'NORMAL' | 'DELETING';

export interface Branch {
  id: string;
  name?: string;
  description?: string;
  parentId?: string;
  packageId?: string;
  deploymentId?: string;
  createdBy?: string;
  createdDate?: string;
  modifiedBy?: string;
  modifiedDate?: string;
  ready?: boolean;
  deleted?: boolean;
  stage?: BranchStage | string;
}

export interface BranchCreateInput {
  name: string;
  parentId?: string;
  packageId?: string;
  description?: string;
}

export type MergeStage =
  | 'NOT_EXIST'
  | 'DRAFTING'
  | 'FAILED_TO_DRAFT'
  | 'FAILED_TO_REDRAFT'
  | 'DRAFTED'
  | 'REVIEWING'
  | 'MERGING'
  | 'MERGED'
  | 'FAILED_TO_MERGE'
  | 'DELETED'
  | 'REDRAFTING'
  | 'REVERTED';

export type MergeRequestAction = 'UPDATE' | 'MERGE' | 'RETRY_DRAFTING' | 'REVERT';
export type MergeStrategy = 'OVERRIDE' | 'CONFLICT_RESOLVE' | 'SUBSET';
export type PriorityBranch = 'SOURCE' | 'DESTINATION';

export interface MergeRequestDetail {
  componentGuid?: string;
  sourceRevision?: number;
  destinationRevision?: number;
  mergeRevision?: number;
  changeType?: 'ADDED' | 'MODIFIED' | 'DELETED';
  conflict?: boolean;
  resolution?: 'OVERRIDE' | 'KEEP_DESTINATION';
  excluded?: boolean;
  lockedOnDestinationBranch?: boolean;
  stage?: 'DRAFTED' | 'REVIEWED' | 'CONFLICT_RESOLVED' | 'MERGED' | 'REVERTED';
  createdBy?: string;
  createdDate?: string;
  modifiedBy?: string;
  modifiedDate?: string;
}

export interface MergeRequest {
  id: string;
  sourceBranchId?: string;
  sourceBranchName?: string;
  destinationBranchId?: string;
  destinationBranchName?: string;
  strategy?: MergeStrategy;
  priorityBranch?: PriorityBranch;
  stage?: MergeStage;
  previousStage?: MergeStage;
  mergeRequestAction?: MergeRequestAction;
  note?: string;
  lockedBy?: string;
  lockedDate?: string;
  lockNonce?: number;
  inactiveDate?: string;
  createdBy?: string;
  createdDate?: string;
  modifiedBy?: string;
  modifiedDate?: string;
  MergeRequestDetails: { MergeRequestDetail: MergeRequestDetail[] };
}

export interface MergeRequestCreateInput {
  sourceBranchId: string;
  destinationBranchId: string;
  strategy: MergeStrategy;
  priorityBranch?: PriorityBranch;
  note?: string;
}

export type ComponentType =
  'certificate' | 'customlibrary' | 'flowservice' | 'process' | 'processroute' | 'tpgroup' | 'webservice';

export interface PackagedComponent {
  packageId: string;
  packageVersion: string;
  componentId: string;
  componentVersion?: number;
  componentType?: ComponentType | string;
  createdDate?: string;
  createdBy?: string;
  notes?: string;
  shareable?: boolean;
  deleted?: boolean;
  branchName?: string;
  fullyPubliclyConsumable?: boolean;
}

export interface PackagedComponentCreateInput {
  componentId: string;
  packageVersion?: string;
  notes?: string;
  shareable?: boolean;
  branchName?: string;
  componentVersion?: number;
}

export type InstallationType = 'SINGLE' | 'MULTI';

export interface PublisherPackagedComponent {
  componentId?: string;
  componentName?: string;
  componentType?: string;
  currentVersion?: string;
  pendingVersion?: string;
  latestVersion?: string;
  deleted?: boolean;
}

export interface PublisherIntegrationPack {
  id: string;
  name?: string;
  Description: string;
  installationType?: InstallationType;
  operationType?: 'ADD' | 'DELETE';
  PublisherPackagedComponents: { PublisherPackagedComponent: PublisherPackagedComponent[] };
}

export interface PublisherIntegrationPackCreateInput {
  name: string;
  /** Sent as Boomi's capitalised `Description` (required by the schema, may be empty). */
  description?: string;
  installationType: InstallationType;
}

export interface IntegrationPack {
  id: string;
  name?: string;
  installationType?: InstallationType;
  Description?: string;
}

export type ReleaseSchedule = 'IMMEDIATELY' | 'RELEASE_ON_SPECIFIED_DATE';
export type ReleaseState = 'IN_PROGRESS' | 'SUCCESS' | 'SCHEDULED' | 'ERROR';

export interface ReleasePackagedComponent {
  componentId?: string;
  version?: string;
  releasedVersion?: string;
}

export interface ReleaseIntegrationPack {
  id?: string;
  name?: string;
  installationType?: InstallationType;
  releaseSchedule?: ReleaseSchedule;
  releaseOnDate?: string;
  requestId?: string;
  releaseStatusUrl?: string;
  ReleasePackagedComponents: { ReleasePackagedComponent: ReleasePackagedComponent[] };
}

export interface ReleaseCreateInput {
  /** The publisher integration pack to release. */
  integrationPackId: string;
  releaseSchedule?: ReleaseSchedule;
  /** `yyyy-MM-dd`, required with RELEASE_ON_SPECIFIED_DATE. */
  releaseOnDate?: string;
  /** Which package version of each component goes out; omitted = Boomi's pending versions. */
  components?: { componentId: string; version: string }[];
}

export interface ReleaseIntegrationPackStatus {
  requestId?: string;
  integrationPackId?: string;
  name?: string;
  installationType?: InstallationType;
  releaseSchedule?: ReleaseSchedule;
  releaseOnDate?: string;
  releaseStatus?: ReleaseState;
  responseStatusCode?: number;
  ReleasePackagedComponents: { ReleasePackagedComponent: ReleasePackagedComponent[] };
}

export interface DeployedPackage {
  deploymentId: string;
  version?: number;
  packageId?: string;
  packageVersion?: string;
  environmentId?: string;
  componentId?: string;
  componentVersion?: number;
  componentType?: string;
  deployedDate?: string;
  deployedBy?: string;
  notes?: string;
  active?: boolean;
  branchName?: string;
  listenerStatus?: 'RUNNING' | 'PAUSED';
  /** Present only when the deployment exceeded connection licences. */
  message?: string;
}

export type DeployedPackageCreateInput = {
  environmentId: string;
  notes?: string;
  listenerStatus?: 'RUNNING' | 'PAUSED';
} & ({ packageId: string; componentId?: never } | { componentId: string; packageId?: never });

export interface Environment {
  id: string;
  name?: string;
  classification?: 'PROD' | 'TEST';
  parentAccount?: string;
  parentEnvironment?: string;
}

export interface AccountGroup {
  id: string;
  accountId?: string;
  name?: string;
  defaultGroup?: boolean;
  autoSubscribeAlertLevel?: 'none' | 'info' | 'warning' | 'error';
  Resources: { Resource: { objectType?: string; resourceId: string; resourceName: string }[] };
}

export interface AccountGroupIntegrationPack {
  id: string;
  accountGroupId?: string;
  integrationPackId?: string;
  integrationPackName?: string;
  installationType?: InstallationType;
}

export interface ExtensionField {
  id?: string;
  value?: string;
  useDefault?: boolean;
  usesEncryption?: boolean;
  encryptedValueSet?: boolean;
  componentOverride?: boolean;
  customProperties?: { properties: { key?: string; value?: string; encrypted?: boolean }[] };
  CloudManagedSecretConfig?: {
    usesRemoteSecretsManager?: boolean;
    secretsManagerType?: string;
    secretReference?: string;
  };
}

interface FieldHolder {
  id?: string;
  name?: string;
  field: ExtensionField[];
}

export interface ProcessPropertyValue {
  key?: string;
  label?: string;
  value?: string;
  useDefault?: boolean;
  usesEncryption?: boolean;
  encryptedValueSet?: boolean;
  componentOverride?: boolean;
  validate?: boolean;
}

export interface EnvironmentExtensions {
  id?: string;
  environmentId?: string;
  extensionGroupId?: string;
  partial?: boolean;
  connections: { connection: FieldHolder[] };
  operations: { operation: FieldHolder[] };
  tradingPartners: {
    tradingPartner: { id?: string; name?: string; category: FieldHolder[] }[];
  };
  sharedCommunications: { sharedCommunication: (FieldHolder & { type?: string })[] };
  crossReferences: {
    crossReference: {
      id?: string;
      name?: string;
      overrideValues?: boolean;
      CrossReferenceRows: { row: Record<string, string>[] };
    }[];
  };
  properties: { property: { name: string; value: string }[] };
  processProperties: {
    ProcessProperty: { id?: string; name?: string; ProcessPropertyValue: ProcessPropertyValue[] }[];
  };
  PGPCertificates: { PGPCertificate: { id?: string; value?: string; useDefault?: boolean }[] };
}
