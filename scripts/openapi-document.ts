/**
 * The service's OpenAPI document, as the Fastify app builds it from its route schemas — without
 * a database, Boomi or a listening socket. The console's typed client is generated from it, so
 * the console cannot drift from the API. Nothing is called while the app is built: the
 * dependencies below only have to exist, and any use of them throws.
 */
import pg from 'pg';
import { buildApp, type AppDeps } from '../src/http/app.ts';

/** A stand-in dependency: any property is another stand-in, any call throws. */
function unavailable(name: string): never {
  const fail = () => {
    throw new Error(`${name} is not available while the OpenAPI document is written`);
  };
  return new Proxy(fail, { get: (_target, key) => unavailable(`${name}.${String(key)}`) }) as never;
}

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const deps: AppDeps = {
    // A pool connects on first query only; none is made.
    pool: new pg.Pool({ max: 1 }),
    stores: unavailable('stores'),
    checkBoomi: unavailable('checkBoomi'),
    // Every conditional route present: a stand-in's signIn.demoUsers is there (the sandbox's route).
    services: unavailable('services'),
  };
  const app = await buildApp(deps);
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await deps.pool.end();
  }
}
