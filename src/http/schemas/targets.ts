/** Boomi environments and account groups (read through the client) and the deployment-target registry. */
import { Type } from 'typebox';

export const EnvironmentSchema = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  classification: Type.Union([Type.Literal('TEST'), Type.Literal('PROD'), Type.Null()]),
});

export const EnvironmentQuerySchema = Type.Object(
  {
    classification: Type.Optional(
      Type.Union([Type.Literal('TEST'), Type.Literal('PROD')], {
        description: 'Only environments of this classification',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EnvironmentListSchema = Type.Object({
  items: Type.Array(EnvironmentSchema),
  nextCursor: Type.Null({ description: 'The account’s environments are answered whole' }),
});

export const AccountGroupSchema = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  /** Environments registered for the group in this service (the deployment-target registry). */
  registeredEnvironmentIds: Type.Array(Type.String()),
});

export const AccountGroupListSchema = Type.Object({
  items: Type.Array(AccountGroupSchema),
  nextCursor: Type.Null(),
});

export const AccountGroupParamsSchema = Type.Object({
  accountGroupId: Type.String({ minLength: 1, maxLength: 255 }),
});

export const RegisteredEnvironmentsBodySchema = Type.Object(
  {
    environments: Type.Array(
      Type.Object(
        {
          environmentId: Type.String({ minLength: 1, maxLength: 255 }),
          environmentName: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100, description: 'The group’s whole list (replaces the previous one); [] clears it' },
    ),
  },
  { additionalProperties: false },
);

export const RegisteredEnvironmentsSchema = Type.Object({
  accountGroupId: Type.String(),
  environments: Type.Array(
    Type.Object({
      environmentId: Type.String(),
      environmentName: Type.Union([Type.String(), Type.Null()]),
      updatedAt: Type.String({ format: 'date-time' }),
      updatedBy: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
