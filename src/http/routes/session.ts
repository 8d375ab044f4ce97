/**
 * The console's sign-in (spec §14): who the caller is (`/me`, any role), and how to sign in
 * (`/sign-in-options`, public: it is read before anyone has a token). In sandbox mode only,
 * `/sandbox/demo-users` hands out the demo users' tokens for one-click sign-in; the route does
 * not exist when the service talks to real Boomi.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBodySchema, errorResponses } from '../schemas/common.ts';
import { CallerSchema, DemoUserListSchema, SignInOptionsSchema } from '../schemas/session.ts';
import { ANY_ROLE, callerOf } from './access-rules.ts';

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { signIn } = app.deps.services;
  app.get(
    '/me',
    {
      config: { allow: ANY_ROLE },
      schema: {
        tags: ['console'],
        summary: 'The authenticated caller: email and roles, as the credential says',
        response: { ...errorResponses(), 200: CallerSchema },
      },
    },
    async (request) => {
      const { email, roles } = callerOf(request);
      return { email, roles: [...roles] };
    },
  );

  app.get(
    '/sign-in-options',
    {
      config: { allow: 'public' },
      schema: {
        tags: ['console'],
        summary: 'How a person signs in: API token always, OIDC when configured, demo users in sandbox mode',
        security: [],
        response: { 200: SignInOptionsSchema, 500: ErrorBodySchema },
      },
    },
    async () => signIn.options(),
  );

  const { demoUsers } = signIn;
  if (!demoUsers) return;
  app.get(
    '/sandbox/demo-users',
    {
      config: { allow: 'public' },
      schema: {
        tags: ['console'],
        summary: 'Sandbox mode only (never with Boomi credentials): the demo users and their API tokens',
        security: [],
        response: { 200: DemoUserListSchema, 500: ErrorBodySchema },
      },
    },
    async () => ({ items: await demoUsers() }),
  );
};
