/** Names for the API's shapes, all taken from the generated OpenAPI types. */
import type { components, paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: infer R };
}
  ? Json<R>
  : never;

export type Promotion = Ok<'/api/v1/promotions/{promotionId}', 'get'>;
export type PromotionPage = Ok<'/api/v1/promotions', 'get'>;
export type PromotionQuery = NonNullable<paths['/api/v1/promotions']['get']['parameters']['query']>;
export type Run = Ok<'/api/v1/deployments/{runId}', 'get'>;
export type RunStep = Run['steps'][number];
export type DeployResponse = NonNullable<Run['response']>;
export type AuditPage = Ok<'/api/v1/audit', 'get'>;
export type AuditEntry = AuditPage['items'][number];
export type Me = Ok<'/api/v1/me', 'get'>;
export type Role = Me['roles'][number];
export type SignInOptions = Ok<'/api/v1/sign-in-options', 'get'>;
export type OidcSignIn = NonNullable<SignInOptions['oidc']>;
export type DemoUser = Ok<'/api/v1/sandbox/demo-users', 'get'>['items'][number];
export type Environment = Ok<'/api/v1/environments', 'get'>['items'][number];
export type AccountGroup = Ok<'/api/v1/account-groups', 'get'>['items'][number];
export type DeployRequest = NonNullable<
  paths['/api/v1/deployments']['post']['requestBody']
>['content']['application/json'];
export type { components };
