/** Runs the real `promo` CLI as a child process against a running server. */
import { execFile } from 'node:child_process';
import { REPO_ROOT, cleanEnv, type RunningServer } from './server.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  server: Pick<RunningServer, 'env'>,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const childEnv = cleanEnv({
    PROMO_DATA_DIR: server.env.PROMO_DATA_DIR!,
    PROMO_PORT: server.env.PROMO_PORT!,
    ...(server.env.DATABASE_URL ? { DATABASE_URL: server.env.DATABASE_URL } : {}),
    ...env,
  });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/promo.js', ...args],
      { cwd: REPO_ROOT, env: childEnv },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
