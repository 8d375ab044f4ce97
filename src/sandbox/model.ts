// The sandbox's records: what it remembers about each Boomi object, independent of the JSON shape
// it answers with (each objects/*.ts module renders its own).
import type { PendingStep } from './clock/async-stages.ts';

export type ComponentType =
  | 'certificate'
  | 'connector-action'
  | 'connector-settings'
  | 'crossref'
  | 'documentcache'
  | 'transform.map'
  | 'transform.function'
  | 'certificate.pgp'
  | 'process'
  | 'processproperty'
  | 'profile.db'
  | 'profile.edi'
  | 'profile.flatfile'
  | 'profile.xml'
  | 'profile.json'
  | 'queue'
  | 'tradingpartner'
  | 'tpgroup'
  | 'tporganization'
  | 'tpcommoptions'
  | 'webservice'
  | 'webservice.external'
  | 'processroute'
  | 'customlibrary'
  | 'edistandard'
  | 'flowservice'
  | 'script.processing'
  | 'script.mapping'
  | 'xslt';

/** A field that environment extensions can override (connection field, operation field, process property). */
export interface ExtensibleField {
  id: string;
  label?: string;
  usesEncryption?: boolean;
  defaultValue?: string;
}

export interface ComponentRevision {
  version: number;
  branchId: string;
  name: string;
  description: string;
  deleted: boolean;
  createdBy: string;
  createdMs: number;
  /** Set on revisions a merge copied onto the destination branch. */
  mergedFrom?: { branchId: string; version: number };
}

export interface ComponentRecord {
  componentId: string;
  type: ComponentType;
  subType?: string;
  folderName: string;
  folderId: string;
  folderFullPath: string;
  /** Components this one references: its extensible ones show up in environment extensions. */
  dependencies: string[];
  /** Present for connections, operations and process properties. */
  extensibleFields?: ExtensibleField[];
  /** Every revision on every branch; the version number is global per component, as in Boomi. */
  revisions: ComponentRevision[];
  /** Locked in the destination branch's editor: a CONFLICT_RESOLVE merge of it fails. */
  locked?: boolean;
}

export type BranchStage = 'CREATING' | 'NORMAL' | 'DELETING';

export interface BranchRecord {
  id: string;
  name: string;
  description?: string;
  parentId?: string;
  packageId?: string;
  deploymentId?: string;
  createdBy: string;
  createdMs: number;
  modifiedBy?: string;
  modifiedMs?: number;
  stage: BranchStage;
  deleted: boolean;
  /** The pending CREATING or DELETING stage. */
  pending?: PendingStep;
}

export interface PackageRecord {
  packageId: string;
  packageVersion: string;
  componentId: string;
  componentVersion: number;
  componentType: ComponentType;
  branchName: string;
  notes: string;
  shareable: boolean;
  deleted: boolean;
  createdBy: string;
  createdMs: number;
}

export type ListenerStatus = 'RUNNING' | 'PAUSED';

export interface DeploymentRecord {
  deploymentId: string;
  environmentId: string;
  packageId: string;
  componentId: string;
  /** Deployment number per (environment, component). */
  version: number;
  deployedBy: string;
  deployedMs: number;
  notes: string;
  active: boolean;
  listenerStatus: ListenerStatus;
}

export interface EnvironmentRecord {
  id: string;
  name: string;
  classification: 'PROD' | 'TEST';
}

export interface FieldOverride {
  value?: string;
  useDefault: boolean;
}

/** Environment extension values set through seeding or updates; contents are derived on read. */
export interface ExtensionValues {
  /** componentId → field id (or process property key) → override. */
  overrides: Map<string, Map<string, FieldOverride>>;
  /** Extensible components shown even when nothing deployed references them (seeded). */
  pinned: Set<string>;
  /** Dynamic process properties (`properties.property[]`). */
  dynamicProperties: Map<string, string>;
}

export interface AccountGroupRecord {
  id: string;
  name: string;
  defaultGroup: boolean;
  autoSubscribeAlertLevel: 'none' | 'info' | 'warning' | 'error';
  memberAccountIds: Set<string>;
}

export interface AccountGroupPackRecord {
  id: string;
  accountGroupId: string;
  integrationPackId: string;
}

export interface PackComponentState {
  componentId: string;
  currentVersion?: string;
  pendingVersion?: string;
  deleted: boolean;
}

export interface PublisherPackRecord {
  id: string;
  name: string;
  description: string;
  installationType: 'SINGLE' | 'MULTI';
  components: Map<string, PackComponentState>;
}

export type ReleaseStatus = 'IN_PROGRESS' | 'SUCCESS' | 'SCHEDULED' | 'ERROR';

export interface ReleaseRecord {
  requestId: string;
  packId: string;
  releaseSchedule: 'IMMEDIATELY' | 'RELEASE_ON_SPECIFIED_DATE';
  releaseOnDate?: string;
  components: { componentId: string; version: string }[];
  status: ReleaseStatus;
  pending: PendingStep;
  /** Set by a scenario fault: the release ends ERROR. */
  failWith?: 'ERROR';
  createdMs: number;
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

export interface MergeDetailRecord {
  componentGuid: string;
  sourceRevision: number;
  destinationRevision?: number;
  mergeRevision?: number;
  changeType: 'ADDED' | 'MODIFIED' | 'DELETED';
  conflict: boolean;
  resolution?: 'OVERRIDE' | 'KEEP_DESTINATION';
  excluded: boolean;
  lockedOnDestinationBranch: boolean;
  stage: 'DRAFTED' | 'REVIEWED' | 'CONFLICT_RESOLVED' | 'MERGED' | 'REVERTED';
}

export interface MergeRequestRecord {
  id: string;
  sourceBranchId: string;
  destinationBranchId: string;
  strategy: 'OVERRIDE' | 'CONFLICT_RESOLVE' | 'SUBSET';
  priorityBranch?: 'SOURCE' | 'DESTINATION';
  note?: string;
  stage: MergeStage;
  previousStage: MergeStage;
  mergeRequestAction?: 'UPDATE' | 'MERGE' | 'RETRY_DRAFTING' | 'REVERT';
  details: MergeDetailRecord[];
  createdBy: string;
  createdMs: number;
  modifiedBy: string;
  modifiedMs: number;
  pending?: PendingStep;
  /** Set by a scenario fault when the merge starts: it ends in this stage. */
  failWith?: 'FAILED_TO_MERGE' | 'FAILED_TO_DRAFT';
}

export interface SandboxUser {
  /** The platform user name (usually an e-mail); API user is `BOOMI_TOKEN.<email>`. */
  email: string;
  apiToken: string;
  /** Optional plain password (non-SSO users may use it instead of a token). */
  password?: string;
  /** Accounts the user can authenticate as (`{accountId}` in the URL). */
  accountIds: Set<string>;
  /** Read-only users get 403 on every write. */
  readOnly: boolean;
}

export interface AccountFeatures {
  branchAndMerge: boolean;
  publisherIntegrationPack: boolean;
  multiInstall: boolean;
}
