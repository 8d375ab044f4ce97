/**
 * Seed step 3: the shareable PackagedComponent of the root process. A package that already
 * exists for (component, version) is reused — in mode 2 that is the very artifact that was
 * tested, and after a crash it is the one this run created.
 */
import { PromoError } from '../../domain/errors.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { writeOnce, type WriteOnceDeps } from './write-once.ts';

export interface PackagedComponentInput {
  runId: string;
  prodComponentId: string;
  packageVersion: string;
  notes: string;
}

export interface PackagedComponentRef {
  packageId: string;
  packageVersion: string;
  componentId: string;
  /** False when this run created it. */
  reused: boolean;
}

type PackagedDeps = Pick<StepDeps, 'boomi'> & WriteOnceDeps;

export function packagedComponentSteps(deps: PackagedDeps) {
  return {
    reuseOrCreatePackagedComponent: (input: PackagedComponentInput) =>
      reuseOrCreatePackagedComponent(deps, input),
  };
}

/** The live package of (component, version), refused when it cannot go into a pack. */
async function existingPackage(
  boomi: BoomiClient,
  { prodComponentId: componentId, packageVersion }: PackagedComponentInput,
  what: string,
): Promise<PackagedComponentRef | undefined> {
  const existing = await boomi.packagedComponents.findByComponentAndVersion(componentId, packageVersion);
  if (!existing || existing.deleted === true) return undefined;
  if (existing.shareable === false) {
    throw new PromoError(
      'PROMOTION_FAILED',
      `${what} exists but is not shareable, so it cannot go into an Integration Pack; choose another packageVersion`,
    );
  }
  return { packageId: existing.packageId, packageVersion, componentId, reused: true };
}

function reuseOrCreatePackagedComponent(
  deps: PackagedDeps,
  input: PackagedComponentInput,
): Promise<PackagedComponentRef> {
  const { boomi } = deps;
  const { prodComponentId: componentId, packageVersion } = input;
  const what = `PackagedComponent of ${componentId} version ${packageVersion}`;
  return failingWith('PROMOTION_FAILED', what, () =>
    writeOnce(deps, {
      runId: input.runId,
      note: 'packagedComponentSentAt',
      find: () => existingPackage(boomi, input, what),
      write: async () => {
        const created = await boomi.packagedComponents.create({
          componentId,
          packageVersion,
          notes: input.notes,
          shareable: true,
        });
        return { packageId: created.packageId, packageVersion, componentId, reused: false };
      },
    }),
  );
}
