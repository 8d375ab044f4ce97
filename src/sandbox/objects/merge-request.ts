// MergeRequest (reference §11): DRAFTING → REVIEWING after a while, update resolutions/exclusions,
// execute MERGE (only from REVIEWING or FAILED_TO_MERGE) → MERGING → MERGED | FAILED_TO_MERGE,
// REVERT and RETRY_DRAFTING with their preconditions, permanent DELETE, branch-scoped queries.
import { boomiTime } from '../clock/clock.ts';
import { notePoll, startStep } from '../clock/async-stages.ts';
import { BoomiError, check, messages } from '../errors.ts';
import {
  child,
  list,
  optionalBoolean,
  optionalEnum,
  optionalString,
  requiredEnum,
  requiredString,
} from '../fields.ts';
import type { MergeDetailRecord, MergeRequestRecord, MergeStage } from '../model.ts';
import { simpleExpressions } from '../query-filter.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { readyBranch } from './branch.ts';
import { defaultResolution, revertMerge } from './merge-engine.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

const STRATEGIES = ['OVERRIDE', 'CONFLICT_RESOLVE', 'SUBSET'] as const;
const PRIORITIES = ['SOURCE', 'DESTINATION'] as const;
const ACTIONS = ['UPDATE', 'MERGE', 'RETRY_DRAFTING', 'REVERT'] as const;
const RESOLUTIONS = ['OVERRIDE', 'KEEP_DESTINATION'] as const;

function renderDetail(d: MergeDetailRecord, mr: MergeRequestRecord): Json {
  const out: Json = {
    '@type': 'MergeRequestDetail',
    componentGuid: d.componentGuid,
    sourceRevision: d.sourceRevision,
  };
  if (d.destinationRevision !== undefined) out.destinationRevision = d.destinationRevision;
  if (d.mergeRevision !== undefined) out.mergeRevision = d.mergeRevision;
  Object.assign(out, {
    changeType: d.changeType,
    conflict: d.conflict,
    ...(d.resolution ? { resolution: d.resolution } : {}),
    excluded: d.excluded,
    lockedOnDestinationBranch: d.lockedOnDestinationBranch,
    stage: d.stage,
    createdBy: mr.createdBy,
    createdDate: boomiTime(mr.createdMs),
    modifiedBy: mr.modifiedBy,
    modifiedDate: boomiTime(mr.modifiedMs),
  });
  return out;
}

function render(mr: MergeRequestRecord, account: AccountState): Json {
  const out: Json = {
    '@type': 'MergeRequest',
    id: mr.id,
    sourceBranchId: mr.sourceBranchId,
    sourceBranchName: account.branches.get(mr.sourceBranchId)?.name ?? '',
    destinationBranchId: mr.destinationBranchId,
    destinationBranchName: account.branches.get(mr.destinationBranchId)?.name ?? '',
    strategy: mr.strategy,
  };
  if (mr.priorityBranch) out.priorityBranch = mr.priorityBranch;
  if (mr.note !== undefined) out.note = mr.note;
  out.stage = mr.stage;
  out.previousStage = mr.previousStage;
  if (mr.mergeRequestAction) out.mergeRequestAction = mr.mergeRequestAction;
  Object.assign(out, {
    createdBy: mr.createdBy,
    createdDate: boomiTime(mr.createdMs),
    modifiedBy: mr.modifiedBy,
    modifiedDate: boomiTime(mr.modifiedMs),
  });
  const details = mr.details.map((d) => renderDetail(d, mr));
  out.MergeRequestDetails =
    details.length > 0
      ? { '@type': 'MergeRequestDetails', MergeRequestDetail: details }
      : { '@type': 'MergeRequestDetails' };
  return out;
}

const BRANCH_KEYS = ['sourceBranchId', 'destinationBranchId'];

export const mergeRequests: Queryable<MergeRequestRecord> = {
  object: 'MergeRequest',
  properties: [
    'sourceBranchId',
    'destinationBranchId',
    'createdDate',
    'createdBy',
    'stage',
    'modifiedDate',
    'modifiedBy',
  ],
  list: (ctx) => [...ctx.account.mergeRequests.values()],
  find: (ctx, id) => ctx.account.mergeRequests.get(id),
  idOf: (mr) => mr.id,
  property: (mr, name, ctx) => render(mr, ctx.account)[name] as string | undefined,
  render: (mr, ctx) => render(mr, ctx.account),
  checkQuery: (expression) => {
    // Boomi requires a branch id, and only EQUALS on branch ids (reference §11).
    const simple = simpleExpressions(expression);
    const onBranch = simple.filter((e) => BRANCH_KEYS.includes(e.property));
    check(
      onBranch.length > 0 && onBranch.every((e) => e.operator === 'EQUALS'),
      messages.mergeQueryNeedsBranch(),
    );
  },
};

function create(ctx: RequestContext): MergeRequestRecord {
  const { account, user, nowMs, state, faults } = ctx;
  check(account.features.branchAndMerge, messages.featureDisabled('Branch & Merge'), 403);
  const body = bodyObject(ctx);
  const sourceBranchId = requiredString(body, 'sourceBranchId', 'MergeRequest');
  const destinationBranchId = requiredString(body, 'destinationBranchId', 'MergeRequest');
  readyBranch(account, sourceBranchId);
  readyBranch(account, destinationBranchId);
  check(sourceBranchId !== destinationBranchId, messages.sameBranch());
  const strategy = requiredEnum(body, 'strategy', 'MergeRequest', STRATEGIES);
  const priorityBranch = optionalEnum(body, 'priorityBranch', 'MergeRequest', PRIORITIES);
  if (strategy === 'OVERRIDE' && !priorityBranch)
    throw new BoomiError(400, messages.missingField('MergeRequest', 'priorityBranch'));
  const mr: MergeRequestRecord = {
    id: account.nextMergeRequestId(),
    sourceBranchId,
    destinationBranchId,
    strategy,
    stage: 'DRAFTING',
    previousStage: 'NOT_EXIST',
    details: [],
    createdBy: user.email,
    createdMs: nowMs,
    modifiedBy: user.email,
    modifiedMs: nowMs,
    pending: startStep(nowMs, state.durations.mergeDraftingMs, state.durations.mergeDraftingPolls),
  };
  if (priorityBranch) mr.priorityBranch = priorityBranch;
  const note = optionalString(body, 'note', 'MergeRequest');
  if (note !== undefined) mr.note = note;
  if (faults.takeScenario('draftFails', [mr.id, sourceBranchId])) mr.failWith = 'FAILED_TO_DRAFT';
  account.mergeRequests.set(mr.id, mr);
  return mr;
}

/** Applies per-component resolution/exclusion choices from a body (update or execute). */
function applyChoices(mr: MergeRequestRecord, body: Record<string, unknown>): void {
  const choices = list(child(body, 'MergeRequestDetails').MergeRequestDetail);
  const updates = choices.map((c) => {
    const guid = requiredString(c, 'componentGuid', 'MergeRequestDetail');
    const detail = mr.details.find((d) => d.componentGuid === guid);
    check(detail, messages.unknownMergeDetail(guid));
    return {
      detail,
      resolution: optionalEnum(c, 'resolution', 'MergeRequestDetail', RESOLUTIONS),
      excluded: optionalBoolean(c, 'excluded', 'MergeRequestDetail'),
    };
  });
  for (const { detail, resolution, excluded } of updates) {
    if (resolution) {
      detail.resolution = resolution;
      detail.stage = detail.conflict ? 'CONFLICT_RESOLVED' : 'REVIEWED';
    }
    if (excluded !== undefined) detail.excluded = excluded;
  }
}

function requireStage(mr: MergeRequestRecord, action: string, allowed: readonly MergeStage[]): void {
  check(allowed.includes(mr.stage), messages.wrongMergeStage(action, mr.stage, allowed));
}

function update(ctx: RequestContext, mr: MergeRequestRecord): void {
  requireStage(mr, 'UPDATE', ['REVIEWING', 'FAILED_TO_MERGE']);
  const body = bodyObject(ctx);
  const strategy = optionalEnum(body, 'strategy', 'MergeRequest', STRATEGIES);
  const priorityBranch = optionalEnum(body, 'priorityBranch', 'MergeRequest', PRIORITIES);
  const note = optionalString(body, 'note', 'MergeRequest');
  if ((strategy && strategy !== mr.strategy) || (priorityBranch && priorityBranch !== mr.priorityBranch)) {
    if (strategy) mr.strategy = strategy;
    if (priorityBranch) mr.priorityBranch = priorityBranch;
    // A new strategy re-decides every resolution (the UI recreates the request).
    for (const d of mr.details) {
      const resolution = defaultResolution(mr, d.conflict);
      if (resolution) d.resolution = resolution;
      else delete d.resolution;
    }
  }
  if (note !== undefined) mr.note = note;
  applyChoices(mr, body);
  mr.mergeRequestAction = 'UPDATE';
  mr.modifiedBy = ctx.user.email;
  mr.modifiedMs = ctx.nowMs;
}

function execute(ctx: RequestContext, mr: MergeRequestRecord): void {
  const { state, nowMs, user } = ctx;
  const body = bodyObject(ctx);
  const action = requiredEnum(body, 'mergeRequestAction', 'MergeRequest', ACTIONS);
  if (action === 'UPDATE') return update(ctx, mr);
  const start = (stage: MergeStage, ms: number, polls: number): void => {
    mr.previousStage = mr.stage;
    mr.stage = stage;
    mr.pending = startStep(nowMs, ms, polls);
  };
  if (action === 'MERGE') {
    requireStage(mr, action, ['REVIEWING', 'FAILED_TO_MERGE']);
    applyChoices(mr, body);
    const scoped = [mr.id, mr.sourceBranchId, mr.destinationBranchId];
    if (ctx.faults.takeScenario('mergeFails', scoped)) mr.failWith = 'FAILED_TO_MERGE';
    start('MERGING', state.durations.mergeMergingMs, state.durations.mergeMergingPolls);
  } else if (action === 'RETRY_DRAFTING') {
    requireStage(mr, action, ['FAILED_TO_DRAFT', 'FAILED_TO_REDRAFT']);
    if (ctx.faults.takeScenario('draftFails', [mr.id, mr.sourceBranchId])) mr.failWith = 'FAILED_TO_DRAFT';
    start('DRAFTING', state.durations.mergeDraftingMs, state.durations.mergeDraftingPolls);
  } else {
    requireStage(mr, action, ['MERGED']);
    revertMerge(ctx.account, mr, user.email, nowMs);
    mr.previousStage = mr.stage;
    mr.stage = 'REVERTED';
  }
  mr.mergeRequestAction = action;
  mr.modifiedBy = user.email;
  mr.modifiedMs = nowMs;
}

export const mergeRequestRoutes: BoomiRoute[] = [
  { method: 'POST', path: '/MergeRequest', handler: (ctx) => ({ body: render(create(ctx), ctx.account) }) },
  {
    method: 'GET',
    path: '/MergeRequest/{id}',
    read: true,
    handler: (ctx) => {
      const mr = findOr400(mergeRequests, ctx, param(ctx, 'id'));
      const body = render(mr, ctx.account);
      notePoll(mr.pending);
      return { body };
    },
  },
  {
    method: 'POST',
    path: '/MergeRequest/{id}',
    handler: (ctx) => {
      const mr = findOr400(mergeRequests, ctx, param(ctx, 'id'));
      update(ctx, mr);
      return { body: render(mr, ctx.account) };
    },
  },
  {
    method: 'POST',
    path: '/MergeRequest/execute/{id}',
    handler: (ctx) => {
      const mr = findOr400(mergeRequests, ctx, param(ctx, 'id'));
      execute(ctx, mr);
      return { body: render(mr, ctx.account) };
    },
  },
  {
    method: 'DELETE',
    path: '/MergeRequest/{id}',
    handler: (ctx) => {
      const mr = findOr400(mergeRequests, ctx, param(ctx, 'id'));
      ctx.account.mergeRequests.delete(mr.id);
      return {};
    },
  },
  ...queryRoutes(mergeRequests),
];
