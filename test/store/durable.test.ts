import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemDatabaseUrlFor } from '../../src/store/database.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runFixture } from './child.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'crash-workflow.ts');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function sideEffects(workflowId: string) {
  const rows = await db.pool.query<{ step: number; n: number; executors: string[] }>(
    `SELECT step, count(*)::int AS n, array_agg(DISTINCT executor_id ORDER BY executor_id) AS executors
       FROM crash_side_effects WHERE workflow_id = $1 GROUP BY step ORDER BY step`,
    [workflowId],
  );
  return rows.rows;
}

async function crashAtStep3(workflowId: string, executorId: string) {
  const first = runFixture(FIXTURE, [
    db.url,
    systemDatabaseUrlFor(db.url),
    executorId,
    workflowId,
    'start',
    '3',
  ]);
  await first.waitFor('HANGING 3');
  first.process.kill('SIGKILL');
  const { signal } = await first.exited;
  expect(signal).toBe('SIGKILL');
  expect(first.stdout()).not.toContain('RESULT');
}

async function resume(workflowId: string, executorId: string) {
  const second = runFixture(FIXTURE, [
    db.url,
    systemDatabaseUrlFor(db.url),
    executorId,
    workflowId,
    'resume',
  ]);
  await second.waitFor('RESULT');
  await second.exited;
  return JSON.parse(second.stdout().split('RESULT ')[1]!.trim()) as unknown;
}

describe('durable runs survive a killed process', () => {
  it('resume in a new process with the same executor id after the last completed step', async () => {
    await crashAtStep3('wf-same-executor', 'exec-A');
    const result = await resume('wf-same-executor', 'exec-A');
    expect(result).toEqual({ label: 'crash-test', total: 100 });
    // Steps 1 and 2 completed before the kill and never re-ran; step 3 was interrupted
    // mid-step (its side effect done, its checkpoint not) and ran again; step 4 ran once.
    expect((await sideEffects('wf-same-executor')).map((r) => [r.step, r.n])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 1],
    ]);
  });

  it('are taken over by another instance once the dead one stops heart-beating', async () => {
    await crashAtStep3('wf-reaped', 'exec-dead');
    const result = await resume('wf-reaped', 'exec-live');
    expect(result).toEqual({ label: 'crash-test', total: 100 });
    const effects = await sideEffects('wf-reaped');
    expect(effects.map((r) => [r.step, r.n])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 1],
    ]);
    expect(effects[3]!.executors).toEqual(['exec-live']);
    const beat = await db.pool.query('SELECT reaped_by FROM heartbeats WHERE executor_id = $1', [
      'exec-dead',
    ]);
    expect(beat.rows).toEqual([{ reaped_by: 'exec-live' }]);
  });
});
