/**
 * Seed step 7: release the pack IMMEDIATELY with this package version and poll the release
 * until it settles; then share the pack with the account group (once).
 *
 * A release has no query in Boomi, so "does it exist already" is answered two ways: the pack's
 * current version (a finished release), and the run's context, where the step notes that it is
 * about to release and then the release's requestId. A step re-run that finds the note but no
 * requestId (the crash fell between Boomi's answer and the note) waits for the pack to show the
 * version before it would ever release again.
 */
import { PromoError } from '../../domain/errors.ts';
import { workflowDeps } from '../context.ts';
import { failingWith } from '../failures.ts';
import { learnedPollPolicy } from '../stage-poll.ts';

export interface ReleaseInput {
  runId: string;
  integrationPackId: string;
  componentId: string;
  packageVersion: string;
}

export interface ReleaseRef {
  releaseVersion: string;
  /** Null when the pack already carried this version (nothing was released by this step). */
  requestId: string | null;
}

const RELEASE_INTENT = 'releaseIntent';
const RELEASE_REQUEST = 'releaseRequestId';

function releasePolicy() {
  const { settings } = workflowDeps();
  return { ...settings.poll?.release, timeoutMs: settings.releaseTimeoutMs };
}

async function currentVersionOf(integrationPackId: string, componentId: string): Promise<string | undefined> {
  const pack = await workflowDeps().boomi.publisherIntegrationPacks.get(integrationPackId);
  return pack.PublisherPackagedComponents.PublisherPackagedComponent.find(
    (component) => component.componentId === componentId && component.deleted !== true,
  )?.currentVersion;
}

/** After an interrupted release: true once the pack shows the version, false at the deadline. */
async function waitForPackVersion(input: ReleaseInput): Promise<boolean> {
  const { settings } = workflowDeps();
  const policy = releasePolicy();
  const deadline = Date.now() + settings.releaseTimeoutMs;
  let interval = policy.intervalMs ?? 2_000;
  for (;;) {
    if ((await currentVersionOf(input.integrationPackId, input.componentId)) === input.packageVersion)
      return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(policy.maxIntervalMs ?? 30_000, interval * (policy.backoffFactor ?? 2));
  }
}

export function releasePack(input: ReleaseInput): Promise<ReleaseRef> {
  const { boomi, repos } = workflowDeps();
  const { integrationPackId, componentId, packageVersion, runId } = input;
  const what = `Release of Integration Pack ${integrationPackId} with version ${packageVersion}`;
  return failingWith('PROMOTION_FAILED', what, async () => {
    if ((await currentVersionOf(integrationPackId, componentId)) === packageVersion) {
      return { releaseVersion: packageVersion, requestId: null };
    }
    const context = (await repos.deploymentRuns.get(runId))?.context ?? {};
    let requestId = typeof context[RELEASE_REQUEST] === 'string' ? context[RELEASE_REQUEST] : undefined;
    if (
      requestId === undefined &&
      context[RELEASE_INTENT] !== undefined &&
      (await waitForPackVersion(input))
    ) {
      return { releaseVersion: packageVersion, requestId: null };
    }
    const releasing = requestId === undefined;
    if (requestId === undefined) {
      await repos.deploymentRuns.mergeContext(runId, { [RELEASE_INTENT]: new Date().toISOString() });
      const release = await boomi.releases.create({
        integrationPackId,
        releaseSchedule: 'IMMEDIATELY',
        components: [{ componentId, version: packageVersion }],
      });
      if (!release.requestId)
        throw new PromoError('PROMOTION_FAILED', `${what}: Boomi answered no requestId`);
      requestId = release.requestId;
      await repos.deploymentRuns.mergeContext(runId, { [RELEASE_REQUEST]: requestId });
    }
    const policy = await learnedPollPolicy('release', releasePolicy(), { record: releasing });
    const status = await boomi.releases.waitForRelease(requestId, policy);
    if (status.state !== 'SUCCESS') {
      throw new PromoError('PROMOTION_FAILED', `${what} ended ${status.state} (release ${requestId})`);
    }
    const released = status.body.ReleasePackagedComponents.ReleasePackagedComponent.find(
      (component) => component.componentId === componentId,
    );
    return { releaseVersion: released?.releasedVersion ?? released?.version ?? packageVersion, requestId };
  });
}

/** 7 (sharing): make the pack a resource of the account group, once. */
export function shareWithAccountGroup(
  integrationPackId: string,
  accountGroupId: string,
): Promise<{ shared: boolean }> {
  const { boomi } = workflowDeps();
  const what = `Sharing Integration Pack ${integrationPackId} with account group ${accountGroupId}`;
  return failingWith('PROMOTION_FAILED', what, async () => {
    const shared = await boomi.accountGroupIntegrationPacks.findByAccountGroup(accountGroupId);
    if (shared.some((entry) => entry.integrationPackId === integrationPackId)) return { shared: false };
    await boomi.accountGroupIntegrationPacks.create({ accountGroupId, integrationPackId });
    return { shared: true };
  });
}
