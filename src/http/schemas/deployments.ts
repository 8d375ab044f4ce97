/**
 * Package and Deploy on the wire: request and response are the domain's schemas (the body is
 * published as is and `parseDeployRequest` decides), the run is issue 6's
 * `{runId, promotionId, state, steps, response}`.
 */
import { Type } from 'typebox';
import { DeployRequestBodySchema, type DeployRequest } from '../../domain/deploy-request.ts';
import {
  DeployResponseSchema as DomainDeployResponseSchema,
  type DeployResponse,
} from '../../domain/deploy-response.ts';
import { RollbackResponseSchema } from './rollback.ts';

/** The published body, typed as what the domain's parser hands the handler (`domainParsedBody`). */
export const DeployRequestBody = Type.Unsafe<DeployRequest>(DeployRequestBodySchema);

/** The domain's schema, typed with the domain's type (its `errorCode` union is too wide to infer). */
export const DeployResponseSchema = Type.Unsafe<DeployResponse>(DomainDeployResponseSchema);

export const RunStepSchema = Type.Object({
  name: Type.String({
    description: 'Seed-numbered step name, e.g. "2.5-merge-create" or "8-deploy:<envId>"',
  }),
  state: Type.Union([
    Type.Literal('RUNNING'),
    Type.Literal('SUCCEEDED'),
    Type.Literal('FAILED'),
    Type.Literal('SKIPPED'),
  ]),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  boomiCalls: Type.Optional(
    Type.Array(Type.String(), { description: 'e.g. "POST /MergeRequest", in call order' }),
  ),
});

export const RunStateSchema = Type.Union([
  Type.Literal('RUNNING'),
  Type.Literal('SUCCEEDED'),
  Type.Literal('FAILED'),
]);

export const DeploymentRunSchema = Type.Object({
  runId: Type.String(),
  promotionId: Type.String(),
  state: RunStateSchema,
  steps: Type.Array(RunStepSchema),
  response: Type.Union([DeployResponseSchema, RollbackResponseSchema, Type.Null()], {
    description: 'The final response once the run ended (a rollback run answers its rollback response)',
  }),
  rolledBackEnvironmentIds: Type.Array(Type.String(), {
    description:
      'Environments of this run that a rollback has put back (spec §12); a rollback of the run may still take the others',
  }),
});

export const RunAcceptedSchema = Type.Object({ runId: Type.String() });

export const RunParamsSchema = Type.Object({ runId: Type.String({ minLength: 1, maxLength: 200 }) });
