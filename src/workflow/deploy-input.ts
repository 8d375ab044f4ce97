/**
 * What a Package and Deploy run starts from: everything the checks before the first Boomi write
 * decided. It is the workflow's argument, stored by DBOS with the run, so it is plain data.
 */
import type { DeployPlan } from '../domain/modes.ts';
import type { TargetEnvironment } from '../domain/targets.ts';
import type { PackRef } from './steps/integration-pack.ts';

export interface DeployRunInput {
  /** Also the DBOS workflow id and the deployment_runs key. */
  runId: string;
  plan: DeployPlan;
  /** Resolved and checked (existence, classification), in deployment order. */
  environments: TargetEnvironment[];
  /** PackagedComponent notes (promotion metadata). */
  packageNotes: string;
  /** DeployedPackage notes. */
  deploymentNotes: string;
  /** The deployed root process, owner of the environment's extensions in the cache. */
  ownerProcess: { id: string; name: string };
  /**
   * The existing pack as the checks read it, and when: step 6 uses it instead of reading the
   * pack again if the run starts within moments of the checks (a queued run reads it anew).
   */
  existingPackRead?: { readAt: string; pack: PackRef };
}
