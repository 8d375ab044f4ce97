/**
 * Seed steps 4–6: the publisher Integration Pack (a new one or the admin's existing one) and
 * adding the component to it. A pack this run creates is recorded in the run's context at once,
 * so a resumed run finds it there (or by name) and never creates a second one.
 */
import { isNotFound } from '../../boomi/index.ts';
import type { PublisherIntegrationPack } from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import { workflowDeps } from '../context.ts';
import { failingWith } from '../failures.ts';

export interface PackRef {
  integrationPackId: string;
  integrationPackName: string;
  /** True when this run created the pack. */
  created: boolean;
}

const CREATED_PACK = 'createdIntegrationPackId';

function refOf(pack: PublisherIntegrationPack, fallbackName: string, created: boolean): PackRef {
  return { integrationPackId: pack.id, integrationPackName: pack.name ?? fallbackName, created };
}

/** 5: create the pack — unless this run already did, or a pack of that name exists. */
export function createPack(runId: string, name: string, description: string | null): Promise<PackRef> {
  const { boomi, repos } = workflowDeps();
  return failingWith('PROMOTION_FAILED', `Integration Pack '${name}'`, async () => {
    const run = await repos.deploymentRuns.get(runId);
    const recorded = run?.context[CREATED_PACK];
    if (typeof recorded === 'string') {
      return refOf(await boomi.publisherIntegrationPacks.get(recorded), name, true);
    }
    const [sameName] = await boomi.publisherIntegrationPacks.findByName(name);
    if (sameName) return refOf(sameName, name, false);
    const pack = await boomi.publisherIntegrationPacks.create({
      name,
      description: description ?? '',
      installationType: 'MULTI',
    });
    await repos.deploymentRuns.mergeContext(runId, { [CREATED_PACK]: pack.id });
    return refOf(pack, name, true);
  });
}

/** 6: the existing pack named by the request (its existence was checked before any write). */
export function useExistingPack(integrationPackId: string): Promise<PackRef> {
  const { boomi } = workflowDeps();
  return failingWith('PROMOTION_FAILED', `Integration Pack ${integrationPackId}`, async () => {
    try {
      return refOf(await boomi.publisherIntegrationPacks.get(integrationPackId), integrationPackId, false);
    } catch (error) {
      if (isNotFound(error)) {
        throw new PromoError('PROMOTION_FAILED', `Integration Pack ${integrationPackId} no longer exists`);
      }
      throw error;
    }
  });
}

/** 5/6: add the component to the pack, unless the pack already holds it. */
export function addToPack(pack: PackRef, componentId: string): Promise<{ added: boolean }> {
  const { boomi } = workflowDeps();
  const what = `Adding component ${componentId} to Integration Pack ${pack.integrationPackId}`;
  return failingWith('PROMOTION_FAILED', what, async () => {
    const current = await boomi.publisherIntegrationPacks.get(pack.integrationPackId);
    const holds = current.PublisherPackagedComponents.PublisherPackagedComponent.some(
      (component) => component.componentId === componentId && component.deleted !== true,
    );
    if (holds) return { added: false };
    await boomi.publisherIntegrationPacks.addComponents(pack.integrationPackId, [componentId]);
    return { added: true };
  });
}
