/**
 * The browser console (spec §14), served by the service itself: the built assets of `console/`
 * (public — they hold no data; every API call they make carries the bearer token), and
 * `index.html` for the console's own routes (`/promotions/…`, `/runs/…`) so a reload or a shared
 * link works. Paths under /api answer the API's standard 404. When the console was never built
 * (`npm install` builds it), `/` says so instead of answering a bare 404.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>promo — console not built</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The console has not been built</h1>
<p>The API is running (see <a href="/docs">/docs</a>), but this checkout has no built console.
Build it with <code>npm run build:console</code> (<code>npm install</code> runs it too), then restart the service.</p>
</body></html>
`;

/** A console route: a GET under neither /api nor /assets whose last segment has no file extension. */
function isConsoleRoute(url: string): boolean {
  const pathname = url.split('?')[0] ?? '/';
  if (pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/assets/')) return false;
  return !/\.[a-z0-9]+$/i.test(pathname.split('/').pop() ?? '');
}

export async function registerConsole(app: FastifyInstance, distDir: string): Promise<void> {
  const indexHtml = await readFile(path.join(distDir, 'index.html'), 'utf8').catch(() => null);
  const route = { config: { allow: 'public' as const }, schema: { hide: true } };

  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (!isConsoleRoute(request.url)) return reply.callNotFound();
    if (indexHtml === null) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(indexHtml);
  };
  app.get('/', route, page);
  app.get('/*', route, page);
  if (indexHtml === null) return;

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // One route per built file, found now: the SPA fallback above owns every other path.
    wildcard: false,
    index: false,
    decorateReply: false,
    // send's own Cache-Control (max-age=0) would replace the one set below.
    cacheControl: false,
    setHeaders(response, filePath) {
      // Vite fingerprints everything under assets/: cache it for good; anything else, revalidate.
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      response.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
