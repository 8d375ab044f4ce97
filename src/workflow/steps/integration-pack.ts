/**
 * Seed steps 4–6: the publisher Integration Pack (a new one or the admin's existing one) and
 * adding the component to it. A pack this run creates is recorded in the run's context at once,
 * so a resumed run finds it there (or by name) and never creates a second one.
 */
import type { BoomiClient, InstallationType, PublisherIntegrationPack } from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { writeOnce, type WriteOnceDeps } from './write-once.ts';

export interface PackRef {
  integrationPackId: string;
  integrationPackName: string;
  /** True when this run created the pack. */
  created: boolean;
  /**
   * The pack's live components as this run read it, each with its released version (null: added
   * but never released): steps 5/6-add and 7 decide from it instead of reading the pack again.
   * Absent in outputs checkpointed before it existed; those steps then read the pack.
   */
  componentVersions?: Record<string, string | null>;
  /** The rest of that read that an update of the pack sends back (Boomi wants the whole pack). */
  description?: string;
  installationType?: InstallationType;
}

const CREATED_PACK = 'createdIntegrationPackId';

/** How old the checks' read of an existing pack may be for step 6 to use it (no read of its own). */
export const PACK_READ_FRESH_MS = 5_000;

export function refOf(pack: PublisherIntegrationPack, fallbackName: string, created: boolean): PackRef {
  const componentVersions: Record<string, string | null> = {};
  for (const component of pack.PublisherPackagedComponents.PublisherPackagedComponent) {
    if (component.componentId && component.deleted !== true) {
      componentVersions[component.componentId] = component.currentVersion ?? null;
    }
  }
  return {
    integrationPackId: pack.id,
    integrationPackName: pack.name ?? fallbackName,
    created,
    componentVersions,
    description: pack.Description ?? '',
    ...(pack.installationType ? { installationType: pack.installationType } : {}),
  };
}

/** The pack as this run read it, in the shape an update sends back; undefined when unread. */
function packAsRead(pack: PackRef): PublisherIntegrationPack | undefined {
  if (!pack.componentVersions) return undefined;
  return {
    id: pack.integrationPackId,
    name: pack.integrationPackName,
    Description: pack.description ?? '',
    ...(pack.installationType ? { installationType: pack.installationType } : {}),
    PublisherPackagedComponents: {
      PublisherPackagedComponent: Object.keys(pack.componentVersions).map((componentId) => ({ componentId })),
    },
  };
}

/** Whether the pack held the component when this run read it; undefined when it has no such read. */
export function packHeld(pack: PackRef, componentId: string): boolean | undefined {
  return pack.componentVersions ? Object.hasOwn(pack.componentVersions, componentId) : undefined;
}

/** The component's released version in the pack as this run read it (null: none); undefined when unread. */
export function packReleasedVersion(pack: PackRef, componentId: string): string | null | undefined {
  if (!pack.componentVersions) return undefined;
  return Object.hasOwn(pack.componentVersions, componentId) ? pack.componentVersions[componentId]! : null;
}

type PackDeps = Pick<StepDeps, 'boomi'> & WriteOnceDeps;

export function integrationPackSteps(deps: PackDeps) {
  return {
    createPack: (runId: string, name: string, description: string | null) =>
      createPack(deps, runId, name, description),
    useExistingPack: (integrationPackId: string, read?: { readAt: string; pack: PackRef }) =>
      useExistingPack(deps.boomi, integrationPackId, read),
    addToPack: (runId: string, pack: PackRef, componentId: string) =>
      addToPack(deps, runId, pack, componentId),
  };
}

/** 5: create the pack — unless this run already did, or a pack of that name exists (also late). */
function createPack(
  deps: PackDeps,
  runId: string,
  name: string,
  description: string | null,
): Promise<PackRef> {
  const { boomi, repos } = deps;
  return failingWith('PROMOTION_FAILED', `Integration Pack '${name}'`, async () => {
    const run = await repos.deploymentRuns.get(runId);
    const recorded = run?.context[CREATED_PACK];
    if (typeof recorded === 'string') {
      return refOf(await boomi.publisherIntegrationPacks.get(recorded), name, true);
    }
    return writeOnce(deps, {
      runId,
      note: 'integrationPackSentAt',
      find: async () => {
        const [sameName] = await boomi.publisherIntegrationPacks.findByName(name);
        return sameName ? refOf(sameName, name, false) : undefined;
      },
      write: async () => {
        const pack = await boomi.publisherIntegrationPacks.create({
          name,
          description: description ?? '',
          installationType: 'MULTI',
        });
        await repos.deploymentRuns.mergeContext(runId, { [CREATED_PACK]: pack.id });
        return refOf(pack, name, true);
      },
    });
  });
}

/**
 * 6: the existing pack named by the request (its existence was checked before any write). The
 * checks' read of it stands in for a new one while it is moments old.
 */
function useExistingPack(
  boomi: BoomiClient,
  integrationPackId: string,
  read?: { readAt: string; pack: PackRef },
): Promise<PackRef> {
  const age = read ? Date.now() - Date.parse(read.readAt) : Infinity;
  if (read && read.pack.integrationPackId === integrationPackId && age >= 0 && age <= PACK_READ_FRESH_MS) {
    return Promise.resolve(read.pack);
  }
  return failingWith(
    'PROMOTION_FAILED',
    `Integration Pack ${integrationPackId}`,
    async () => refOf(await boomi.publisherIntegrationPacks.get(integrationPackId), integrationPackId, false),
    {
      notFound: () =>
        new PromoError('PROMOTION_FAILED', `Integration Pack ${integrationPackId} no longer exists`),
    },
  );
}

/** 5/6: add the component to the pack, unless the pack already holds it. */
function addToPack(
  deps: PackDeps,
  runId: string,
  pack: PackRef,
  componentId: string,
): Promise<{ added: boolean }> {
  const { boomi } = deps;
  const what = `Adding component ${componentId} to Integration Pack ${pack.integrationPackId}`;
  const held = packHeld(pack, componentId);
  return failingWith('PROMOTION_FAILED', what, () =>
    writeOnce<{ added: boolean }>(deps, {
      runId,
      note: 'addToPackSentAt',
      ...(held === undefined ? {} : { known: { found: held ? { added: false } : undefined } }),
      find: async () => {
        const current = await boomi.publisherIntegrationPacks.get(pack.integrationPackId);
        const holds = current.PublisherPackagedComponents.PublisherPackagedComponent.some(
          (component) => component.componentId === componentId && component.deleted !== true,
        );
        return holds ? { added: false } : undefined;
      },
      write: async ({ firstSend }) => {
        // The pack read by step 5/6 moments ago saves a read — not after a send of unknown outcome.
        const read = firstSend ? packAsRead(pack) : undefined;
        await boomi.publisherIntegrationPacks.addComponents(pack.integrationPackId, [componentId], read);
        return { added: true };
      },
    }),
  );
}
