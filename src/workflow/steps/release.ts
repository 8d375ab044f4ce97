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
import {
  BoomiPollTimeoutError,
  DEFAULT_POLL_POLICIES,
  pollPolicy,
  pollUntil,
  realTime,
  type BoomiClient,
  type PollPolicy,
} from '../../boomi/index.ts';
import { PromoError } from '../../domain/errors.ts';
import type { StepDeps } from '../deps.ts';
import { failingWith } from '../failures.ts';
import { learnedPollPolicies, type LearnedPollPolicy } from '../stage-poll.ts';

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

type ReleaseDeps = Pick<StepDeps, 'boomi' | 'repos'> & { policy: PollPolicy; learned: LearnedPollPolicy };

export function releaseSteps(deps: Pick<StepDeps, 'boomi' | 'repos' | 'settings' | 'log'>) {
  const { boomi, repos, settings } = deps;
  const policy = pollPolicy(DEFAULT_POLL_POLICIES.release, {
    ...settings.poll?.release,
    timeoutMs: settings.releaseTimeoutMs,
  });
  const learned = learnedPollPolicies(deps);
  return {
    releasePack: (input: ReleaseInput) => releasePack({ boomi, repos, policy, learned }, input),
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

/** After an interrupted release: true once the pack shows the version, false at the deadline. */
async function waitForPackVersion({ boomi, policy }: ReleaseDeps, input: ReleaseInput): Promise<boolean> {
  try {
    return await pollUntil({
      what: 'Integration Pack version',
      id: input.integrationPackId,
      policy,
      time: realTime,
      check: async () => {
        const version = await currentVersionOf(boomi, input.integrationPackId, input.componentId);
        return version === input.packageVersion
          ? { done: true, value: true }
          : { done: false, state: version };
      },
    });
  } catch (error) {
    if (error instanceof BoomiPollTimeoutError) return false;
    throw error;
  }
}

interface StartedRelease {
  /** Null when an interrupted earlier attempt's release already shows on the pack. */
  requestId: string | null;
  /** True when this call sent the release, so the wait began with it (its duration is learned). */
  sentNow: boolean;
}

/** The release's requestId: the one this run already sent, or a new release (noted before and after). */
async function startRelease(deps: ReleaseDeps, input: ReleaseInput, what: string): Promise<StartedRelease> {
  const { boomi, repos } = deps;
  const { integrationPackId, componentId, packageVersion, runId } = input;
  const context = (await repos.deploymentRuns.get(runId))?.context ?? {};
  const noted = context[RELEASE_REQUEST];
  if (typeof noted === 'string') return { requestId: noted, sentNow: false };
  // The note says a release may have been sent: wait for the pack to show it before sending another.
  if (context[RELEASE_INTENT] !== undefined && (await waitForPackVersion(deps, input))) {
    return { requestId: null, sentNow: false };
  }
  await repos.deploymentRuns.mergeContext(runId, { [RELEASE_INTENT]: new Date().toISOString() });
  const release = await boomi.releases.create({
    integrationPackId,
    releaseSchedule: 'IMMEDIATELY',
    components: [{ componentId, version: packageVersion }],
  });
  if (!release.requestId) throw new PromoError('PROMOTION_FAILED', `${what}: Boomi answered no requestId`);
  await repos.deploymentRuns.mergeContext(runId, { [RELEASE_REQUEST]: release.requestId });
  return { requestId: release.requestId, sentNow: true };
}

function releasePack(deps: ReleaseDeps, input: ReleaseInput): Promise<ReleaseRef> {
  const { boomi, policy, learned } = deps;
  const { integrationPackId, componentId, packageVersion } = input;
  const what = `Release of Integration Pack ${integrationPackId} with version ${packageVersion}`;
  return failingWith('PROMOTION_FAILED', what, async () => {
    if ((await currentVersionOf(boomi, integrationPackId, componentId)) === packageVersion) {
      return { releaseVersion: packageVersion, requestId: null };
    }
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
