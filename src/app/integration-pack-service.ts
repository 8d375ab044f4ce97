/**
 * Integration Pack discovery (spec §11, the seed's "Process J"): the account's publisher packs with
 * what each holds, the most recently released first, and the pack a process was last released in
 * marked as the suggestion.
 *
 * Boomi keeps no dates on a PublisherIntegrationPack and has no release history query (no GET or
 * QUERY of ReleaseIntegrationPack; ReleaseIntegrationPackStatus only by request id), so "newest"
 * and "last released" come from the PromotionLog; packs it never released into follow, by name.
 */
import type { PublisherIntegrationPack, PublisherPackagedComponent } from '../boomi/index.ts';
import { failingWith } from '../workflow/failures.ts';
import type {
  IntegrationPackQuery,
  IntegrationPackService,
  IntegrationPackView,
  PackComponentView,
} from './contract.ts';

export interface PackCatalogBoomi {
  publisherIntegrationPacks: { list(): Promise<PublisherIntegrationPack[]> };
}

export interface PackReleaseLog {
  /** One entry per pack this service released into, the most recent first. */
  latest(filter?: { prodComponentId?: string }): Promise<{ integrationPackId: string; releasedAt: string }[]>;
}

export interface IntegrationPackServiceDeps {
  boomi: PackCatalogBoomi;
  releases: PackReleaseLog;
}

const byVersion = new Intl.Collator('en', { numeric: true }).compare;

function componentView(c: PublisherPackagedComponent): PackComponentView | null {
  if (!c.componentId) return null;
  return {
    componentId: c.componentId,
    componentName: c.componentName ?? null,
    componentType: c.componentType ?? null,
    releasedVersion: c.currentVersion ?? null,
    pendingVersion: c.pendingVersion ?? null,
    latestVersion: c.latestVersion ?? null,
    removedAtNextRelease: c.deleted === true,
  };
}

function packView(pack: PublisherIntegrationPack, lastReleasedAt: string | null, suggested: boolean) {
  const components = pack.PublisherPackagedComponents.PublisherPackagedComponent.map(componentView).filter(
    (c): c is PackComponentView => c !== null,
  );
  const released = components.map((c) => c.releasedVersion).filter((v): v is string => v !== null);
  const view: IntegrationPackView = {
    id: pack.id,
    name: pack.name ?? null,
    description: pack.Description ?? '',
    installationType: pack.installationType ?? null,
    latestReleasedVersion: released.sort(byVersion).at(-1) ?? null,
    lastReleasedAt,
    components,
    suggested,
  };
  return view;
}

/** Most recently released first; packs never released here after them, by name. */
function newestFirst(a: IntegrationPackView, b: IntegrationPackView): number {
  if (a.lastReleasedAt !== b.lastReleasedAt) {
    if (a.lastReleasedAt === null) return 1;
    if (b.lastReleasedAt === null) return -1;
    return a.lastReleasedAt < b.lastReleasedAt ? 1 : -1;
  }
  return (a.name ?? a.id).localeCompare(b.name ?? b.id) || a.id.localeCompare(b.id);
}

async function listIntegrationPacks(
  deps: IntegrationPackServiceDeps,
  query: IntegrationPackQuery = {},
): Promise<IntegrationPackView[]> {
  const [packs, releases, releasesOfProcess] = await Promise.all([
    failingWith('SERVICE_UNAVAILABLE', 'Boomi could not answer', () =>
      deps.boomi.publisherIntegrationPacks.list(),
    ),
    deps.releases.latest(),
    query.prodComponentId ? deps.releases.latest({ prodComponentId: query.prodComponentId }) : [],
  ]);
  const releasedAt = new Map(releases.map((r) => [r.integrationPackId, r.releasedAt]));
  const existing = new Set(packs.map((p) => p.id));
  // A pack deleted in Boomi since cannot be suggested: the latest one that still exists is.
  const suggestedId = releasesOfProcess.find((r) => existing.has(r.integrationPackId))?.integrationPackId;
  return packs
    .map((pack) => packView(pack, releasedAt.get(pack.id) ?? null, pack.id === suggestedId))
    .sort(newestFirst);
}

export function createIntegrationPackService(deps: IntegrationPackServiceDeps): IntegrationPackService {
  return { list: (query) => listIntegrationPacks(deps, query) };
}
