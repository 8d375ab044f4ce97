/**
 * The sandbox's demo users and their API tokens, written to `<dataDir>/sandbox-tokens.json` as
 * `{"<email>": "<token>"}` so the CLI and the README's walkthrough can use them. A second start
 * reuses every token that still works (present in the database, not revoked, not expired) and
 * replaces only the ones that do not. The file is the only copy of the secrets (the database
 * keeps hashes), so it is written owner-readable only.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../domain/caller.ts';
import { createApiToken, verifyApiToken } from '../app/api-tokens.ts';
import type { ApiTokensRepository } from '../store/repositories/index.ts';

export const SANDBOX_TOKENS_FILE = 'sandbox-tokens.json';

export const DEMO_USERS: readonly { email: string; roles: Role[] }[] = [
  { email: 'admin@example.com', roles: ['admin'] },
  { email: 'admin2@example.com', roles: ['admin'] },
  { email: 'reviewer@example.com', roles: ['reviewer'] },
  { email: 'dev@example.com', roles: ['promoter'] },
];

export type SandboxTokens = Record<string, string>;

export function sandboxTokensPath(dataDir: string): string {
  return path.join(dataDir, SANDBOX_TOKENS_FILE);
}

/** The file's tokens, or an empty map when it is missing or unreadable. */
export async function readSandboxTokens(dataDir: string): Promise<SandboxTokens> {
  try {
    const parsed: unknown = JSON.parse(await readFile(sandboxTokensPath(dataDir), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

async function stillValid(repo: ApiTokensRepository, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  try {
    await verifyApiToken(repo, token);
    return true;
  } catch {
    return false;
  }
}

/** Every demo user's working token, reusing the file's where possible; rewrites the file. */
export async function ensureSandboxTokens(
  repo: ApiTokensRepository,
  dataDir: string,
): Promise<SandboxTokens> {
  const previous = await readSandboxTokens(dataDir);
  const tokens: SandboxTokens = {};
  for (const user of DEMO_USERS) {
    const known = previous[user.email];
    if (known && (await stillValid(repo, known))) {
      tokens[user.email] = known;
      continue;
    }
    const created = await createApiToken(repo, {
      email: user.email,
      roles: user.roles,
      name: 'sandbox demo user',
    });
    tokens[user.email] = created.token;
  }
  await mkdir(dataDir, { recursive: true });
  const file = sandboxTokensPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
  return tokens;
}
