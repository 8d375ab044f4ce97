/**
 * A proxy in front of the sandbox that answers a fixed share of Boomi calls with Boomi's 503
 * ("rate limits exceeded") without forwarding them — as a busy Boomi does. A seeded generator
 * picks the calls, so a run of the test always meets the same faults. Calls it lets through
 * reach the sandbox, whose call log then holds exactly the calls Boomi acted on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlakyProxy {
  url: string;
  /** Calls answered 503 by the proxy, as `METHOD /path`. */
  refused: string[];
  forwarded: number;
  close(): Promise<void>;
}

/** mulberry32: tiny, seedable, good enough to pick calls. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUSY = JSON.stringify({
  '@type': 'Error',
  message:
    "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later.",
});

export async function startFlakyProxy(options: {
  target: string;
  failureRate: number;
  seed: number;
}): Promise<FlakyProxy> {
  const random = generator(options.seed);
  const proxy: FlakyProxy = { url: '', refused: [], forwarded: 0, close: async () => {} };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      if (path.startsWith('/api/rest/v1/') && random() < options.failureRate) {
        proxy.refused.push(`${request.method} ${path.split('?')[0]}`);
        response.writeHead(503, { 'content-type': 'application/json' }).end(BUSY);
        return;
      }
      proxy.forwarded += 1;
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${options.target}${path}`, { method: request.method ?? 'GET', headers, body })
        .then(async (answer) => {
          const text = await answer.text();
          response.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          });
          response.end(text);
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return proxy;
}
