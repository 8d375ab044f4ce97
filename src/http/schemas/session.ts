/** Who the caller is, and how a person signs in to the console (spec §14). */
import { Type, type Static } from 'typebox';

const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('reviewer'),
  Type.Literal('promoter'),
  Type.Literal('viewer'),
]);

export const CallerSchema = Type.Object(
  {
    email: Type.String({ description: 'Lower-cased, from the credential' }),
    roles: Type.Array(RoleSchema),
  },
  { description: 'The authenticated caller' },
);

export const OidcSignInSchema = Type.Object({
  issuer: Type.String({ description: 'Its /.well-known/openid-configuration names the endpoints' }),
  clientId: Type.String({ description: 'The console’s public client (authorization code + PKCE)' }),
  scope: Type.String(),
  bearer: Type.Union([Type.Literal('id_token'), Type.Literal('access_token')], {
    description: 'Which token of the code exchange the API accepts (its audience)',
  }),
});
export type OidcSignIn = Static<typeof OidcSignInSchema>;

export const SignInOptionsSchema = Type.Object({
  sandboxDemoUsers: Type.Boolean({
    description: 'Sandbox mode only: GET /sandbox/demo-users offers one-click demo users',
  }),
  oidc: Type.Union([OidcSignInSchema, Type.Null()], {
    description: 'Null when OIDC sign-in is not configured (PROMO_OIDC_CLIENT_ID unset)',
  }),
});

export const DemoUserSchema = Type.Object({
  email: Type.String(),
  roles: Type.Array(RoleSchema),
  token: Type.String({ description: 'The demo user’s API token (sandbox mode only)' }),
});
export type DemoUser = Static<typeof DemoUserSchema>;

export const DemoUserListSchema = Type.Object({ items: Type.Array(DemoUserSchema) });
