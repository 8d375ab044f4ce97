/**
 * The console's first load stays small (spec §14 / issue 15: under 300 KB of compressed
 * JavaScript): the scripts and module preloads the built index.html names, gzip-compressed.
 * A size, not a timing: the same build gives the same number. The build prints it too.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLoadJavaScript } from '../../scripts/console-size.ts';
import { REPO_ROOT } from '../e2e/support/server.ts';

const BUDGET_BYTES = 300 * 1024;

describe('console bundle', () => {
  it('loads under 300 KB of gzip-compressed JavaScript on a first visit', async () => {
    const size = await firstLoadJavaScript(path.join(REPO_ROOT, 'console/dist'));
    console.log(
      `console first load: ${(size.gzipBytes / 1024).toFixed(1)} KB gzip (${(size.rawBytes / 1024).toFixed(1)} KB raw) in ${size.files.join(', ')}`,
    );
    expect(size.files.length).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeLessThan(BUDGET_BYTES);
  });
});
