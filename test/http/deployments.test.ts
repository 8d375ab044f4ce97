import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployRequest } from '../../src/domain/deploy-request.ts';
import { listen } from '../../src/http/server.ts';
import { okResponse } from './fake-services.ts';
import { startHarness, type Harness } from './harness.ts';
import { deployBody } from './requests.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ overrides: { sseHeartbeatMs: 20 } });
});
afterAll(async () => {
  await h?.close();
});

interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      return { event: fields.event!, id: fields.id, data: JSON.parse(fields.data!) as unknown };
    });
}

const step = (name: string) => ({
  name,
  state: 'SUCCEEDED' as const,
  startedAt: '2025-01-01T00:00:00.000Z',
  endedAt: '2025-01-01T00:00:01.000Z',
});

async function startRun(promotionId: string): Promise<string> {
  const r = await h.as('admin', {
    method: 'POST',
    url: '/api/v1/deployments',
    payload: deployBody(promotionId),
  });
  expect(r.statusCode).toBe(202);
  return r.json().runId as string;
}

describe('POST /package-and-deploy', () => {
  it('answers the final response and passes the parsed request and the token’s identity', async () => {
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/package-and-deploy',
      payload: {
        promotionId: ' P-sync ',
        packageVersion: '1.0.0',
        deploymentTarget: 'TEST',
        createNewPack: 'false',
        existingPackId: 'ip-42',
        targetEnvironments: [{ environmentId: 'e1' }, { environmentId: 'e1' }],
      },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      success: true,
      promotionId: 'P-sync',
      deploymentTarget: 'TEST',
      branchPreserved: 'true',
    });
    const call = h.services.deployments.calls.at(-1)!;
    expect(call.caller).toStrictEqual({
      email: 'admin@example.com',
      roles: ['admin'],
      tokenId: expect.any(String),
    });
    expect(call.request).toMatchObject<Partial<DeployRequest>>({
      promotionId: 'P-sync',
      createNewPack: false,
      integrationPackId: 'ip-42',
      targetEnvironmentIds: ['e1'],
    });
  });

  it('answers a failed run with its code’s status and the full response', async () => {
    h.services.deployments.nextResponse = (request, runId) => ({
      ...okResponse(request, runId),
      success: false,
      errorCode: 'DEPLOYMENT_FAILED',
      errorMessage: 'Deployment failed in every target environment',
      deploymentStatus: 'FAILED',
      deployedEnvironments: [
        { environmentId: 'e1', environmentName: 'Test', status: 'FAILED', errorMessage: 'boom' },
      ],
    });
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/package-and-deploy',
      payload: deployBody('P-f'),
    });
    expect(r.statusCode).toBe(502);
    expect(r.json()).toMatchObject({
      success: false,
      errorCode: 'DEPLOYMENT_FAILED',
      errorMessage: 'Deployment failed in every target environment',
      deploymentStatus: 'FAILED',
      deployedEnvironments: [{ environmentId: 'e1', status: 'FAILED', errorMessage: 'boom' }],
    });
  });

  it('answers 504 for a merge timeout', async () => {
    h.services.deployments.nextResponse = (request, runId) => ({
      ...okResponse(request, runId),
      success: false,
      errorCode: 'MERGE_TIMEOUT',
      errorMessage: 'The merge did not finish in 600 s',
    });
    const r = await h.as('admin', {
      method: 'POST',
      url: '/api/v1/package-and-deploy',
      payload: deployBody('P-t'),
    });
    expect(r.statusCode).toBe(504);
    expect(r.json().errorCode).toBe('MERGE_TIMEOUT');
  });

  it('checks the body (400) before the role (403), as spec §4 orders them', async () => {
    const invalid = await h.as('viewer', {
      method: 'POST',
      url: '/api/v1/package-and-deploy',
      payload: { promotionId: 'P-x', deploymentTarget: 'STAGING' },
    });
    expect(invalid.statusCode).toBe(400);
    const valid = await h.as('viewer', {
      method: 'POST',
      url: '/api/v1/package-and-deploy',
      payload: deployBody('P-x'),
    });
    expect(valid.statusCode).toBe(403);
    expect(valid.json().errorCode).toBe('FORBIDDEN');
  });

  it.each(['adminEmail', 'approvedBy', 'initiatedBy', 'callerEmail'])(
    'refuses a body that names an identity (%s): the approver is only ever the token’s owner',
    async (field) => {
      const before = h.services.deployments.calls.length;
      const r = await h.as('admin2', {
        method: 'POST',
        url: '/api/v1/package-and-deploy',
        payload: deployBody('P-self', { [field]: 'admin2@example.com' }),
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().errorCode).toBe('INVALID_REQUEST');
      expect(h.services.deployments.calls.length).toBe(before);
    },
  );
});

describe('POST /deployments and GET /deployments/:runId', () => {
  it('answers 202 with a run id, then the run with its steps and, once done, its response', async () => {
    const runId = await startRun('P-async');
    const running = await h.as('viewer', { method: 'GET', url: `/api/v1/deployments/${runId}` });
    expect(running.statusCode).toBe(200);
    expect(running.json()).toStrictEqual({
      runId,
      promotionId: 'P-async',
      state: 'RUNNING',
      steps: [],
      response: null,
      rolledBackEnvironmentIds: [],
    });

    h.services.deployments.emitStep(runId, step('2.5-merge-create'));
    const response = okResponse(deployBody('P-async') as never, runId);
    h.services.deployments.finish(runId, response);
    const done = await h.as('viewer', { method: 'GET', url: `/api/v1/deployments/${runId}` });
    expect(done.json()).toStrictEqual({
      runId,
      promotionId: 'P-async',
      state: 'SUCCEEDED',
      steps: [step('2.5-merge-create')],
      response,
      rolledBackEnvironmentIds: [],
    });
  });

  it('answers 404 NOT_FOUND for an unknown run', async () => {
    const r = await h.as('viewer', { method: 'GET', url: '/api/v1/deployments/no-such-run' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toStrictEqual({
      success: false,
      errorCode: 'NOT_FOUND',
      errorMessage: expect.any(String),
    });
  });
});

describe('GET /deployments/:runId/events', () => {
  it('gives a late subscriber every step, then the final response, then ends', async () => {
    const runId = await startRun('P-late');
    h.services.deployments.emitStep(runId, step('2.5-merge-create'));
    h.services.deployments.emitStep(runId, step('2.6-merge-execute'));
    const response = okResponse(deployBody('P-late') as never, runId);
    h.services.deployments.finish(runId, response);

    const r = await h.as('viewer', { method: 'GET', url: `/api/v1/deployments/${runId}/events` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/event-stream');
    expect(parseSse(r.body)).toStrictEqual([
      { event: 'step', id: '1', data: step('2.5-merge-create') },
      { event: 'step', id: '2', data: step('2.6-merge-execute') },
      { event: 'response', id: '3', data: response },
    ]);
  });

  it('replays the steps so far, then streams live ones in order, then the response', async () => {
    const runId = await startRun('P-live');
    h.services.deployments.emitStep(runId, step('2.5-merge-create'));
    const streamed = h.as('reviewer', { method: 'GET', url: `/api/v1/deployments/${runId}/events` });
    await expect.poll(() => h.services.deployments.listenerCount(runId)).toBe(1);
    h.services.deployments.emitStep(runId, step('3-packaged-component'));
    h.services.deployments.emitStep(runId, step('7-release'));
    const response = okResponse(deployBody('P-live') as never, runId);
    h.services.deployments.finish(runId, response);

    const events = parseSse((await streamed).body);
    expect(events.map((e) => [e.event, (e.data as { name?: string }).name ?? 'final'])).toStrictEqual([
      ['step', '2.5-merge-create'],
      ['step', '3-packaged-component'],
      ['step', '7-release'],
      ['response', 'final'],
    ]);
    expect(h.services.deployments.listenerCount(runId)).toBe(0);
  });

  it('answers 404 for an unknown run before opening a stream', async () => {
    const r = await h.as('viewer', { method: 'GET', url: '/api/v1/deployments/nope/events' });
    expect(r.statusCode).toBe(404);
    expect(r.json().errorCode).toBe('NOT_FOUND');
  });

  it('sends heartbeats while waiting and stops delivering when the client goes away', async () => {
    const runId = await startRun('P-gone');
    const base = await listen(h.app, { host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const response = await fetch(`${base}/api/v1/deployments/${runId}/events`, {
      headers: { authorization: `Bearer ${h.tokens.viewer}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = '';
    while (!received.includes(': heartbeat')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += new TextDecoder().decode(chunk.value);
    }
    expect(received).toContain(': heartbeat');
    expect(h.services.deployments.listenerCount(runId)).toBe(1);
    controller.abort();
    await expect.poll(() => h.services.deployments.listenerCount(runId)).toBe(0);
  });
});

describe('shutdown with open event streams', () => {
  it('ends open streams so the app can close', async () => {
    const other = await startHarness();
    const { runId } = await other.services.deployments.start(deployBody('P-shutdown') as never, {
      email: 'admin@example.com',
      roles: ['admin'],
    });
    const base = await listen(other.app, { host: '127.0.0.1', port: 0 });
    const response = await fetch(`${base}/api/v1/deployments/${runId}/events`, {
      headers: { authorization: `Bearer ${other.tokens.viewer}` },
    });
    const reader = response.body!.getReader();
    await reader.read();
    await other.close();
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(ended).toBe(true);
    expect(other.services.deployments.listenerCount(runId)).toBe(0);
  });
});
