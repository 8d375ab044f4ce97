/**
 * A pool that counts round trips (every `query`, also on clients it hands out) and can time
 * each query of one piece of work, labelled by its first SQL words: the profile of a refresh.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';

export interface CountingPool {
  pool: pg.Pool;
  count(): number;
  reset(): void;
  /** Runs `work`, returning the time of each query it made and the time between them. */
  profile(work: () => Promise<unknown>): Promise<{ what: string; ms: number }[]>;
}

function label(args: unknown[]): string {
  const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
  const words = sql.replace(/\s+/g, ' ').trim();
  const table = /\b(?:FROM|INTO|UPDATE)\s+(\w+)/i.exec(words)?.[1] ?? '';
  return `${words.split(' ')[0]} ${table}`.trim();
}

export function countingPool(pool: pg.Pool): CountingPool {
  let queries = 0;
  let recording: { what: string; ms: number }[] | null = null;
  const counted = <T>(args: unknown[], run: () => Promise<T>): Promise<T> => {
    queries += 1;
    if (!recording) return run();
    const sink = recording;
    const start = performance.now();
    return run().finally(() => sink.push({ what: `query ${label(args)}`, ms: performance.now() - start }));
  };
  const proxy = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (...args: unknown[]) =>
          counted(args, () => (target.query as (...a: unknown[]) => Promise<unknown>)(...args));
      }
      if (property === 'connect') {
        return async () => {
          const client = await target.connect();
          const original = client.query;
          const release = client.release;
          const query = original.bind(client) as (...a: unknown[]) => Promise<unknown>;
          client.query = ((...args: unknown[]) =>
            counted(args, () => query(...args))) as pg.PoolClient['query'];
          // Back to the pool as it came: another counting pool must not count through this one.
          client.release = (...args: Parameters<pg.PoolClient['release']>) => {
            client.query = original;
            client.release = release;
            return release.apply(client, args);
          };
          return client;
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return {
    pool: proxy,
    count: () => queries,
    reset: () => (queries = 0),
    async profile(work) {
      recording = [];
      const start = performance.now();
      await work();
      const total = performance.now() - start;
      const steps = recording;
      recording = null;
      const inQueries = steps.reduce((sum, s) => sum + s.ms, 0);
      return [
        ...steps,
        { what: 'outside queries (parse, build rows, serialise)', ms: total - inQueries },
      ].map((s) => ({ what: s.what, ms: Math.round(s.ms * 10) / 10 }));
    },
  };
}
