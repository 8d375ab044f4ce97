// Every Boomi operation the sandbox serves, one module per object.
import type { BoomiRoute } from '../routing.ts';
import { accountGroupRoutes } from './account-group.ts';
import { branchRoutes } from './branch.ts';
import { componentRoutes } from './component.ts';
import { deployedPackageRoutes } from './deployed-package.ts';
import { environmentExtensionsRoutes } from './environment-extensions.ts';
import { environmentRoutes } from './environment.ts';
import { integrationPackRoutes, publisherPackRoutes } from './integration-pack.ts';
import { mergeRequestRoutes } from './merge-request.ts';
import { packagedComponentRoutes } from './packaged-component.ts';
import { releaseRoutes } from './release.ts';

export const boomiRoutes: readonly BoomiRoute[] = [
  ...accountGroupRoutes,
  ...branchRoutes,
  ...componentRoutes,
  ...deployedPackageRoutes,
  ...environmentRoutes,
  ...environmentExtensionsRoutes,
  ...integrationPackRoutes,
  ...mergeRequestRoutes,
  ...packagedComponentRoutes,
  ...publisherPackRoutes,
  ...releaseRoutes,
];
