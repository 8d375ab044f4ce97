/**
 * `POST /promotions` (spec §7): the upstream promotion step registers a promotion and reports
 * its progress (IN_PROGRESS → COMPLETED | FAILED). `initiatedBy` is never read from the body:
 * it is the authenticated caller, so the self-approval and self-review checks can be trusted.
 *
 * Semantics: a field absent from the body is left as it is; null (or a blank string) clears it.
 * `promotionId`, `devAccountId`, `prodAccountId`, `devPackageId` and `status` are sent every time.
 *
 * Decisions where the docs are silent:
 * - Only the initiator may update their promotion (FORBIDDEN otherwise), and the identifying
 *   fields (`devAccountId`, `prodAccountId`, `devPackageId`) never change (INVALID_REQUEST).
 * - Only an IN_PROGRESS promotion can be updated. Once COMPLETED or FAILED (or anything this
 *   service set later: TEST_DEPLOYED, DEPLOYED, rejections) it is final: a body that would
 *   change something answers PROMOTION_NOT_UPDATABLE (409); a body identical to the record
 *   (an upstream retry) is accepted and changes nothing.
 * - `initiatedAt` is taken on creation only (default: now); later values are ignored.
 * - A COMPLETED promotion needs `prodComponentId` and `branchId` (Package and Deploy needs both).
 * - `isHotfix` "true" needs PRODUCTION and a `hotfixJustification`.
 * - A promotion that becomes COMPLETED enters the review queue (spec §10):
 *   `peerReviewStatus` PENDING_PEER_REVIEW, unless already set.
 */
import { Type, type TSchema } from 'typebox';
import { PromoError } from './errors.ts';
import {
  ID_MAX,
  invalid,
  isPresent,
  optionalCount,
  optionalEnum,
  optionalFlag,
  optionalString,
  rejectUnknownFields,
  requireObject,
  requiredEnum,
  requiredString,
  type JsonObject,
} from './fields.ts';
import type { Caller } from './caller.ts';
import { identityKey, sameIdentity } from './identity.ts';
import type { PromotionPatch } from './outcome.ts';
import { FIELD_LIMITS, type PromotionLog } from './promotion.ts';

export const REGISTRATION_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
const TEXT_FIELDS = {
  branchId: ID_MAX,
  branchName: ID_MAX,
  processName: ID_MAX,
  prodComponentId: ID_MAX,
  packageVersion: FIELD_LIMITS.packageVersion,
  resultDetail: FIELD_LIMITS.resultDetail,
  errorMessage: FIELD_LIMITS.errorMessage,
  hotfixJustification: FIELD_LIMITS.hotfixJustification,
} as const;
const COUNT_FIELDS = [
  'componentsTotal',
  'componentsCreated',
  'componentsUpdated',
  'componentsFailed',
] as const;
const IMMUTABLE_FIELDS = ['devAccountId', 'prodAccountId', 'devPackageId'] as const;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

const nullable = (schema: TSchema) => Type.Optional(Type.Union([schema, Type.Null()]));
const textProperties = Object.fromEntries(
  Object.entries(TEXT_FIELDS).map(([name, max]) => [name, nullable(Type.String({ maxLength: max }))]),
);
const countProperties = Object.fromEntries(
  COUNT_FIELDS.map((name) => [name, nullable(Type.Integer({ minimum: 0 }))]),
);

export const PromotionRegistrationBodySchema = Type.Object(
  {
    promotionId: Type.String({ minLength: 1, maxLength: ID_MAX }),
    devAccountId: Type.String({ minLength: 1, maxLength: ID_MAX }),
    prodAccountId: Type.String({
      minLength: 1,
      maxLength: ID_MAX,
      description: 'Must be the configured account',
    }),
    devPackageId: Type.String({ minLength: 1, maxLength: ID_MAX }),
    status: Type.Union([Type.Literal('IN_PROGRESS'), Type.Literal('COMPLETED'), Type.Literal('FAILED')]),
    initiatedAt: nullable(Type.String({ format: 'date-time', description: 'Taken on creation only' })),
    targetEnvironment: nullable(Type.Union([Type.Literal('TEST'), Type.Literal('PRODUCTION')])),
    isHotfix: nullable(Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')])),
    ...textProperties,
    ...countProperties,
  },
  {
    additionalProperties: false,
    description: 'Register or update a promotion (the caller is the initiator)',
  },
);

type OptionalField =
  keyof typeof TEXT_FIELDS | (typeof COUNT_FIELDS)[number] | 'targetEnvironment' | 'isHotfix';

export interface PromotionRegistration extends Pick<
  PromotionLog,
  'promotionId' | (typeof IMMUTABLE_FIELDS)[number]
> {
  status: (typeof REGISTRATION_STATUSES)[number];
  initiatedAt: string | null;
  /** Only the fields the body carried; null clears. */
  fields: Partial<Pick<PromotionLog, OptionalField>>;
}

export type NewPromotionRecord = Omit<PromotionLog, 'createdAt' | 'updatedAt' | 'rowVersion'>;
export type RegistrationPlan =
  | { kind: 'create'; promotion: NewPromotionRecord }
  | { kind: 'update'; patch: PromotionPatch }
  | { kind: 'unchanged' };

const ALLOWED = new Set(Object.keys(PromotionRegistrationBodySchema.properties));
const HINTS = { initiatedBy: 'initiatedBy is not accepted: the initiator is the authenticated caller' };

export function parsePromotionRegistration(raw: unknown): PromotionRegistration {
  const body = requireObject(raw, 'Request body');
  rejectUnknownFields(body, ALLOWED, 'the promotion registration', HINTS);
  const registration: PromotionRegistration = {
    promotionId: requiredString(body, 'promotionId', ID_MAX),
    devAccountId: requiredString(body, 'devAccountId', ID_MAX),
    prodAccountId: requiredString(body, 'prodAccountId', ID_MAX),
    devPackageId: requiredString(body, 'devPackageId', ID_MAX),
    status: requiredEnum(body, 'status', REGISTRATION_STATUSES),
    initiatedAt: readDateTime(body, 'initiatedAt'),
    fields: {},
  };
  const fields: Record<string, unknown> = registration.fields;
  for (const [name, max] of Object.entries(TEXT_FIELDS)) {
    if (isPresent(body, name)) fields[name] = optionalString(body, name, max);
  }
  for (const name of COUNT_FIELDS) {
    const count = optionalCount(body, name);
    if (count !== null) fields[name] = count;
  }
  const target = optionalEnum(body, 'targetEnvironment', ['TEST', 'PRODUCTION'] as const);
  if (target !== null) fields.targetEnvironment = target;
  const isHotfix = optionalFlag(body, 'isHotfix');
  if (isHotfix !== null) fields.isHotfix = isHotfix ? 'true' : 'false';
  return registration;
}

function readDateTime(body: JsonObject, name: string): string | null {
  const value = isPresent(body, name) ? body[name] : null;
  if (value === null) return null;
  const time = typeof value === 'string' && DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) throw invalid(`${name} must be an ISO-8601 date-time with a time zone`);
  return new Date(time).toISOString();
}

export interface RegistrationInput {
  registration: PromotionRegistration;
  existing: PromotionLog | null;
  caller: Caller;
  /** The configured Boomi account (the primary, production account). */
  accountId: string;
  now: string;
}

export function planPromotionRegistration(input: RegistrationInput): RegistrationPlan {
  const { registration, existing, caller } = input;
  if (!caller.roles.includes('promoter'))
    throw new PromoError('FORBIDDEN', 'Registering promotions requires the promoter role');
  const email = caller.email.trim();
  if (identityKey(email) === '')
    throw new PromoError('FORBIDDEN', 'The caller has no email; the initiator must be identified');
  if (registration.prodAccountId !== input.accountId) {
    throw invalid(
      `prodAccountId '${registration.prodAccountId}' is not the configured account '${input.accountId}'`,
    );
  }
  if (existing === null) return { kind: 'create', promotion: newRecord(registration, email, input.now) };

  if (!sameIdentity(email, existing.initiatedBy)) {
    throw new PromoError('FORBIDDEN', `Promotion ${existing.promotionId} was registered by another user`);
  }
  for (const name of IMMUTABLE_FIELDS) {
    if (registration[name] !== existing[name]) throw invalid(`${name} cannot change after registration`);
  }
  const wanted: PromotionPatch = { status: registration.status, ...registration.fields };
  // Only a record that becomes COMPLETED now enters the review queue; a resend changes nothing.
  const becomes =
    existing.status === 'IN_PROGRESS' ? withReviewQueue({ ...existing, ...wanted }, wanted) : wanted;
  const patch = changedFields(existing, becomes);
  if (Object.keys(patch).length === 0) return { kind: 'unchanged' };
  if (existing.status !== 'IN_PROGRESS') {
    throw new PromoError(
      'PROMOTION_NOT_UPDATABLE',
      `Promotion ${existing.promotionId} has status '${existing.status}' — only IN_PROGRESS promotions can be updated`,
    );
  }
  checkRecordRules({ ...existing, ...patch });
  return { kind: 'update', patch };
}

function newRecord(
  registration: PromotionRegistration,
  initiatedBy: string,
  now: string,
): NewPromotionRecord {
  const record: NewPromotionRecord = {
    promotionId: registration.promotionId,
    devAccountId: registration.devAccountId,
    prodAccountId: registration.prodAccountId,
    devPackageId: registration.devPackageId,
    prodPackageId: null,
    prodComponentId: null,
    packageVersion: null,
    initiatedBy,
    initiatedAt: registration.initiatedAt ?? now,
    status: registration.status,
    componentsTotal: 0,
    componentsCreated: 0,
    componentsUpdated: 0,
    componentsFailed: 0,
    errorMessage: null,
    resultDetail: null,
    peerReviewStatus: null,
    peerReviewedBy: null,
    peerReviewedAt: null,
    peerReviewComments: null,
    adminReviewStatus: null,
    adminApprovedBy: null,
    adminApprovedAt: null,
    adminComments: null,
    branchId: null,
    branchName: null,
    integrationPackId: null,
    integrationPackName: null,
    processName: null,
    targetEnvironment: 'TEST',
    isHotfix: null,
    hotfixJustification: null,
    testPromotionId: null,
    testDeployedAt: null,
    testIntegrationPackId: null,
    testIntegrationPackName: null,
    promotedFromTestBy: null,
    withdrawnAt: null,
    withdrawalReason: null,
    branchCleanupPending: false,
    promotedToProductionAt: null,
    productionPromotionId: null,
    testDeployedEnvironmentCount: null,
    rolledBackAt: null,
    rolledBackBy: null,
    rollbackReason: null,
    ...registration.fields,
  };
  const promotion = { ...record, ...withReviewQueue(record, {}) };
  checkRecordRules(promotion);
  return promotion;
}

/** Spec §10: a record that becomes COMPLETED enters peer review at once (PENDING_PEER_REVIEW). */
function withReviewQueue(
  record: Pick<PromotionLog, 'status' | 'peerReviewStatus'>,
  patch: PromotionPatch,
): PromotionPatch {
  const entersQueue = record.status === 'COMPLETED' && record.peerReviewStatus === null;
  return entersQueue ? { ...patch, peerReviewStatus: 'PENDING_PEER_REVIEW' } : patch;
}

function changedFields(existing: PromotionLog, wanted: PromotionPatch): PromotionPatch {
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(wanted)) {
    if (existing[name as keyof PromotionPatch] !== value) changed[name] = value;
  }
  return changed as PromotionPatch;
}

function checkRecordRules(
  record: Pick<
    PromotionLog,
    'status' | 'prodComponentId' | 'branchId' | 'isHotfix' | 'targetEnvironment' | 'hotfixJustification'
  >,
): void {
  if (record.status === 'COMPLETED' && (record.prodComponentId === null || record.branchId === null)) {
    throw invalid('A COMPLETED promotion needs prodComponentId and branchId');
  }
  if (record.isHotfix === 'true' && record.targetEnvironment !== 'PRODUCTION') {
    throw invalid('isHotfix applies only to targetEnvironment PRODUCTION');
  }
  if (record.isHotfix === 'true' && record.hotfixJustification === null) {
    throw invalid('hotfixJustification is required when isHotfix is true');
  }
}
