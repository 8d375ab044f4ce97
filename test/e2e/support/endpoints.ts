/**
 * Every endpoint of the service with who may call it and a harmless request an allowed caller
 * makes (unknown ids answer 404, empty-ish upserts 200): the rows of the authorization matrix.
 */
import { ROLES, type Role } from '../../../src/domain/caller.ts';
import type { World } from './sandbox.ts';

export { ROLES, type Role };

export interface Endpoint {
  method: string;
  path: () => string;
  /** Roles allowed; 'public' needs no credential at all. */
  allow: Role[] | 'public';
  /** What an allowed caller gets with this (harmless) request. */
  ok: number;
  body?: () => unknown;
}

export function endpoints(world: () => World): Endpoint[] {
  let registrations = 0;
  const ANY: Role[] = [...ROLES];
  const deployBody = () => ({
    promotionId: 'authz-no-such-promotion',
    packageVersion: '1.0',
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: 'P',
  });
  return [
    { method: 'POST', path: () => '/api/v1/package-and-deploy', allow: ['admin'], ok: 404, body: deployBody },
    { method: 'POST', path: () => '/api/v1/deployments', allow: ['admin'], ok: 404, body: deployBody },
    {
      method: 'POST',
      path: () => '/api/v1/package-and-deploy/plan',
      allow: ['admin'],
      ok: 404,
      body: deployBody,
    },
    {
      method: 'POST',
      path: () => '/api/v1/deployments/run-authz/rollback',
      allow: ['admin'],
      ok: 404,
      body: () => ({ reason: 'authorization matrix' }),
    },
    { method: 'GET', path: () => '/api/v1/deployments/run-authz', allow: ANY, ok: 404 },
    { method: 'GET', path: () => '/api/v1/deployments/run-authz/events', allow: ANY, ok: 404 },
    {
      method: 'POST',
      path: () => '/api/v1/promotions',
      allow: ['promoter'],
      ok: 201,
      body: () => ({
        promotionId: `authz-${++registrations}`,
        devAccountId: 'acme-dev-orders-3KD9QA',
        prodAccountId: world().accountId,
        devPackageId: 'dev-pkg',
        status: 'IN_PROGRESS',
      }),
    },
    { method: 'GET', path: () => '/api/v1/promotions', allow: ANY, ok: 200 },
    {
      method: 'GET',
      path: () => `/api/v1/promotions/${world().promotions[0]!.promotionId}`,
      allow: ANY,
      ok: 200,
    },
    {
      method: 'POST',
      path: () => '/api/v1/promotions/authz-none/peer-review',
      allow: ['reviewer', 'admin'],
      ok: 404,
      body: () => ({ decision: 'APPROVED' }),
    },
    {
      method: 'POST',
      path: () => '/api/v1/promotions/authz-none/deny',
      allow: ['admin'],
      ok: 404,
      body: () => ({ reason: 'no' }),
    },
    {
      method: 'PUT',
      path: () => '/api/v1/component-mappings',
      allow: ['admin'],
      ok: 200,
      body: () => ({
        mappings: [
          {
            devComponentId: 'authz-dev-component',
            devAccountId: 'acme-dev-orders-3KD9QA',
            prodComponentId: 'authz-prod-component',
            componentName: 'Authz Map',
            componentType: 'transform.map',
            prodAccountId: world().accountId,
            prodLatestVersion: 1,
            lastPromotedAt: '2026-01-01T00:00:00Z',
            lastPromotedBy: 'dev@example.com',
          },
        ],
      }),
    },
    {
      method: 'PUT',
      path: () => '/api/v1/dev-account-access',
      allow: ['admin'],
      ok: 200,
      body: () => ({
        entries: [
          {
            ssoGroupId: 'AUTHZ_GROUP',
            ssoGroupName: 'AUTHZ_GROUP',
            devAccountId: 'acme-dev-orders-3KD9QA',
            devAccountName: 'Orders',
            isActive: true,
          },
        ],
      }),
    },
    {
      method: 'GET',
      path: () => `/api/v1/extension-access?environmentId=${world().environments[0]!.id}`,
      allow: ANY,
      ok: 200,
    },
    {
      method: 'POST',
      path: () => `/api/v1/environments/${world().environments[0]!.id}/extension-access/refresh`,
      allow: ['admin'],
      ok: 200,
    },
    { method: 'GET', path: () => '/api/v1/environments', allow: ANY, ok: 200 },
    { method: 'GET', path: () => '/api/v1/integration-packs', allow: ANY, ok: 200 },
    { method: 'GET', path: () => '/api/v1/account-groups', allow: ANY, ok: 200 },
    {
      method: 'GET',
      path: () => `/api/v1/account-groups/${world().accountGroups[1]!.id}/environments`,
      allow: ANY,
      ok: 200,
    },
    {
      method: 'PUT',
      path: () => '/api/v1/account-groups/authz-no-such-group/environments',
      allow: ['admin'],
      ok: 404,
      body: () => ({ environments: [] }),
    },
    { method: 'GET', path: () => '/api/v1/audit', allow: ['admin'], ok: 200 },
    { method: 'GET', path: () => '/api/v1/me', allow: ANY, ok: 200 },
    { method: 'GET', path: () => '/api/v1/sign-in-options', allow: 'public', ok: 200 },
    // Sandbox mode only (these tests run the sandbox): the demo users' one-click sign-in.
    { method: 'GET', path: () => '/api/v1/sandbox/demo-users', allow: 'public', ok: 200 },
    { method: 'GET', path: () => '/', allow: 'public', ok: 200 },
    { method: 'GET', path: () => '/healthz', allow: 'public', ok: 200 },
    { method: 'GET', path: () => '/readyz', allow: 'public', ok: 200 },
    { method: 'GET', path: () => '/metrics', allow: 'public', ok: 200 },
    { method: 'GET', path: () => '/api/v1/openapi.json', allow: 'public', ok: 200 },
    { method: 'GET', path: () => '/docs', allow: 'public', ok: 200 },
  ];
}
