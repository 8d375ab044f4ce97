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
export type RunResponse = NonNullable<Run['response']>;
/** A deployment run's final answer (spec §4). */
export type DeployResponse = Extract<RunResponse, { deployedEnvironments: unknown }>;
/** A rollback run's final answer (spec §12). */
export type RollbackResponse = Extract<RunResponse, { rollbackStatus: unknown }>;
export type Queue = NonNullable<PromotionQuery['queue']>;
export type IntegrationPack = Ok<'/api/v1/integration-packs', 'get'>['items'][number];
export type DeployPlan = Ok<'/api/v1/package-and-deploy/plan', 'post'>;
export type BranchCount = Ok<'/api/v1/status', 'get'>['branches'];
export type NotificationPage = Ok<'/api/v1/notifications', 'get'>;
export type Notification = NotificationPage['items'][number];
export type NotificationState = Notification['state'];
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
