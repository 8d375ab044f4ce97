/**
 * The JavaScript a first visit of the console loads: the module scripts and module preloads
 * that the built `index.html` names (lazily loaded chunks are not counted), raw and gzip-compressed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FirstLoadSize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export async function firstLoadJavaScript(distDir: string): Promise<FirstLoadSize> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const references = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((match) => match[1]!);
  const files = [...new Set(references)];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = await readFile(path.join(distDir, file.replace(/^\//, '')));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes };
}
