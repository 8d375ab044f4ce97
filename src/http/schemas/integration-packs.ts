/** The account's publisher Integration Packs (spec §11). */
import { Type } from 'typebox';

const nullableString = (description?: string) =>
  Type.Union([Type.String(), Type.Null()], description ? { description } : {});

export const IntegrationPackQuerySchema = Type.Object(
  {
    prodComponentId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description: 'Root process: marks `suggested` on the pack it was last released in (PromotionLog)',
      }),
    ),
  },
  { additionalProperties: false },
);

const PackComponentSchema = Type.Object({
  componentId: Type.String(),
  componentName: nullableString(),
  componentType: nullableString(),
  releasedVersion: nullableString('Package version in the pack’s current release'),
  pendingVersion: nullableString('Package version the next release ships'),
  latestVersion: nullableString('Newest shareable package of the component'),
  removedAtNextRelease: Type.Boolean(),
});

export const IntegrationPackSchema = Type.Object({
  id: Type.String(),
  name: nullableString(),
  description: Type.String(),
  installationType: Type.Union([Type.Literal('SINGLE'), Type.Literal('MULTI'), Type.Null()]),
  latestReleasedVersion: nullableString(
    'Highest released version among its components; null before a release',
  ),
  lastReleasedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When this service last released into the pack (PromotionLog); null if never',
  }),
  components: Type.Array(PackComponentSchema),
  suggested: Type.Boolean({ description: 'The pack `prodComponentId` was last released in' }),
});

export const IntegrationPackListSchema = Type.Object({
  items: Type.Array(IntegrationPackSchema, {
    description: 'Most recently released first; packs never released by this service after them, by name',
  }),
  nextCursor: Type.Null({
    description: 'The account’s packs are answered whole (read through Boomi’s paging)',
  }),
});
