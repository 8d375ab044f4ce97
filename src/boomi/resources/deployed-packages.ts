/** DeployedPackage: one deployment of a package to an environment (spec step 8). */
import { isBoomiRequestError } from '../errors.ts';
import { and, equals, or, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { DeployedPackage, DeployedPackageCreateInput } from '../types.ts';
import { deleteById, getById, idPath, isNotFound, post } from './common.ts';

export interface DeployedPackageFilter {
  environmentId: string;
  packageId: string;
  /** Only current (true) or only past (false) deployments; both when omitted. */
  active?: boolean;
}

/** What an undeploy found: done now, done before (a retry after a lost answer), or no such deployment. */
export type UndeployOutcome = 'undeployed' | 'already-inactive' | 'not-found';

export function deployedPackagesApi(transport: Transport) {
  const get = (deploymentId: string) =>
    getById<DeployedPackage>(transport, 'DeployedPackage', deploymentId, SHAPES.DeployedPackage);
  return {
    create: (input: DeployedPackageCreateInput) =>
      post<DeployedPackage>(transport, '/DeployedPackage', input, SHAPES.DeployedPackage),
    get,
    /** Deployments of this package in this environment — the check before deploying it. */
    find(filter: DeployedPackageFilter): Promise<DeployedPackage[]> {
      const expressions = [
        equals('environmentId', filter.environmentId),
        equals('packageId', filter.packageId),
      ];
      if (filter.active !== undefined) expressions.push(equals('active', String(filter.active)));
      return queryAll<DeployedPackage>(
        transport,
        'DeployedPackage',
        and(...expressions),
        SHAPES.DeployedPackage,
      );
    },
    /**
     * The active deployment of one component in each of these environments, in ONE query (an `or`
     * of environments nested in the `and`); an environment with none is simply absent.
     */
    findActiveForComponent(
      componentId: string,
      environmentIds: readonly string[],
    ): Promise<DeployedPackage[]> {
      if (environmentIds.length === 0) return Promise.resolve([]);
      const environments = or(...[...new Set(environmentIds)].map((id) => equals('environmentId', id)));
      return queryAll<DeployedPackage>(
        transport,
        'DeployedPackage',
        and(equals('componentId', componentId), equals('active', 'true'), environments),
        SHAPES.DeployedPackage,
      );
    },
    /** Undeploys; an unknown deployment counts as already gone. */
    delete: (deploymentId: string) => deleteById(transport, 'DeployedPackage', deploymentId),
    /**
     * Undeploys (`DELETE /DeployedPackage/{id}`), safe to repeat: Boomi refuses to undeploy a
     * deployment that is no longer active, so a refusal is checked with a GET before it is reported.
     * Undeploying never brings the previously active deployment back (the sandbox follows Boomi).
     */
    async undeploy(deploymentId: string): Promise<UndeployOutcome> {
      try {
        await transport.request({ method: 'DELETE', path: idPath('DeployedPackage', deploymentId) });
        return 'undeployed';
      } catch (error) {
        if (!isBoomiRequestError(error) || error.status !== 400) throw error;
        const current = await get(deploymentId).catch((lookup: unknown) => {
          if (isNotFound(lookup)) return null;
          throw lookup;
        });
        if (current === null) return 'not-found';
        if (current.active === false) return 'already-inactive';
        throw error;
      }
    },
  };
}
