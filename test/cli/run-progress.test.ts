/**
 * `promo deploy` follows a run through its event stream; when the stream breaks before the end it
 * reads the run until it has ended. A tiny HTTP server plays the promo API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/cli/api-client.ts';
import { exitCodeOf } from '../../src/cli/commands/deploy.ts';
import { CliError } from '../../src/cli/errors.ts';
import { followRun } from '../../src/cli/run-progress.ts';

const RESPONSE = { success: true, runId: 'run-1', deploymentStatus: 'DEPLOYED' };
const step = (name: string, state: string) => ({
  name,
  state,
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: null,
});

let server: Server | undefined;
afterEach(async () => {
  if (!server) return;
  const closing = new Promise((resolve) => server!.close(resolve));
  server.closeAllConnections();
  await closing;
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<ApiClient> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new ApiClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't' });
}

describe('followRun', () => {
  it('returns the response event of a complete stream', async () => {
    const client = await serve((request, response) => {
      expect(request.headers.authorization).toBe('Bearer t');
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(
        `event: step\nid: 1\ndata: ${JSON.stringify(step('3-packaged-component', 'SUCCEEDED'))}\n\n` +
          `event: response\nid: 2\ndata: ${JSON.stringify(RESPONSE)}\n\n`,
      );
    });
    expect(await followRun(client, 'run-1', { quiet: true })).toEqual(RESPONSE);
  });

  it('reads the run until it ends when the stream closes early', async () => {
    let reads = 0;
    const client = await serve((request, response) => {
      if (request.url?.endsWith('/events')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(`event: step\nid: 1\ndata: ${JSON.stringify(step('2.5-merge-create', 'RUNNING'))}\n\n`);
        return;
      }
      reads += 1;
      const ended = reads >= 2;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          runId: 'run-1',
          promotionId: 'p',
          state: ended ? 'SUCCEEDED' : 'RUNNING',
          steps: [step('2.5-merge-create', ended ? 'SUCCEEDED' : 'RUNNING')],
          response: ended ? RESPONSE : null,
        }),
      );
    });
    expect(await followRun(client, 'run-1', { quiet: true })).toEqual(RESPONSE);
    expect(reads).toBe(2);
  });

  it('gives up at once on a refusal (unknown run)', async () => {
    const client = await serve((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ success: false, errorCode: 'NOT_FOUND', errorMessage: 'Run run-x was not found' }),
      );
    });
    const error = await followRun(client, 'run-x', { quiet: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect([(error as CliError).errorCode, (error as CliError).message]).toEqual([
      'NOT_FOUND',
      'Run run-x was not found',
    ]);
  });
});

describe('exit codes of promo deploy', () => {
  it('are 0 when deployed or packaged only, 2 when partly deployed, 1 when the run failed', () => {
    const response = (success: boolean, deploymentStatus: string) => ({ success, deploymentStatus }) as never;
    expect(exitCodeOf(response(true, 'DEPLOYED'))).toBe(0);
    expect(exitCodeOf(response(true, 'NOT_DEPLOYED'))).toBe(0);
    expect(exitCodeOf(response(true, 'PARTIAL'))).toBe(2);
    expect(exitCodeOf(response(false, 'FAILED'))).toBe(1);
  });
});
