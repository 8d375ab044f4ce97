/**
 * Builds the real HTTP app for a test file: a fresh migrated database, the sandbox emulator
 * reached over real HTTP through the real Boomi client, real API tokens for each demo user,
 * and fake workflow services (see fake-services.ts). `close()` releases everything.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createBoomiClient } from '../../src/boomi/index.ts';
import { createApiToken } from '../../src/app/api-tokens.ts';
import { createRecordServices } from '../../src/app/index.ts';
import type { SignInSettings } from '../../src/app/sign-in-service.ts';
import type { Role } from '../../src/domain/caller.ts';
import type { OidcVerifier } from '../../src/http/auth/oidc.ts';
import { buildApp, type AppDeps } from '../../src/http/app.ts';
import { createMetrics, type PromoMetrics } from '../../src/http/metrics.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createFakeServices, type FakeServices } from './fake-services.ts';

export const USERS = {
  admin: { email: 'admin@example.com', roles: ['admin'] },
  admin2: { email: 'admin2@example.com', roles: ['admin'] },
  reviewer: { email: 'reviewer@example.com', roles: ['reviewer'] },
  promoter: { email: 'dev@example.com', roles: ['promoter'] },
  viewer: { email: 'viewer@example.com', roles: ['viewer'] },
} as const satisfies Record<string, { email: string; roles: Role[] }>;
export type UserName = keyof typeof USERS;

export interface Harness {
  app: FastifyInstance;
  db: TestDatabase;
  repositories: Repositories;
  sandbox: RunningSandbox;
  services: FakeServices;
  metrics: PromoMetrics;
  accountId: string;
  tokens: Record<UserName, string>;
  /** `app.inject` with `Authorization: Bearer <token of user>`. */
  as(user: UserName, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  oidc?: OidcVerifier;
  overrides?: Partial<AppDeps>;
  /** The console's sign-in settings (demo users, OIDC client). */
  signIn?: SignInSettings;
  /** How long the account's branch count is cached (default: the service's 30 s). */
  branchCountMaxAgeMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase();
  // db.drop() ends the pool (pg-pool resolves before idle sockets finish closing) and then
  // drops the database WITH (FORCE): a closing client may then receive "terminating connection"
  // and emit it as an uncaught error. It is the test's own teardown, so it is ignored here.
  db.pool.on('connect', (client) => client.on('error', () => {}));
  const sandbox = await startSandbox({ demo: true });
  const world = sandbox.world!;
  const repositories = createRepositories(db.pool);
  const metrics = createMetrics({ collectDefaults: false });
  const boomi = createBoomiClient({
    baseUrl: sandbox.apiBaseUrl,
    accountId: world.accountId,
    username: world.username,
    apiToken: world.apiToken,
    retry: { enabled: false },
    onCall: metrics.recordBoomiCall,
  });
  const services = createFakeServices(
    repositories,
    createRecordServices({
      boomi,
      repos: repositories,
      accountId: world.accountId,
      ...(options.signIn ? { signIn: options.signIn } : {}),
      branchCountMaxAgeMs: options.branchCountMaxAgeMs,
    }),
  );
  const app = await buildApp({
    pool: db.pool,
    stores: repositories,
    checkBoomi: async () => {
      await boomi.environments.list();
    },
    services,
    metrics,
    sseHeartbeatMs: 60_000,
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...options.overrides,
  });
  const tokens = {} as Record<UserName, string>;
  for (const [name, user] of Object.entries(USERS) as [UserName, (typeof USERS)[UserName]][]) {
    tokens[name] = (await createApiToken(repositories.apiTokens, { ...user, name: `test-${name}` })).token;
  }
  return {
    app,
    db,
    repositories,
    sandbox,
    services,
    metrics,
    accountId: world.accountId,
    tokens,
    as: (user, injectOptions) =>
      app.inject({
        ...injectOptions,
        headers: { ...injectOptions.headers, authorization: `Bearer ${tokens[user]}` },
      }),
    async close() {
      await app.close();
      await sandbox.close();
      await db.drop();
    },
  };
}
