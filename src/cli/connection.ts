/**
 * Which server and which identity a server command uses.
 *
 * URL: `--url`, else PROMO_URL, else the local service (`http://127.0.0.1:${PROMO_PORT:-8080}`).
 * Token: `--token`, else PROMO_TOKEN, else — in sandbox mode only (no BOOMI_* set) — a demo
 * user's token from `<dataDir>/sandbox-tokens.json`: admin@example.com's, or the one named by
 * `--as <email>`. Production never falls back: there is no token file to fall back to.
 */
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { readSandboxTokens, sandboxTokensPath } from '../runtime/sandbox-tokens.ts';
import { ApiClient } from './api-client.ts';
import { CliError } from './errors.ts';

export const DEFAULT_SANDBOX_USER = 'admin@example.com';

export interface ServerOptions {
  url?: string;
  token?: string;
  as?: string;
  json?: boolean;
}

/** Adds --url, --token, --as and --json to a server command. */
export function withServerOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'promo server (default: PROMO_URL or http://127.0.0.1:8080)'))
    .addOption(new Option('--token <token>', 'API token or OIDC JWT (default: PROMO_TOKEN)'))
    .addOption(
      new Option(
        '--as <email>',
        `sandbox mode without a token: act as this demo user (default ${DEFAULT_SANDBOX_USER})`,
      ),
    )
    .option('--json', 'print machine-readable JSON');
}

export async function connect(
  options: ServerOptions,
  config: Pick<Config, 'cli' | 'sandboxMode' | 'dataDir'> = loadConfig(),
): Promise<ApiClient> {
  const url = (options.url ?? config.cli.url).replace(/\/+$/, '');
  if (!URL.canParse(url)) throw new CliError('INVALID_REQUEST', `--url '${url}' is not a URL`);
  const explicit = options.token ?? config.cli.token;
  if (explicit) {
    if (options.as)
      throw new CliError('INVALID_REQUEST', '--as picks a sandbox demo token; it cannot go with a token');
    return new ApiClient({ url, token: explicit });
  }
  if (!config.sandboxMode) {
    throw new CliError('UNAUTHENTICATED', 'No API token: pass --token <token> or set PROMO_TOKEN');
  }
  const tokens = await readSandboxTokens(config.dataDir);
  const user = (options.as ?? DEFAULT_SANDBOX_USER).toLowerCase();
  const token = tokens[user];
  if (!token) {
    const known = Object.keys(tokens);
    throw new CliError(
      'UNAUTHENTICATED',
      known.length === 0
        ? `No API token: pass --token or set PROMO_TOKEN (no sandbox tokens in ${sandboxTokensPath(config.dataDir)} — has \`npm start\` run with this PROMO_DATA_DIR?)`
        : `No sandbox token for ${user}; known demo users: ${known.join(', ')}`,
    );
  }
  return new ApiClient({ url, token });
}
