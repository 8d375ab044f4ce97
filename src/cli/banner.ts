/** The text printed once the service is ready: where everything is, and how to call it. */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { RunningService } from '../runtime/service.ts';

export function readyBanner(service: RunningService, config: Config): string {
  const lines = [
    '',
    `promo is ready${service.sandbox ? ' (sandbox mode: no BOOMI_* credentials set)' : ''}`,
    `  API:            ${service.url}/api/v1   (OpenAPI: ${service.url}/api/v1/openapi.json)`,
    `  API docs:       ${service.url}/docs`,
    `  Health:         ${service.url}/readyz   Metrics: ${service.url}/metrics`,
    `  Database:       ${service.embeddedDatabase ? `embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (service.sandbox) {
    lines.push(`  Boomi sandbox:  ${service.sandbox.url}   (account ${service.accountId}, demo world)`);
  } else {
    lines.push(`  Boomi account:  ${service.accountId}`);
  }
  if (service.tokens) {
    lines.push('', `  Demo users (tokens also in ${service.tokensFile}):`);
    const width = Math.max(...Object.keys(service.tokens).map((email) => email.length));
    for (const [email, token] of Object.entries(service.tokens))
      lines.push(`    ${email.padEnd(width)}  ${token}`);
    const admin = service.tokens['admin@example.com'];
    lines.push(
      '',
      '  Try:',
      `    curl -H "Authorization: Bearer ${admin}" ${service.url}/api/v1/promotions`,
      '    npx promo promotions list',
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}
