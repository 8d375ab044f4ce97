/**
 * HTTP Basic with an API token: `BOOMI_TOKEN.<user>:<token>`. The credentials live only in this
 * closure; an error whose text echoes them is replaced by a redacted copy.
 */
import { BoomiRequestError } from '../errors.ts';
import type { TransportPlugin } from '../transport.ts';

export const TOKEN_PREFIX = 'BOOMI_TOKEN.';

export function tokenUsername(username: string): string {
  return username.startsWith(TOKEN_PREFIX) ? username : `${TOKEN_PREFIX}${username}`;
}

export function authPlugin(credentials: { username: string; apiToken: string }): TransportPlugin {
  const encoded = Buffer.from(`${tokenUsername(credentials.username)}:${credentials.apiToken}`).toString(
    'base64',
  );
  const secrets = [credentials.apiToken, encoded];
  return {
    name: 'auth',
    wrap: (next) => async (context) => {
      try {
        return await next({ ...context, headers: { ...context.headers, authorization: `Basic ${encoded}` } });
      } catch (error) {
        throw error instanceof BoomiRequestError ? error.redacted(secrets) : error;
      }
    },
  };
}
