// ReleaseIntegrationPack and ReleaseIntegrationPackStatus (reference §7.3, §7.4): a release is
// asynchronous; its status answers 202 IN_PROGRESS (or SCHEDULED) until it ends, then 200 SUCCESS or
// ERROR. On success the released versions become the pack's current versions.
import { isStepDone, notePoll, startStep } from '../clock/async-stages.ts';
import { BoomiError, check, messages } from '../errors.ts';
import { child, list, optionalString, requiredEnum, requiredString } from '../fields.ts';
import type { PublisherPackRecord, ReleaseRecord } from '../model.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { latestShareablePackage } from './packaged-component.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

const SCHEDULES = ['IMMEDIATELY', 'RELEASE_ON_SPECIFIED_DATE'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function releasedComponents(r: ReleaseRecord): Json {
  return {
    '@type': 'ReleasePackagedComponents',
    ReleasePackagedComponent: r.components.map((c) => ({
      '@type': 'ReleasePackagedComponent',
      componentId: c.componentId,
      version: c.version,
      releasedVersion: c.version,
    })),
  };
}

function packFields(r: ReleaseRecord, account: AccountState): Json {
  const pack = account.publisherPacks.get(r.packId);
  const out: Json = { name: pack?.name ?? '', installationType: pack?.installationType ?? 'SINGLE' };
  out.releaseSchedule = r.releaseSchedule;
  if (r.releaseOnDate) out.releaseOnDate = r.releaseOnDate;
  return out;
}

function renderRelease(r: ReleaseRecord, ctx: RequestContext): Json {
  return {
    '@type': 'ReleaseIntegrationPack',
    id: r.packId,
    ...packFields(r, ctx.account),
    requestId: r.requestId,
    releaseStatusUrl: `${ctx.apiBase}/ReleaseIntegrationPackStatus/${r.requestId}`,
    ReleasePackagedComponents: releasedComponents(r),
  };
}

function httpStatus(r: ReleaseRecord): number {
  return r.status === 'IN_PROGRESS' || r.status === 'SCHEDULED' ? 202 : 200;
}

function renderStatus(r: ReleaseRecord, account: AccountState): Json {
  return {
    '@type': 'ReleaseIntegrationPackStatus',
    requestId: r.requestId,
    integrationPackId: r.packId,
    ...packFields(r, account),
    releaseStatus: r.status,
    responseStatusCode: r.status === 'ERROR' ? 500 : httpStatus(r),
    ReleasePackagedComponents: releasedComponents(r),
  };
}

export const releaseStatuses: Queryable<ReleaseRecord> = {
  object: 'ReleaseIntegrationPackStatus',
  properties: [],
  list: (ctx) => [...ctx.account.releases.values()],
  find: (ctx, id) => ctx.account.releases.get(id),
  idOf: (r) => r.requestId,
  property: () => undefined,
  render: (r, ctx) => renderStatus(r, ctx.account),
};

/** Ends releases whose time has come: SUCCESS copies released versions to current, or ERROR. */
export function advanceReleases(account: AccountState, nowMs: number): void {
  for (const r of account.releases.values()) {
    if ((r.status !== 'IN_PROGRESS' && r.status !== 'SCHEDULED') || !isStepDone(r.pending, nowMs)) continue;
    if (r.failWith) {
      r.status = 'ERROR';
      continue;
    }
    r.status = 'SUCCESS';
    const pack = account.publisherPacks.get(r.packId);
    if (!pack) continue;
    for (const { componentId, version } of r.components) {
      const c = pack.components.get(componentId);
      if (!c) continue;
      c.currentVersion = version;
      if (c.pendingVersion === version) c.pendingVersion = undefined;
    }
    for (const c of [...pack.components.values()]) if (c.deleted) pack.components.delete(c.componentId);
  }
}

/** The components a release ships: those named in the body (checked), else the pack's pending ones. */
function componentsToRelease(ctx: RequestContext, pack: PublisherPackRecord): ReleaseRecord['components'] {
  const requested = list(child(bodyObject(ctx), 'ReleasePackagedComponents').ReleasePackagedComponent);
  if (requested.length === 0) {
    const pending = [...pack.components.values()].filter((c) => !c.deleted && c.pendingVersion);
    const removals = [...pack.components.values()].some((c) => c.deleted);
    check(pending.length > 0 || removals, messages.nothingToRelease(pack.id));
    return pending.map((c) => ({ componentId: c.componentId, version: c.pendingVersion ?? '' }));
  }
  return requested.map((item) => {
    const componentId = requiredString(item, 'componentId', 'ReleasePackagedComponent');
    const state = pack.components.get(componentId);
    check(state && !state.deleted, messages.componentNotInPack(componentId));
    const version =
      optionalString(item, 'version', 'ReleasePackagedComponent') ??
      state.pendingVersion ??
      latestShareablePackage(ctx.account, componentId)?.packageVersion ??
      '';
    const exists = [...ctx.account.packages.values()].some(
      (p) => p.componentId === componentId && p.packageVersion === version && p.shareable && !p.deleted,
    );
    check(exists, messages.releaseVersionUnknown(componentId, version));
    return { componentId, version };
  });
}

function scheduleFields(
  ctx: RequestContext,
  packId: string,
): Pick<ReleaseRecord, 'releaseSchedule' | 'releaseOnDate'> {
  const body = bodyObject(ctx);
  const releaseSchedule = requiredEnum(body, 'releaseSchedule', 'ReleaseIntegrationPack', SCHEDULES);
  if (releaseSchedule === 'IMMEDIATELY') return { releaseSchedule };
  const date = optionalString(body, 'releaseOnDate', 'ReleaseIntegrationPack') ?? '';
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  check(DATE.test(date) && dayStart > ctx.nowMs, messages.releaseDateInvalid(date));
  const scheduled = [...ctx.account.releases.values()].some(
    (r) => r.packId === packId && r.status === 'SCHEDULED',
  );
  check(!scheduled, messages.scheduledReleaseExists(packId));
  return { releaseSchedule, releaseOnDate: date };
}

function release(ctx: RequestContext): ReleaseRecord {
  const { account, state, nowMs } = ctx;
  check(
    account.features.publisherIntegrationPack,
    messages.featureDisabled('Publisher Integration Pack'),
    403,
  );
  const packId = requiredString(bodyObject(ctx), 'id', 'ReleaseIntegrationPack');
  const pack = account.publisherPacks.get(packId);
  if (!pack) throw new BoomiError(400, messages.invalidIntegrationPack(packId));
  const schedule = scheduleFields(ctx, packId);
  const components = componentsToRelease(ctx, pack);
  const immediate = schedule.releaseSchedule === 'IMMEDIATELY';
  const record: ReleaseRecord = {
    requestId: `release-${state.ids.guid(`release/${packId}/${account.releases.size}`)}`,
    packId,
    ...schedule,
    components,
    status: immediate ? 'IN_PROGRESS' : 'SCHEDULED',
    pending: immediate
      ? startStep(nowMs, state.durations.releaseMs, state.durations.releasePolls)
      : { dueMs: Date.parse(`${schedule.releaseOnDate}T00:00:00Z`), readsLeft: 0 },
    createdMs: nowMs,
  };
  if (ctx.faults.takeScenario('releaseError', [packId, record.requestId])) record.failWith = 'ERROR';
  // What is being released is what the pack will ship next.
  for (const c of components) {
    const packed = pack.components.get(c.componentId);
    if (packed && packed.currentVersion !== c.version) packed.pendingVersion = c.version;
  }
  account.releases.set(record.requestId, record);
  return record;
}

function modifyScheduled(ctx: RequestContext): ReleaseRecord {
  const packId = param(ctx, 'id');
  const pack = ctx.account.publisherPacks.get(packId);
  if (!pack) throw new BoomiError(400, messages.invalidIntegrationPack(packId));
  const scheduled = [...ctx.account.releases.values()].find(
    (r) => r.packId === packId && r.status === 'SCHEDULED',
  );
  check(scheduled, messages.noScheduledRelease(packId));
  // Let the new date through the one-scheduled-release rule by checking it against this release only.
  scheduled.status = 'IN_PROGRESS';
  try {
    const schedule = scheduleFields(ctx, packId);
    scheduled.components = componentsToRelease(ctx, pack);
    if (schedule.releaseSchedule === 'IMMEDIATELY') {
      scheduled.releaseSchedule = 'IMMEDIATELY';
      scheduled.releaseOnDate = undefined;
      scheduled.pending = startStep(
        ctx.nowMs,
        ctx.state.durations.releaseMs,
        ctx.state.durations.releasePolls,
      );
      return scheduled;
    }
    scheduled.releaseOnDate = schedule.releaseOnDate;
    scheduled.pending = { dueMs: Date.parse(`${schedule.releaseOnDate}T00:00:00Z`), readsLeft: 0 };
    scheduled.status = 'SCHEDULED';
    return scheduled;
  } catch (error) {
    scheduled.status = 'SCHEDULED';
    throw error;
  }
}

export const releaseRoutes: BoomiRoute[] = [
  {
    method: 'POST',
    path: '/ReleaseIntegrationPack',
    handler: (ctx) => ({ body: renderRelease(release(ctx), ctx) }),
  },
  {
    method: 'POST',
    path: '/ReleaseIntegrationPack/{id}',
    handler: (ctx) => ({ body: renderRelease(modifyScheduled(ctx), ctx) }),
  },
  {
    method: 'GET',
    path: '/ReleaseIntegrationPackStatus/{id}',
    read: true,
    handler: (ctx) => {
      const r = findOr400(releaseStatuses, ctx, param(ctx, 'id'));
      const reply = { status: httpStatus(r), body: renderStatus(r, ctx.account) };
      notePoll(r.pending);
      return reply;
    },
  },
  ...queryRoutes(releaseStatuses, { query: false }),
];
