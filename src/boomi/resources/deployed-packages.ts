/** DeployedPackage: one deployment of a package to an environment (spec step 8). */
import { and, equals, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { DeployedPackage, DeployedPackageCreateInput } from '../types.ts';
import { deleteById, getById, post } from './common.ts';

export interface DeployedPackageFilter {
  environmentId: string;
  packageId: string;
  /** Only current (true) or only past (false) deployments; both when omitted. */
  active?: boolean;
}

export function deployedPackagesApi(transport: Transport) {
  return {
    create: (input: DeployedPackageCreateInput) =>
      post<DeployedPackage>(transport, '/DeployedPackage', input, SHAPES.DeployedPackage),
    get: (deploymentId: string) =>
      getById<DeployedPackage>(transport, 'DeployedPackage', deploymentId, SHAPES.DeployedPackage),
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
    /** Undeploys; an unknown deployment counts as already gone. */
    delete: (deploymentId: string) => deleteById(transport, 'DeployedPackage', deploymentId),
  };
}
