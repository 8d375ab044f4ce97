/**
 * Seed step 7: release the pack IMMEDIATELY with this package version and poll the release
 * until it settles; then share the pack with the account group (once).
 *
 * A release has no query in Boomi, so "does it exist already" is answered two ways: the pack's
 * current version (a finished release), and the run's context, where the step notes when it is
 * about to release and then the release's requestId. A step re-run that finds the note but no
 * requestId (the crash, 502 or timeout fell around Boomi's answer) looks for the version until the
 * write's settle deadline — a few looks, not a poll until the release timeout — and then releases.
 */
import { DEFAULT_POLL_POLICIES, pollPolicy, type BoomiClient, type PollPolicy } from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { learnedPollPolicies, type LearnedPollPolicy } from '../stage-poll.ts';
import { writeOnce } from './write-once.ts';

export interface ReleaseInput {
  runId: string;
  integrationPackId: string;
  componentId: string;
  packageVersion: string;
  /**
   * The component's released version in the pack as this run read it in step 5/6 (null: none);
   * undefined when the run has no such read, and the pack is read here.
   */
  releasedVersionBefore?: string | null;
}

export interface ReleaseRef {
  releaseVersion: string;
  /** Null when the pack already carried this version (nothing was released by this step). */
  requestId: string | null;
}

const RELEASE_INTENT = 'releaseIntent';
const RELEASE_REQUEST = 'releaseRequestId';

type ReleaseDeps = Pick<StepDeps, 'boomi' | 'repos' | 'settings'> & {
  policy: PollPolicy;
  learned: LearnedPollPolicy;
};

export function releaseSteps(deps: Pick<StepDeps, 'boomi' | 'repos' | 'settings' | 'log'>) {
  const { boomi, repos, settings } = deps;
  const policy = pollPolicy(DEFAULT_POLL_POLICIES.release, {
    ...settings.poll?.release,
    timeoutMs: settings.releaseTimeoutMs,
  });
  const learned = learnedPollPolicies(deps);
  return {
    releasePack: (input: ReleaseInput) => releasePack({ boomi, repos, settings, policy, learned }, input),
    shareWithAccountGroup: (integrationPackId: string, accountGroupId: string) =>
      shareWithAccountGroup(boomi, integrationPackId, accountGroupId),
  };
}

async function currentVersionOf(
  boomi: BoomiClient,
  integrationPackId: string,
  componentId: string,
): Promise<string | undefined> {
  const pack = await boomi.publisherIntegrationPacks.get(integrationPackId);
  return pack.PublisherPackagedComponents.PublisherPackagedComponent.find(
    (component) => component.componentId === componentId && component.deleted !== true,
  )?.currentVersion;
}

interface StartedRelease {
  /** Null when the pack already shows the version (released earlier, or by an unanswered request). */
  requestId: string | null;
  /** True when this call sent the release, so the wait began with it (its duration is learned). */
  sentNow: boolean;
}

/**
 * The release's requestId: the one this run already sent; none when the pack already shows the
 * version; else a new release, noted before (when) and after (its requestId).
 */
async function startRelease(deps: ReleaseDeps, input: ReleaseInput, what: string): Promise<StartedRelease> {
  const { boomi, repos } = deps;
  const { integrationPackId, componentId, packageVersion, runId } = input;
  const noted = (await repos.deploymentRuns.get(runId))?.context[RELEASE_REQUEST];
  if (typeof noted === 'string') return { requestId: noted, sentNow: false };
  const already: StartedRelease = { requestId: null, sentNow: false };
  const before = input.releasedVersionBefore;
  return writeOnce<StartedRelease>(deps, {
    runId,
    note: RELEASE_INTENT,
    ...(before === undefined ? {} : { known: { found: before === packageVersion ? already : undefined } }),
    find: async () =>
      (await currentVersionOf(boomi, integrationPackId, componentId)) === packageVersion
        ? already
        : undefined,
    write: async () => {
      const release = await boomi.releases.create({
        integrationPackId,
        releaseSchedule: 'IMMEDIATELY',
        components: [{ componentId, version: packageVersion }],
      });
      if (!release.requestId)
        throw new PromoError('PROMOTION_FAILED', `${what}: Boomi answered no requestId`);
      await repos.deploymentRuns.mergeContext(runId, { [RELEASE_REQUEST]: release.requestId });
      return { requestId: release.requestId, sentNow: true };
    },
  });
}

function releasePack(deps: ReleaseDeps, input: ReleaseInput): Promise<ReleaseRef> {
  const { boomi, policy, learned } = deps;
  const { integrationPackId, componentId, packageVersion } = input;
  const what = `Release of Integration Pack ${integrationPackId} with version ${packageVersion}`;
  return failingWith('PROMOTION_FAILED', what, async () => {
    const { requestId, sentNow } = await startRelease(deps, input, what);
    if (requestId === null) return { releaseVersion: packageVersion, requestId: null };
    const releasing = await learned('release', policy, { record: sentNow });
    const status = await boomi.releases.waitForRelease(requestId, releasing);
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
function shareWithAccountGroup(
  boomi: BoomiClient,
  integrationPackId: string,
  accountGroupId: string,
): Promise<{ shared: boolean }> {
  const what = `Sharing Integration Pack ${integrationPackId} with account group ${accountGroupId}`;
  return failingWith('PROMOTION_FAILED', what, async () => {
    const shared = await boomi.accountGroupIntegrationPacks.findByAccountGroup(accountGroupId);
    if (shared.some((entry) => entry.integrationPackId === integrationPackId)) return { shared: false };
    await boomi.accountGroupIntegrationPacks.create({ accountGroupId, integrationPackId });
    return { shared: true };
  });
}
