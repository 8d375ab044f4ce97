/** PackagedComponent: the versioned, shareable package of the root process (spec step 3). */
import { and, equals, queryAll } from '../query.ts';
import { SHAPES } from '../shapes.ts';
import type { Transport } from '../transport.ts';
import type { PackagedComponent, PackagedComponentCreateInput } from '../types.ts';
import { getById, post } from './common.ts';

export function packagedComponentsApi(transport: Transport) {
  return {
    create: (input: PackagedComponentCreateInput) =>
      post<PackagedComponent>(transport, '/PackagedComponent', input, SHAPES.PackagedComponent),
    get: (packageId: string) =>
      getById<PackagedComponent>(transport, 'PackagedComponent', packageId, SHAPES.PackagedComponent),
    /**
     * The package of this component with this version label — the check that makes creating
     * one safe to repeat. A live package wins over a soft-deleted one with the same label.
     */
    async findByComponentAndVersion(componentId: string, packageVersion: string) {
      const found = await queryAll<PackagedComponent>(
        transport,
        'PackagedComponent',
        and(equals('componentId', componentId), equals('packageVersion', packageVersion)),
        SHAPES.PackagedComponent,
      );
      const exact = found.filter((p) => p.componentId === componentId && p.packageVersion === packageVersion);
      return exact.find((p) => p.deleted !== true) ?? exact[0];
    },
  };
}
