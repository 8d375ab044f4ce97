import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/promo.js', import.meta.url));

describe('promo sandbox (the command)', () => {
  it('starts the sandbox with the demo world, prints URL and credentials, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0', '--demo'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match && output.includes('control API')) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
    });
    try {
      expect(output).toContain('API user:    BOOMI_TOKEN.admin@acme.example');
      const world = (await (await fetch(`${url}/__sandbox/world`)).json()) as {
        demo: { accountId: string; apiToken: string };
      };
      expect(output).toContain(world.demo.apiToken);
      const response = await fetch(`${url}/api/rest/v1/${world.demo.accountId}/Environment/query`, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`BOOMI_TOKEN.admin@acme.example:${world.demo.apiToken}`).toString('base64')}`,
        },
      });
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a port that is not a number', async () => {
    const child = spawn(process.execPath, [bin, 'sandbox', '--port', 'abc'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--port/);
  });
});
