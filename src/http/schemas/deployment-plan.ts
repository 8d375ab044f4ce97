/** The dry-run plan of Package and Deploy (spec §11) on the wire: `domain/deploy-preview.ts`. */
import { Type } from 'typebox';
import type { DeployPreview } from '../../domain/deploy-preview.ts';

const nullableString = Type.Union([Type.String(), Type.Null()]);

const ActiveDeploymentSchema = Type.Object({
  deploymentId: Type.String(),
  packageId: nullableString,
  packageVersion: nullableString,
});

const PlannedCallSchema = Type.Object({
  call: Type.String({ description: '`METHOD /Object[/action]`, e.g. "POST /DeployedPackage"' }),
  count: Type.Integer({ minimum: 1 }),
  write: Type.Boolean(),
  atLeast: Type.Boolean({ description: 'A poll: Boomi may need more than one while it works' }),
  step: Type.String({ description: 'The run step that makes it ("checks": before the run starts)' }),
});

const Schema = Type.Object({
  success: Type.Literal(true),
  promotionId: Type.String(),
  mode: Type.Union([
    Type.Literal('TEST'),
    Type.Literal('PRODUCTION_FROM_TEST'),
    Type.Literal('PRODUCTION_HOTFIX'),
  ]),
  modeNumber: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
  deploymentTarget: Type.Union([Type.Literal('TEST'), Type.Literal('PRODUCTION')]),
  isHotfix: Type.Boolean(),
  merge: Type.Object({ merge: Type.Boolean(), branchId: nullableString }),
  packagedComponent: Type.Object({
    action: Type.Union([Type.Literal('reuse'), Type.Literal('create')]),
    packageId: nullableString,
    componentId: Type.String(),
    packageVersion: Type.String(),
  }),
  integrationPack: Type.Object({
    action: Type.Union([Type.Literal('create'), Type.Literal('use')]),
    integrationPackId: nullableString,
    name: Type.String(),
    currentVersion: Type.Union([Type.String(), Type.Null()], {
      description: 'The version of the process in the pack’s current release',
    }),
    newVersion: Type.String(),
    addComponent: Type.Boolean(),
    release: Type.Boolean(),
  }),
  accountGroup: Type.Union([
    Type.Object({ accountGroupId: Type.String(), share: Type.Boolean() }),
    Type.Null(),
  ]),
  environments: Type.Array(
    Type.Object({
      environmentId: Type.String(),
      environmentName: Type.String(),
      classification: Type.Union([Type.Literal('TEST'), Type.Literal('PROD')]),
      current: Type.Union([ActiveDeploymentSchema, Type.Null()], {
        description: 'The root process’s deployment active there now',
      }),
      newPackageVersion: Type.String(),
      deploy: Type.Boolean({ description: 'False when this very package is already active there' }),
    }),
  ),
  branch: Type.Object({
    action: Type.Union([Type.Literal('keep'), Type.Literal('delete')]),
    branchIds: Type.Array(Type.String()),
  }),
  activeRun: Type.Union([Type.Object({ runId: Type.String() }), Type.Null()], {
    description: 'Spec check 9: a run now would be refused DEPLOYMENT_IN_PROGRESS',
  }),
  warnings: Type.Array(Type.String()),
  boomiCalls: Type.Object({
    calls: Type.Array(PlannedCallSchema),
    writes: Type.Array(Type.String(), { description: 'Every Boomi write the run would make, in order' }),
    writeCount: Type.Integer({ minimum: 0 }),
    total: Type.Integer({ minimum: 0, description: 'Expected Boomi calls, each poll counted once' }),
  }),
});

/** Typed with the domain's type. */
export const DeployPreviewSchema = Type.Unsafe<DeployPreview>(Schema);
