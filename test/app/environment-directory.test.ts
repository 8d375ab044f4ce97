// The short-lived copy of the account's environments the run's checks resolve targets against:
// one Boomi query per period, shared by concurrent readers, and read again at once for an id it
// does not hold (a new environment is never refused as unknown).
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../src/boomi/index.ts';
import { createEnvironmentDirectory } from '../../src/app/environment-directory.ts';

function fakeBoomi(answers: Environment[][]) {
  let queries = 0;
  return {
    queries: () => queries,
    boomi: {
      environments: {
        list: async () => {
          const answer = answers[Math.min(queries, answers.length - 1)]!;
          queries += 1;
          if (answer.length === 0) throw new Error('Boomi unavailable');
          return answer;
        },
      },
    } as never,
  };
}

const env = (id: string): Environment => ({ id, name: id, classification: 'TEST' }) as Environment;

describe('environment directory', () => {
  it('answers from its copy within the period, and concurrent readers share one query', async () => {
    let clock = 0;
    const fake = fakeBoomi([[env('a'), env('b')]]);
    const directory = createEnvironmentDirectory(fake.boomi, { maxAgeMs: 30_000, now: () => clock });
    const [first, second] = await Promise.all([directory.list(['a']), directory.list(['b'])]);
    expect(first.map((e) => e.id)).toEqual(['a', 'b']);
    expect(second).toBe(first);
    clock = 29_999;
    await directory.list(['a', 'b']);
    expect(fake.queries()).toBe(1);
    clock = 30_000;
    await directory.list(['a']);
    expect(fake.queries()).toBe(2);
  });

  it('reads again at once for an environment its copy does not hold', async () => {
    const fake = fakeBoomi([[env('a')], [env('a'), env('new')]]);
    const directory = createEnvironmentDirectory(fake.boomi, { now: () => 0 });
    await directory.list(['a']);
    const found = await directory.list(['new']);
    expect(found.map((e) => e.id)).toEqual(['a', 'new']);
    expect(fake.queries()).toBe(2);
    // An id Boomi does not have either: asked each time, so the check refuses it on fresh facts.
    await directory.list(['missing']);
    expect(fake.queries()).toBe(3);
  });

  it('keeps no failed read: the next caller asks Boomi again', async () => {
    const fake = fakeBoomi([[], [env('a')]]);
    const directory = createEnvironmentDirectory(fake.boomi, { now: () => 0 });
    await expect(directory.list(['a'])).rejects.toThrow('Boomi unavailable');
    expect((await directory.list(['a'])).map((e) => e.id)).toEqual(['a']);
  });
});
