// `promo token create|revoke|list`: service API tokens, directly on the database (no server
// needed). A token is shown once, at creation; the database keeps only its SHA-256 hash.
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config.ts';
import type { Role } from '../../domain/caller.ts';
import type { ApiTokenAdmin } from '../../app/api-tokens.ts';
import { ROLES } from '../../domain/caller.ts';
import { openAdminDatabase } from '../../runtime/admin-database.ts';
import { CliError } from '../errors.ts';
import { printJson, printLine, printTable } from '../output.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `30d`, `12h` or an ISO date → a Date. */
export function parseExpiry(value: string, now = Date.now()): Date {
  const relative = /^(\d+)([dh])$/.exec(value.trim());
  if (relative) {
    const hours = Number(relative[1]) * (relative[2] === 'd' ? 24 : 1);
    return new Date(now + hours * 3_600_000);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('expected 30d, 12h or a date such as 2026-12-31');
  return date;
}

async function withTokens<T>(work: (tokens: ApiTokenAdmin) => Promise<T>): Promise<T> {
  const database = await openAdminDatabase(loadConfig());
  try {
    return await work(database.apiTokens);
  } finally {
    await database.close();
  }
}

function createCommand(): Command {
  return new Command('create')
    .description('create an API token (printed once; store it safely)')
    .requiredOption('--email <email>', 'the person or pipeline acting with it')
    .option('--role <role>', `a role, repeatable: ${ROLES.join(', ')}`, collect)
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--expires <when>', 'expiry: 30d, 12h or a date (default: never)', (v) => parseExpiry(v))
    .option('--json', 'print machine-readable JSON')
    .action(
      async (options: { email: string; role?: Role[]; name: string; expires?: Date; json?: boolean }) => {
        if (!options.role || options.role.length === 0) {
          throw new CliError('INVALID_REQUEST', `--role is required (one or more of ${ROLES.join(', ')})`);
        }
        const created = await withTokens((tokens) =>
          tokens.create({
            email: options.email,
            roles: options.role!,
            name: options.name,
            expiresAt: options.expires ?? null,
          }),
        );
        if (options.json) return printJson({ token: created.token, ...created.record });
        printLine(created.token);
        process.stderr.write(
          `Token ${created.id} for ${created.record.email} (${created.record.roles.join(', ')})` +
            `${created.record.expiresAt ? `, expires ${created.record.expiresAt}` : ''}. It is shown only this once.\n`,
        );
      },
    );
}

function revokeCommand(): Command {
  return new Command('revoke')
    .description('revoke an API token by its id (see `promo token list`)')
    .argument('<id>')
    .option('--json', 'print machine-readable JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const revoked = await withTokens((tokens) => tokens.revoke(id));
      if (!revoked) throw new CliError('NOT_FOUND', `No API token with id ${id}`);
      if (options.json) return printJson(revoked);
      printLine(`Token ${id} (${revoked.email}) revoked at ${revoked.revokedAt}`);
    });
}

function listCommand(): Command {
  return new Command('list')
    .description('API tokens (metadata only: ids, owners, roles, expiry, revocation, last use)')
    .option('--email <email>', 'only this owner’s tokens')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { email?: string; json?: boolean }) => {
      const tokens = await withTokens((tokens) => tokens.list(options.email ? { email: options.email } : {}));
      if (options.json) return printJson(tokens);
      if (tokens.length === 0) return printLine('No API tokens.');
      printTable(
        ['ID', 'EMAIL', 'ROLES', 'NAME', 'EXPIRES', 'REVOKED', 'LAST USED'],
        tokens.map((t) => [t.id, t.email, t.roles.join(','), t.name, t.expiresAt, t.revokedAt, t.lastUsedAt]),
      );
    });
}

export function tokenCommand(): Command {
  return new Command('token')
    .description(
      'manage API tokens directly on the database (DATABASE_URL, or the embedded one in PROMO_DATA_DIR)',
    )
    .addCommand(createCommand())
    .addCommand(revokeCommand())
    .addCommand(listCommand());
}
