/** Rollback of a deployment run (spec §12) on the wire: `domain/rollback.ts`. */
import { Type } from 'typebox';
import { MAX_ROLLBACK_REASON, type RollbackResponse } from '../../domain/rollback.ts';

export const RollbackBodySchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: MAX_ROLLBACK_REASON, description: 'Why (required)' }),
    environmentIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        minItems: 1,
        maxItems: 100,
        description: 'Only these environments of the run (default: every environment it deployed to)',
      }),
    ),
  },
  { additionalProperties: false },
);

const nullableString = Type.Union([Type.String(), Type.Null()]);

const RollbackEnvironmentSchema = Type.Object({
  environmentId: Type.String(),
  environmentName: Type.String(),
  status: Type.Union([Type.Literal('ROLLED_BACK'), Type.Literal('FAILED')]),
  action: Type.Optional(
    Type.Union([
      Type.Literal('REDEPLOYED_PREVIOUS'),
      Type.Literal('UNDEPLOYED'),
      Type.Literal('ALREADY_DONE'),
    ]),
  ),
  packageId: Type.Optional(nullableString),
  packageVersion: Type.Optional(nullableString),
  deploymentId: Type.Optional(nullableString),
  errorMessage: Type.Optional(Type.String()),
});

const Schema = Type.Object({
  success: Type.Boolean(),
  errorCode: Type.Union([Type.Literal('DEPLOYMENT_FAILED'), Type.Null()]),
  errorMessage: nullableString,
  runId: Type.String({ description: 'The rollback run' }),
  rolledBackRunId: Type.String({ description: 'The run rolled back' }),
  promotionId: Type.String(),
  rollbackStatus: Type.Union([Type.Literal('ROLLED_BACK'), Type.Literal('PARTIAL'), Type.Literal('FAILED')]),
  environments: Type.Array(RollbackEnvironmentSchema),
  reason: Type.String(),
  rolledBackBy: Type.String(),
});

export const RollbackResponseSchema = Type.Unsafe<RollbackResponse>(Schema);
