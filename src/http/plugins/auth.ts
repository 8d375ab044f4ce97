/**
 * Authentication (onRequest: 401 before anything else) and role checks (preHandler: after body
 * validation, so a malformed request answers 400 before 403 — spec §4's check order). Every
 * route under /api/v1 must say who may call it: a route without `config.allow` stops the app
 * from starting, so no endpoint can be left open by forgetting.
 */
import type { FastifyInstance } from 'fastify';
import { PromoError } from '../../domain/errors.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { hasAnyRole } from '../../domain/caller.ts';

export const API_PREFIX = '/api/v1';

export function registerAuth(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('caller', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(`${API_PREFIX}/`) && route.config?.allow === undefined) {
      throw new Error(`Route ${route.method} ${route.url} must declare config.allow (roles or 'public')`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const allow = request.routeOptions.config.allow;
    // No route matched (404) or an operations endpoint: nothing to authenticate.
    if (allow === undefined || allow === 'public') return;
    request.caller = await authenticate(request.headers.authorization);
  });

  app.addHook('preHandler', async (request) => {
    const allow = request.routeOptions.config.allow;
    if (allow === undefined || allow === 'public') return;
    if (!request.caller || !hasAnyRole(request.caller, allow)) {
      throw new PromoError('FORBIDDEN', `This operation needs the role ${allow.join(' or ')}`);
    }
  });
}
