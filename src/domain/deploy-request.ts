/**
 * The Package and Deploy request (spec §4, the seed's request profile): the raw body's schema,
 * published in the OpenAPI document, and `parseDeployRequest`, which applies every rule of
 * check 1 that needs nothing but the body and returns the normalised request.
 *
 * Rules the spec leaves open, decided here:
 * - `existingPackId` is an alias of `integrationPackId`; both may be sent only if equal.
 * - `createNewPack` absent means false (an existing pack is then required). The fields of the
 *   other choice must not be sent (`integrationPackId` with `createNewPack` true, `newPackName`
 *   or `newPackDescription` with false): an ambiguous pack choice is refused, not guessed.
 * - `isHotfix` true is only meaningful for PRODUCTION without `testPromotionId`: with TEST, or
 *   together with `testPromotionId` ("tested" and "emergency bypassing tests" contradict each
 *   other), the request is refused. A missing justification is not a check-1 error: the seed
 *   answers HOTFIX_JUSTIFICATION_REQUIRED for it, at check 6 (see modes.ts).
 * - `testPromotionId` only goes with PRODUCTION.
 * - `testIntegrationPackId`/`testIntegrationPackName` are accepted (the seed's profile sends
 *   them) and ignored: the test record is the authority on what was tested.
 * - `targetEnvironments` holds at most 100 entries; repeated ids are kept once, first position.
 */
import { Type, type TSchema } from 'typebox';
import { FIELD_LIMITS, type DeploymentTarget } from './promotion.ts';
import {
  ID_MAX,
  describeValue,
  invalid,
  isPresent,
  optionalFlag,
  optionalString,
  rejectUnknownFields,
  requireObject,
  requiredEnum,
  requiredString,
  type JsonObject,
} from './fields.ts';

export const DEPLOYMENT_TARGETS = ['TEST', 'PRODUCTION'] as const satisfies readonly DeploymentTarget[];
export const MAX_TARGET_ENVIRONMENTS = 100;
const NOTES_MAX = 500;

const nullable = <T extends TSchema>(schema: T, description: string) =>
  Type.Optional(Type.Union([schema, Type.Null()], { description }));
const optionalId = (description: string) => nullable(Type.String({ maxLength: ID_MAX }), description);
const optionalText = (max: number, description: string) =>
  nullable(Type.String({ maxLength: max }), description);
const flag = (description: string) =>
  Type.Optional(
    Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false'), Type.Null()], { description }),
  );

export const DeployRequestBodySchema = Type.Object(
  {
    promotionId: Type.String({
      minLength: 1,
      maxLength: ID_MAX,
      description: 'The PromotionLog to package and deploy',
    }),
    packageVersion: Type.String({
      minLength: 1,
      maxLength: FIELD_LIMITS.packageVersion,
      description: 'Version label of the PackagedComponent, e.g. "1.2.0"',
    }),
    deploymentTarget: Type.Union([Type.Literal('TEST'), Type.Literal('PRODUCTION')], {
      description: 'TEST (mode 1) or PRODUCTION (mode 2 with testPromotionId, else mode 3 hotfix)',
    }),
    prodComponentId: optionalId('When given, must equal the promotion’s root process id'),
    branchId: optionalId('When given, must equal the promotion’s branch'),
    prodAccountId: optionalId('When given, must equal the configured Boomi account'),
    createNewPack: flag(
      'true: create a new Integration Pack named newPackName; false (default): use integrationPackId',
    ),
    integrationPackId: optionalId('Existing publisher Integration Pack (when createNewPack is false)'),
    existingPackId: optionalId('Alias of integrationPackId'),
    newPackName: optionalText(
      FIELD_LIMITS.newPackName,
      'Name of the new pack (required when createNewPack is true)',
    ),
    newPackDescription: optionalText(FIELD_LIMITS.newPackDescription, 'Description of the new pack'),
    targetEnvironments: nullable(
      Type.Array(
        Type.Object(
          { environmentId: Type.String({ minLength: 1, maxLength: ID_MAX }) },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_TARGET_ENVIRONMENTS,
        },
      ),
      'Explicit target environments, deployed in this order',
    ),
    targetAccountGroupId: optionalId(
      'Account group: its registered environments are targets too, and the pack is shared with it',
    ),
    isHotfix: flag('Emergency production deployment without a test deployment (mode 3)'),
    hotfixJustification: optionalText(
      FIELD_LIMITS.hotfixJustification,
      'Why the hotfix bypasses testing (required for mode 3)',
    ),
    testPromotionId: optionalId('PRODUCTION from test (mode 2): the TEST_DEPLOYED promotion being promoted'),
    testIntegrationPackId: optionalId('Accepted for compatibility with the seed’s profile; ignored'),
    testIntegrationPackName: optionalText(
      ID_MAX,
      'Accepted for compatibility with the seed’s profile; ignored',
    ),
    notes: optionalText(NOTES_MAX, 'Deployment notes, carried into the DeployedPackage notes'),
  },
  { additionalProperties: false, description: 'Package and Deploy request (spec §4)' },
);

/** The request after check 1: booleans real, aliases folded, strings trimmed, blanks → null. */
export interface DeployRequest {
  promotionId: string;
  packageVersion: string;
  deploymentTarget: DeploymentTarget;
  prodComponentId: string | null;
  branchId: string | null;
  prodAccountId: string | null;
  createNewPack: boolean;
  /** Set exactly when createNewPack is false. */
  integrationPackId: string | null;
  /** Set exactly when createNewPack is true. */
  newPackName: string | null;
  newPackDescription: string | null;
  /** Explicit targets in request order, each once. */
  targetEnvironmentIds: string[];
  targetAccountGroupId: string | null;
  isHotfix: boolean;
  hotfixJustification: string | null;
  testPromotionId: string | null;
  notes: string | null;
}

const ALLOWED_FIELDS = new Set(Object.keys(DeployRequestBodySchema.properties));
const FIELD_HINTS = {
  adminEmail: 'adminEmail is not accepted: the approver is the authenticated caller',
  approvedBy: 'approvedBy is not accepted: the approver is the authenticated caller',
};

export function parseDeployRequest(raw: unknown): DeployRequest {
  const body = requireObject(raw, 'Request body');
  rejectUnknownFields(body, ALLOWED_FIELDS, 'the Package and Deploy request', FIELD_HINTS);

  const promotionId = requiredString(body, 'promotionId', ID_MAX);
  const packageVersion = requiredString(body, 'packageVersion', FIELD_LIMITS.packageVersion);
  const deploymentTarget = requiredEnum(body, 'deploymentTarget', DEPLOYMENT_TARGETS);
  const pack = readPackChoice(body);
  const isHotfix = optionalFlag(body, 'isHotfix') ?? false;
  const hotfixJustification = optionalString(body, 'hotfixJustification', FIELD_LIMITS.hotfixJustification);
  const testPromotionId = optionalString(body, 'testPromotionId', ID_MAX);
  optionalString(body, 'testIntegrationPackId', ID_MAX);
  optionalString(body, 'testIntegrationPackName', ID_MAX);

  if (deploymentTarget === 'TEST' && isHotfix) {
    throw invalid('isHotfix applies only to deploymentTarget PRODUCTION');
  }
  if (deploymentTarget === 'TEST' && testPromotionId !== null) {
    throw invalid('testPromotionId applies only to deploymentTarget PRODUCTION');
  }
  if (isHotfix && testPromotionId !== null) {
    throw invalid(
      'isHotfix and testPromotionId exclude each other: a hotfix is deployed without a test promotion',
    );
  }

  return {
    promotionId,
    packageVersion,
    deploymentTarget,
    prodComponentId: optionalString(body, 'prodComponentId', ID_MAX),
    branchId: optionalString(body, 'branchId', ID_MAX),
    prodAccountId: optionalString(body, 'prodAccountId', ID_MAX),
    ...pack,
    targetEnvironmentIds: readTargetEnvironments(body),
    targetAccountGroupId: optionalString(body, 'targetAccountGroupId', ID_MAX),
    isHotfix,
    hotfixJustification,
    testPromotionId,
    notes: optionalString(body, 'notes', NOTES_MAX),
  };
}

type PackChoice = Pick<
  DeployRequest,
  'createNewPack' | 'integrationPackId' | 'newPackName' | 'newPackDescription'
>;

function readPackChoice(body: JsonObject): PackChoice {
  const createNewPack = optionalFlag(body, 'createNewPack') ?? false;
  const byName = optionalString(body, 'integrationPackId', ID_MAX);
  const byAlias = optionalString(body, 'existingPackId', ID_MAX);
  if (byName !== null && byAlias !== null && byName !== byAlias) {
    throw invalid('integrationPackId and its alias existingPackId name different packs');
  }
  const integrationPackId = byName ?? byAlias;
  const newPackName = optionalString(body, 'newPackName', FIELD_LIMITS.newPackName);
  const newPackDescription = optionalString(body, 'newPackDescription', FIELD_LIMITS.newPackDescription);

  if (createNewPack) {
    if (newPackName === null) throw invalid('newPackName is required when createNewPack is true');
    if (integrationPackId !== null) {
      throw invalid('integrationPackId must not be given when createNewPack is true (a new pack is created)');
    }
    return { createNewPack, integrationPackId: null, newPackName, newPackDescription };
  }
  if (integrationPackId === null) {
    throw invalid('integrationPackId (or existingPackId) is required when createNewPack is false or absent');
  }
  if (newPackName !== null || newPackDescription !== null) {
    throw invalid('newPackName and newPackDescription apply only when createNewPack is true');
  }
  return { createNewPack, integrationPackId, newPackName: null, newPackDescription: null };
}

function readTargetEnvironments(body: JsonObject): string[] {
  if (!isPresent(body, 'targetEnvironments') || body.targetEnvironments === null) return [];
  const list = body.targetEnvironments;
  if (!Array.isArray(list)) {
    throw invalid(`targetEnvironments must be an array of {environmentId}, got ${describeValue(list)}`);
  }
  if (list.length > MAX_TARGET_ENVIRONMENTS) {
    throw invalid(`targetEnvironments must hold at most ${MAX_TARGET_ENVIRONMENTS} entries`);
  }
  const ids: string[] = [];
  list.forEach((entry: unknown, index) => {
    const where = `targetEnvironments[${index}]`;
    const item = requireObject(entry, where);
    rejectUnknownFields(item, ENVIRONMENT_FIELDS, where);
    const id = requiredString(item, 'environmentId', ID_MAX, `${where}.environmentId`);
    if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}

const ENVIRONMENT_FIELDS = new Set(['environmentId']);
