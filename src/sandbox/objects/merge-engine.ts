// What a merge request does to component revisions (reference §11): drafting diffs the source
// branch's own revisions against the destination, merging copies the chosen source revisions onto
// the destination, reverting puts the destination back. Pure over AccountState; no HTTP here.
import { finishedAt, isStepDone } from '../clock/async-stages.ts';
import type { ComponentRecord, ComponentRevision, MergeDetailRecord, MergeRequestRecord } from '../model.ts';
import type { AccountState } from '../state.ts';

function ownLatest(component: ComponentRecord, branchId: string): ComponentRevision | undefined {
  let latest: ComponentRevision | undefined;
  for (const r of component.revisions)
    if (r.branchId === branchId && (!latest || r.version > latest.version)) latest = r;
  return latest;
}

/** The resolution a strategy picks by itself (OVERRIDE: by priority branch on conflicts). */
export function defaultResolution(
  mr: MergeRequestRecord,
  conflict: boolean,
): MergeDetailRecord['resolution'] {
  if (!conflict) return 'OVERRIDE';
  if (mr.strategy === 'CONFLICT_RESOLVE') return undefined;
  return mr.priorityBranch === 'DESTINATION' ? 'KEEP_DESTINATION' : 'OVERRIDE';
}

/** The point-in-time diff: every component the source branch changed itself. */
export function draftDetails(account: AccountState, mr: MergeRequestRecord): MergeDetailRecord[] {
  const source = account.branches.get(mr.sourceBranchId);
  if (!source) return [];
  const details: MergeDetailRecord[] = [];
  for (const component of account.components.values()) {
    const own = ownLatest(component, source.id);
    if (!own) continue;
    const destination = account.visibleRevision(component.componentId, mr.destinationBranchId);
    const alreadyMerged =
      destination?.mergedFrom?.branchId === source.id && destination.mergedFrom.version === own.version;
    if (alreadyMerged) continue;
    // A conflict: the destination changed this component after the source branched off.
    const conflict =
      !!destination &&
      destination.createdMs > source.createdMs &&
      destination.mergedFrom?.branchId !== source.id;
    const detail: MergeDetailRecord = {
      componentGuid: component.componentId,
      sourceRevision: own.version,
      changeType: own.deleted ? 'DELETED' : destination && !destination.deleted ? 'MODIFIED' : 'ADDED',
      conflict,
      excluded: false,
      lockedOnDestinationBranch: component.locked === true,
      stage: 'DRAFTED',
    };
    if (destination) detail.destinationRevision = destination.version;
    const resolution = defaultResolution(mr, conflict);
    if (resolution) detail.resolution = resolution;
    details.push(detail);
  }
  return details;
}

function addRevision(
  component: ComponentRecord,
  from: ComponentRevision,
  branchId: string,
  user: string,
  atMs: number,
  deleted = from.deleted,
): ComponentRevision {
  const version = Math.max(0, ...component.revisions.map((r) => r.version)) + 1;
  const revision: ComponentRevision = {
    ...from,
    version,
    branchId,
    deleted,
    createdBy: user,
    createdMs: atMs,
  };
  delete revision.mergedFrom;
  component.revisions.push(revision);
  return revision;
}

/** Why a merge cannot complete, or undefined when it can. */
function mergeBlocker(mr: MergeRequestRecord): string | undefined {
  if (mr.failWith === 'FAILED_TO_MERGE') return 'fault';
  const included = mr.details.filter((d) => !d.excluded);
  if (mr.strategy === 'CONFLICT_RESOLVE') {
    if (included.some((d) => d.conflict && !d.resolution)) return 'unresolved conflicts';
    if (included.some((d) => d.lockedOnDestinationBranch)) return 'locked components';
  }
  return undefined;
}

/** Copies the source revisions the merge keeps onto the destination branch. */
function applyMerge(account: AccountState, mr: MergeRequestRecord, atMs: number): void {
  for (const d of mr.details) {
    if (d.excluded) continue;
    const component = account.components.get(d.componentGuid);
    const source = component?.revisions.find((r) => r.version === d.sourceRevision);
    const resolution = d.resolution ?? defaultResolution(mr, d.conflict);
    if (!component || !source || resolution === 'KEEP_DESTINATION') {
      d.stage = 'MERGED';
      continue;
    }
    const copy = addRevision(component, source, mr.destinationBranchId, mr.modifiedBy, atMs);
    copy.mergedFrom = { branchId: mr.sourceBranchId, version: source.version };
    d.mergeRevision = copy.version;
    d.stage = 'MERGED';
  }
}

/** REVERT: the destination gets back what it had before the merge (added components are deleted). */
export function revertMerge(account: AccountState, mr: MergeRequestRecord, user: string, atMs: number): void {
  for (const d of mr.details) {
    if (d.mergeRevision === undefined) continue;
    const component = account.components.get(d.componentGuid);
    if (!component) continue;
    const before = component.revisions.find((r) => r.version === d.destinationRevision);
    const merged = component.revisions.find((r) => r.version === d.mergeRevision);
    if (before) addRevision(component, before, mr.destinationBranchId, user, atMs);
    else if (merged) addRevision(component, merged, mr.destinationBranchId, user, atMs, true);
    d.stage = 'REVERTED';
  }
}

function moveTo(mr: MergeRequestRecord, stage: MergeRequestRecord['stage'], atMs: number): void {
  mr.previousStage = mr.stage;
  mr.stage = stage;
  mr.modifiedMs = atMs;
  mr.pending = undefined;
}

/** Finishes drafting and merging stages whose time (and polls) are up. */
export function advanceMergeRequests(account: AccountState, nowMs: number): void {
  for (const mr of account.mergeRequests.values()) {
    if (!mr.pending || !isStepDone(mr.pending, nowMs)) continue;
    const at = finishedAt(mr.pending, nowMs);
    if (mr.stage === 'DRAFTING') {
      if (mr.failWith === 'FAILED_TO_DRAFT') {
        mr.failWith = undefined;
        moveTo(mr, 'FAILED_TO_DRAFT', at);
        continue;
      }
      mr.details = draftDetails(account, mr);
      // Drafted, then straight to review: how DRAFTED becomes REVIEWING is undocumented (§14).
      mr.stage = 'DRAFTED';
      moveTo(mr, 'REVIEWING', at);
    } else if (mr.stage === 'MERGING') {
      if (mergeBlocker(mr)) {
        mr.failWith = undefined;
        moveTo(mr, 'FAILED_TO_MERGE', at);
        continue;
      }
      applyMerge(account, mr, at);
      moveTo(mr, 'MERGED', at);
    }
  }
}
