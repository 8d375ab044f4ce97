/** Runs the real `promo` CLI as a child process against a running server. */
import { execFile } from 'node:child_process';
import { expect } from 'vitest';
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
  // The CLI runs with the server's configuration, as an operator on the same machine would.
  const shared = Object.entries(server.env).filter(([key]) =>
    /^(PROMO_DATA_DIR|PROMO_PORT|DATABASE_URL|BOOMI_ACCOUNT_ID|BOOMI_USERNAME|BOOMI_API_TOKEN|BOOMI_BASE_URL)$/.test(
      key,
    ),
  );
  const childEnv = cleanEnv({ ...Object.fromEntries(shared), ...env });
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

/** Creates an API token with the CLI (`promo token create … --json`) and returns the raw token. */
export async function createToken(
  server: Pick<RunningServer, 'env'>,
  email: string,
  roles: string[],
): Promise<string> {
  const result = await runCli(server, [
    'token',
    'create',
    '--email',
    email,
    ...roles.flatMap((r) => ['--role', r]),
    '--json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).token;
}
