/**
 * Runs as the API sees them: one active run per promotion under concurrent requests, the same
 * Idempotency-Key landing on the same run, and the run's events (steps as they happen, then
 * the end) for live and late subscribers.
 */
import { describe, expect, it } from 'vitest';
import { parseDeployRequest } from '../../src/domain/deploy-request.ts';
import { isPromoError } from '../../src/domain/errors.ts';
import type { RunEvent } from '../../src/app/contract.ts';
import { ADMIN, environmentNamed, freshPromotion, registerPromotion } from '../helpers/world.ts';
import { useWorld } from './support/use-world.ts';

const world = useWorld();

async function testRequest(key: string) {
  const promotion = await freshPromotion(world, key);
  await registerPromotion(world, promotion);
  const request = parseDeployRequest({
    promotionId: promotion.promotionId,
    packageVersion: '1.0.0',
    deploymentTarget: 'TEST',
    createNewPack: true,
    newPackName: `Pack ${key}`,
    targetEnvironments: [{ environmentId: environmentNamed(world.demo, 'Test').id }],
  });
  return { promotion, request };
}

/** Collects a run's events until its end. */
function collect(runId: string): Promise<RunEvent[]> {
  return new Promise((resolve, reject) => {
    const events: RunEvent[] = [];
    world.services.deployments
      .subscribe(runId, (event) => {
        events.push(event);
        if (event.type === 'end') resolve(events);
      })
      .then((stop) => {
        if (stop === null) reject(new Error(`unknown run ${runId}`));
      }, reject);
  });
}

describe('deployment runs', () => {
  it('20 concurrent requests for one promotion: one run, the others DEPLOYMENT_IN_PROGRESS', async () => {
    const { promotion, request } = await testRequest('concurrent');
    const mark = await world.control.mark();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => world.services.deployments.start(request, ADMIN)),
    );
    const started = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(19);
    expect(
      refused.every((e) => isPromoError(e) && e.code === 'DEPLOYMENT_IN_PROGRESS' && e.status === 409),
    ).toBe(true);

    const runId = (started[0] as PromiseFulfilledResult<{ runId: string }>).value.runId;
    const events = await collect(runId);
    expect(events.at(-1)).toMatchObject({ type: 'end', run: { state: 'SUCCEEDED' } });
    expect(await world.repos.deploymentRuns.listForPromotion(promotion.promotionId)).toHaveLength(1);
    const writes = await world.control.writesSince(mark);
    expect(writes.filter((w) => w === 'POST /MergeRequest')).toHaveLength(1);
    expect(writes.filter((w) => w === 'POST /DeployedPackage')).toHaveLength(1);
  });

  it('the same Idempotency-Key from the same caller lands on the same run', async () => {
    const { promotion, request } = await testRequest('idempotent');
    const first = await world.services.deployments.start(request, ADMIN, 'key-123');
    const second = await world.services.deployments.start(request, ADMIN, 'key-123');
    expect(second.runId).toBe(first.runId);
    const response = await world.services.deployments.runSync(request, ADMIN, 'key-123');
    expect(response.runId).toBe(first.runId);
    expect(response.success).toBe(true);
    expect(await world.repos.deploymentRuns.listForPromotion(promotion.promotionId)).toHaveLength(1);
  });

  it('delivers each step as it happens, then one end; a late subscriber gets the same story at once', async () => {
    const { request } = await testRequest('events');
    const { runId } = await world.services.deployments.start(request, ADMIN);
    const live = await collect(runId);

    const ends = live.filter((e) => e.type === 'end');
    expect(ends).toHaveLength(1);
    expect(live.at(-1)?.type).toBe('end');
    const end = ends[0] as Extract<RunEvent, { type: 'end' }>;
    expect(end.run.response?.success).toBe(true);
    // Every step of the run was delivered, and it finished the way the run view says.
    const finalStates = new Map<string, string>();
    for (const event of live) if (event.type === 'step') finalStates.set(event.step.name, event.step.state);
    expect([...finalStates.keys()].sort()).toEqual(end.run.steps.map((s) => s.name).sort());
    expect([...finalStates.values()].every((state) => state === 'SUCCEEDED')).toBe(true);

    const late = await collect(runId);
    expect(
      late
        .filter((e) => e.type === 'step')
        .map((e) => (e.type === 'step' ? e.step.name : ''))
        .sort(),
    ).toEqual(end.run.steps.map((s) => s.name).sort());
    expect(late.at(-1)).toEqual(end);
  });

  it('an unknown run: getRun null, subscribe null', async () => {
    expect(await world.services.deployments.getRun('run-nope')).toBeNull();
    expect(await world.services.deployments.subscribe('run-nope', () => {})).toBeNull();
  });
});
