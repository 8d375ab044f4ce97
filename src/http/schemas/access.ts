/**
 * Admin-managed access data (spec §6): ComponentMapping and DevAccountAccess bulk upserts, and
 * the ExtensionAccessMapping cache as read back.
 */
import { Type } from 'typebox';

const id = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 255, ...(description ? { description } : {}) });

export const ComponentMappingSchema = Type.Object(
  {
    devComponentId: id(),
    devAccountId: id(),
    prodComponentId: id('The component id in the primary account'),
    componentName: Type.String({ minLength: 1, maxLength: 500 }),
    componentType: Type.String({ minLength: 1, maxLength: 100, description: 'process, connection, map …' }),
    prodAccountId: id(),
    prodLatestVersion: Type.Integer({ minimum: 0 }),
    lastPromotedAt: Type.String({ format: 'date-time' }),
    lastPromotedBy: Type.String({ minLength: 1, maxLength: 320 }),
    mappingSource: Type.Optional(
      Type.Union([Type.Literal('PROMOTION_ENGINE'), Type.Literal('ADMIN_SEEDING'), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);

export const ComponentMappingsBodySchema = Type.Object(
  { mappings: Type.Array(ComponentMappingSchema, { minItems: 1, maxItems: 10_000 }) },
  { additionalProperties: false },
);

export const DevAccountAccessSchema = Type.Object(
  {
    ssoGroupId: id('SSO group id or canonical group name'),
    ssoGroupName: Type.String({ minLength: 1, maxLength: 255 }),
    devAccountId: id(),
    devAccountName: Type.String({ minLength: 1, maxLength: 255 }),
    isActive: Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')], {
      description: 'A JSON boolean or the design’s "true"/"false"',
    }),
  },
  { additionalProperties: false },
);

export const DevAccountAccessBodySchema = Type.Object(
  { entries: Type.Array(DevAccountAccessSchema, { minItems: 1, maxItems: 10_000 }) },
  { additionalProperties: false },
);

export const UpsertAnswerSchema = Type.Object({
  success: Type.Literal(true),
  upserted: Type.Integer({ minimum: 0 }),
});

export const ExtensionAccessMappingSchema = Type.Object({
  environmentId: Type.String(),
  prodComponentId: Type.String(),
  componentName: Type.String(),
  componentType: Type.String(),
  ownerProcessId: Type.String(),
  ownerProcessName: Type.String(),
  devAccountId: Type.String(),
  devAccountName: Type.String(),
  authorizedSsoGroups: Type.Array(Type.String()),
  isConnectionExtension: Type.Boolean(),
  isSharedComponent: Type.Boolean(),
  extensionGroupId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  lastUpdatedAt: Type.String({ format: 'date-time' }),
  lastUpdatedBy: Type.String(),
});

export const ExtensionAccessQuerySchema = Type.Object({
  environmentId: id('The environment whose cache to read'),
});

export const ExtensionAccessListSchema = Type.Object({
  items: Type.Array(ExtensionAccessMappingSchema),
  nextCursor: Type.Null({ description: 'One environment’s cache is answered whole' }),
});

export const EnvironmentParamsSchema = Type.Object({ environmentId: id() });

export const CacheRefreshAnswerSchema = Type.Object({
  success: Type.Literal(true),
  environmentId: Type.String(),
  extensionAccessMappingCount: Type.Integer({ minimum: 0 }),
  upserted: Type.Integer({
    minimum: 0,
    description: 'Rows written: new or changed (an unchanged row is left alone, lastUpdatedAt kept)',
  }),
  deleted: Type.Integer({ minimum: 0 }),
});
