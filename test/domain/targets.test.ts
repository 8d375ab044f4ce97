import { describe, expect, it } from 'vitest';
import { resolveTargetEnvironments, type BoomiEnvironment } from '../../src/domain/targets.ts';
import { thrown } from './fixtures.ts';

const ENVIRONMENTS: BoomiEnvironment[] = [
  { id: 't1', name: 'Test 1', classification: 'TEST' },
  { id: 't2', name: 'Test 2', classification: 'TEST' },
  { id: 'p1', name: 'Prod 1', classification: 'PROD' },
  { id: 'p2', name: 'Prod 2' },
];

describe('resolveTargetEnvironments', () => {
  it('returns explicit targets then the group’s, each once, with Boomi’s names', () => {
    const targets = resolveTargetEnvironments({
      explicit: ['t2', 't1'],
      accountGroupEnvironmentIds: ['t1', 't2', 't1'],
      environments: ENVIRONMENTS,
      deploymentTarget: 'TEST',
    });
    expect(targets).toStrictEqual([
      { environmentId: 't2', environmentName: 'Test 2' },
      { environmentId: 't1', environmentName: 'Test 1' },
    ]);
  });

  it('no explicit targets and no group: nothing to deploy', () => {
    const targets = resolveTargetEnvironments({
      explicit: [],
      accountGroupEnvironmentIds: null,
      environments: ENVIRONMENTS,
      deploymentTarget: 'PRODUCTION',
    });
    expect(targets).toStrictEqual([]);
  });

  it('an environment without classification counts as PROD', () => {
    const targets = resolveTargetEnvironments({
      explicit: ['p2'],
      accountGroupEnvironmentIds: ['p1'],
      environments: ENVIRONMENTS,
      deploymentTarget: 'PRODUCTION',
    });
    expect(targets.map((target) => target.environmentId)).toStrictEqual(['p2', 'p1']);
  });

  it('refuses an unknown environment, naming it', () => {
    const error = thrown(() =>
      resolveTargetEnvironments({
        explicit: ['t1', 'nope'],
        accountGroupEnvironmentIds: null,
        environments: ENVIRONMENTS,
        deploymentTarget: 'TEST',
      }),
    );
    expect([error.code, error.status, error.message]).toStrictEqual([
      'INVALID_TARGET_ENVIRONMENT',
      400,
      'Environment nope does not exist in the account',
    ]);
  });

  it('a TEST deployment never reaches a production environment, even through the group', () => {
    const error = thrown(() =>
      resolveTargetEnvironments({
        explicit: ['t1'],
        accountGroupEnvironmentIds: ['p1'],
        environments: ENVIRONMENTS,
        deploymentTarget: 'TEST',
      }),
    );
    expect(error.code).toBe('INVALID_TARGET_ENVIRONMENT');
    expect(error.message).toBe(
      'Environment p1 (Prod 1) is classified PROD; a TEST deployment needs TEST environments',
    );
  });

  it('a PRODUCTION deployment refuses a test environment', () => {
    const error = thrown(() =>
      resolveTargetEnvironments({
        explicit: ['t2'],
        accountGroupEnvironmentIds: null,
        environments: ENVIRONMENTS,
        deploymentTarget: 'PRODUCTION',
      }),
    );
    expect(error.message).toBe(
      'Environment t2 (Test 2) is classified TEST; a PRODUCTION deployment needs PROD environments',
    );
  });

  it('refuses an account group with no registered environments, naming the group', () => {
    const error = thrown(() =>
      resolveTargetEnvironments({
        explicit: ['t1'],
        accountGroupEnvironmentIds: [],
        accountGroupId: 'ag-7',
        environments: ENVIRONMENTS,
        deploymentTarget: 'TEST',
      }),
    );
    expect(error.code).toBe('INVALID_TARGET_ENVIRONMENT');
    expect(error.message).toBe(
      'Account group ag-7 has no registered deployment environments; register them or list targetEnvironments',
    );
  });
});
