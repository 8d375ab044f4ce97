/**
 * The account's environments, as a run's checks resolve its targets against them: read from
 * Boomi at most once per `maxAgeMs` (concurrent readers share one query), and read again at once
 * when a wanted environment is not in the copy held — so a new environment is never refused as
 * unknown. What the copy may miss for up to `maxAgeMs`: an environment deleted or reclassified
 * in that time (its deploy then fails with Boomi's own error).
 */
import type { BoomiClient, Environment } from '../boomi/index.ts';

export const ENVIRONMENTS_MAX_AGE_MS = 30_000;

export interface EnvironmentDirectory {
  /** The account's environments, holding every id in `wantedIds` if Boomi has it. */
  list(wantedIds: readonly string[]): Promise<Environment[]>;
}

export function createEnvironmentDirectory(
  boomi: Pick<BoomiClient, 'environments'>,
  options: { maxAgeMs?: number; now?: () => number } = {},
): EnvironmentDirectory {
  const maxAgeMs = options.maxAgeMs ?? ENVIRONMENTS_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  let held: { environments: Environment[]; at: number } | undefined;
  let reading: Promise<Environment[]> | undefined;
  const read = () => {
    reading ??= boomi.environments
      .list()
      .then((environments) => {
        held = { environments, at: now() };
        return environments;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  return {
    async list(wantedIds) {
      if (held && now() - held.at < maxAgeMs) {
        const known = new Set(held.environments.map((environment) => environment.id));
        if (wantedIds.every((id) => known.has(id))) return held.environments;
      }
      return read();
    },
  };
}
