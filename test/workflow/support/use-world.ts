// One product world per workflow test file, started before its tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import { startWorld, type World, type WorldOptions } from '../../helpers/world.ts';

/**
 * Starts a world (startWorld) in the calling file's beforeAll and closes it in its afterAll. The
 * returned World reads the started one, so tests use it as they would the result of startWorld.
 */
export function useWorld(options: WorldOptions = {}): World {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld(options);
  });
  afterAll(async () => {
    await world?.close();
  });
  const started = (): World => {
    if (!world) throw new Error('the world is not started yet (used outside a test?)');
    return world;
  };
  return {
    get sandbox() {
      return started().sandbox;
    },
    get demo() {
      return started().demo;
    },
    get control() {
      return started().control;
    },
    get db() {
      return started().db;
    },
    get repos() {
      return started().repos;
    },
    get boomi() {
      return started().boomi;
    },
    get engine() {
      return started().engine;
    },
    get services() {
      return started().services;
    },
    close: () => started().close(),
  };
}
