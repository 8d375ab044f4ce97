/** Listens: the only part of the HTTP layer that opens a socket. */
import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** Starts listening and resolves with the base URL, e.g. `http://127.0.0.1:8080`. */
export async function listen(app: FastifyInstance, options: ListenOptions): Promise<string> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return `http://${host}:${port}`;
}
