/**
 * The crash tests' child process: `fixtures/runner.ts` with the given options, optionally armed
 * with a failpoint (PROMO_FAILPOINT) that kills it there; answers how it ended and what it printed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunnerOptions } from '../fixtures/runner.ts';

const RUNNER = fileURLToPath(new URL('../fixtures/runner.ts', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runChild(options: RunnerOptions, failpoint?: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, JSON.stringify(options)], {
      env: { ...process.env, PROMO_FAILPOINT: failpoint ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
