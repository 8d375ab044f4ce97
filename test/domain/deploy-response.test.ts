import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  DeployResponseSchema,
  buildDeployResponse,
  deploymentStatusOf,
  type DeployRunFacts,
} from '../../src/domain/deploy-response.ts';

const deployed = (id: string, count: number, cacheRefreshFailed = false) => ({
  environmentId: id,
  environmentName: `Env ${id}`,
  status: 'DEPLOYED' as const,
  deploymentId: `dep-${id}`,
  extensionAccessMappingCount: count,
  cacheRefreshFailed,
});
const failed = (id: string) => ({
  environmentId: id,
  environmentName: `Env ${id}`,
  status: 'FAILED' as const,
  errorMessage: `atom offline in ${id}`,
});

const facts = (overrides: Partial<DeployRunFacts> = {}): DeployRunFacts => ({
  promotionId: 'p-1',
  runId: 'run-1',
  deploymentTarget: 'TEST',
  isHotfix: false,
  branchPreserved: true,
  packagedComponentId: 'pkg-1',
  integrationPackId: 'ip-1',
  integrationPackName: 'Orders - TEST',
  releaseVersion: '1.2.0',
  environments: [],
  ...overrides,
});

describe('deploymentStatusOf', () => {
  it('maps per-environment results to the overall status', () => {
    expect(deploymentStatusOf([])).toBe('NOT_DEPLOYED');
    expect(deploymentStatusOf([{ status: 'DEPLOYED' }, { status: 'DEPLOYED' }])).toBe('DEPLOYED');
    expect(deploymentStatusOf([{ status: 'DEPLOYED' }, { status: 'FAILED' }])).toBe('PARTIAL');
    expect(deploymentStatusOf([{ status: 'FAILED' }, { status: 'FAILED' }])).toBe('FAILED');
  });
});

describe('buildDeployResponse', () => {
  it('a full success: string booleans, counts summed, cache figures not leaked per environment', () => {
    const response = buildDeployResponse(facts({ environments: [deployed('e1', 3), deployed('e2', 4)] }));
    expect(response).toStrictEqual({
      success: true,
      errorCode: null,
      errorMessage: null,
      promotionId: 'p-1',
      runId: 'run-1',
      packagedComponentId: 'pkg-1',
      integrationPackId: 'ip-1',
      integrationPackName: 'Orders - TEST',
      releaseVersion: '1.2.0',
      deploymentStatus: 'DEPLOYED',
      deployedEnvironments: [
        { environmentId: 'e1', environmentName: 'Env e1', status: 'DEPLOYED', deploymentId: 'dep-e1' },
        { environmentId: 'e2', environmentName: 'Env e2', status: 'DEPLOYED', deploymentId: 'dep-e2' },
      ],
      deploymentTarget: 'TEST',
      branchPreserved: 'true',
      isHotfix: 'false',
      cacheRefreshFailed: 'false',
      extensionAccessMappingCount: 7,
    });
    expect(Value.Check(DeployResponseSchema, response)).toBe(true);
  });

  it('one environment failing is PARTIAL and still a success; a failed cache refresh is flagged', () => {
    const response = buildDeployResponse(
      facts({ environments: [deployed('e1', 2, true), failed('e2'), deployed('e3', 1)], isHotfix: true }),
    );
    expect(response.success).toBe(true);
    expect(response.deploymentStatus).toBe('PARTIAL');
    expect(response.deployedEnvironments[1]).toStrictEqual({
      environmentId: 'e2',
      environmentName: 'Env e2',
      status: 'FAILED',
      errorMessage: 'atom offline in e2',
    });
    expect(response.cacheRefreshFailed).toBe('true');
    expect(response.isHotfix).toBe('true');
    expect(response.extensionAccessMappingCount).toBe(3);
  });

  it('every environment failing is DEPLOYMENT_FAILED, naming each environment', () => {
    const response = buildDeployResponse(facts({ environments: [failed('e1'), failed('e2')] }));
    expect(response).toMatchObject({
      success: false,
      errorCode: 'DEPLOYMENT_FAILED',
      deploymentStatus: 'FAILED',
    });
    expect(response.errorMessage).toBe(
      'Deployment failed in every target environment — Env e1 (e1): atom offline in e1; Env e2 (e2): atom offline in e2',
    );
    expect(Value.Check(DeployResponseSchema, response)).toBe(true);
  });

  it('no targets: package and release only', () => {
    const response = buildDeployResponse(facts());
    expect(response).toMatchObject({
      success: true,
      deploymentStatus: 'NOT_DEPLOYED',
      deployedEnvironments: [],
    });
  });

  it('a catastrophic failure answers its own code with what is known so far', () => {
    const response = buildDeployResponse(
      facts({
        packagedComponentId: null,
        integrationPackId: undefined,
        integrationPackName: undefined,
        releaseVersion: undefined,
        branchPreserved: false,
        error: { code: 'MERGE_FAILED', message: 'Merge request mr-1 ended FAILED_TO_MERGE' },
      }),
    );
    expect(response).toMatchObject({
      success: false,
      errorCode: 'MERGE_FAILED',
      errorMessage: 'Merge request mr-1 ended FAILED_TO_MERGE',
      packagedComponentId: null,
      integrationPackId: null,
      releaseVersion: null,
      deploymentStatus: 'NOT_DEPLOYED',
      branchPreserved: 'false',
    });
    expect(Value.Check(DeployResponseSchema, response)).toBe(true);
  });
});
