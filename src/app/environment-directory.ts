/**
 * The Boomi account's environments (id, name, classification) for pickers and target checks,
 * read from Boomi each time (spec §7); the classification filter is Boomi's own query.
 */
import type { Environment } from '../boomi/index.ts';
import { fromBoomi } from './boomi-unavailable.ts';

export type EnvironmentClassification = 'TEST' | 'PROD';

export interface EnvironmentSource {
  environments: { list(filter?: { classification?: EnvironmentClassification }): Promise<Environment[]> };
}

export interface EnvironmentView {
  id: string;
  name: string | null;
  classification: EnvironmentClassification | null;
}

/** Every environment, or those of one classification, by name. */
export async function listEnvironments(
  boomi: EnvironmentSource,
  filter: { classification?: EnvironmentClassification } = {},
): Promise<EnvironmentView[]> {
  const environments = await fromBoomi(() => boomi.environments.list(filter));
  return environments
    .map((e) => ({ id: e.id, name: e.name ?? null, classification: e.classification ?? null }))
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}
