// Component and ComponentMetadata (reference §10, OAS GetComponent): enough to see which revision of
// a component each branch holds. `{componentId}~{branchId}` reads a branch, `{componentId}~{n}` a version.
import { boomiTime } from '../clock/clock.ts';
import { BoomiError, messages } from '../errors.ts';
import type { ComponentRecord, ComponentRevision } from '../model.ts';
import { param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { queryRoutes, type Json, type Queryable } from './queryable.ts';

/** One revision as seen from one branch. */
export interface ComponentRow {
  component: ComponentRecord;
  revision: ComponentRevision;
  branchId: string;
  current: boolean;
}

/** Resolves `id`, `id~branchId` or `id~version` (default: the main branch's current revision). */
export function resolveComponent(account: AccountState, rawId: string): ComponentRow {
  const [componentId = '', suffix] = rawId.split('~');
  const component = account.components.get(componentId);
  if (!component) throw new BoomiError(400, messages.notFound('Component', componentId));
  if (suffix !== undefined && /^\d+$/.test(suffix)) {
    const version = Number(suffix);
    const revision = component.revisions.find((r) => r.version === version);
    if (!revision) throw new BoomiError(400, messages.componentVersionUnknown(componentId, version));
    const current = account.visibleRevision(componentId, revision.branchId)?.version === version;
    return { component, revision, branchId: revision.branchId, current };
  }
  const branchId = suffix ?? account.mainBranchId;
  const branch = account.branches.get(branchId);
  if (!branch || branch.deleted) throw new BoomiError(400, messages.notFound('Branch', branchId));
  const revision = account.visibleRevision(componentId, branchId);
  if (!revision) throw new BoomiError(400, messages.componentNotOnBranch(componentId, branch.name));
  return { component, revision, branchId, current: true };
}

function metadata(row: ComponentRow, account: AccountState, type: string): Json {
  const { component, revision } = row;
  const first = component.revisions[0] ?? revision;
  const out: Json = {
    '@type': type,
    componentId: component.componentId,
    version: revision.version,
    name: revision.name,
    type: component.type,
    createdDate: boomiTime(first.createdMs),
    createdBy: first.createdBy,
    modifiedDate: boomiTime(revision.createdMs),
    modifiedBy: revision.createdBy,
    deleted: revision.deleted,
    currentVersion: row.current,
    folderName: component.folderName,
    folderId: component.folderId,
    branchId: row.branchId,
    branchName: account.branches.get(row.branchId)?.name ?? '',
  };
  if (component.subType) out.subType = component.subType;
  return out;
}

function renderComponent(row: ComponentRow, account: AccountState): Json {
  return {
    ...metadata(row, account, 'Component'),
    folderFullPath: row.component.folderFullPath,
    description: row.revision.description,
    encryptedValues: { '@type': 'EncryptedValues' },
    // The component's XML model is not emulated; an empty object keeps the shape.
    object: {},
    processOverrides: {},
  };
}

function rowId(row: ComponentRow): string {
  return `${row.component.componentId}~${row.branchId}~${row.revision.version}`;
}

/** Every live branch's view: its current revision of each component plus its own older ones. */
function allRows(account: AccountState): ComponentRow[] {
  const rows: ComponentRow[] = [];
  for (const branch of account.liveBranches()) {
    for (const component of account.components.values()) {
      const current = account.visibleRevision(component.componentId, branch.id);
      if (current) rows.push({ component, revision: current, branchId: branch.id, current: true });
      for (const r of component.revisions) {
        if (r.branchId === branch.id && r !== current) {
          rows.push({ component, revision: r, branchId: branch.id, current: false });
        }
      }
    }
  }
  return rows;
}

export const componentMetadata: Queryable<ComponentRow> = {
  object: 'ComponentMetadata',
  properties: [
    'accountId',
    'componentId',
    'version',
    'name',
    'type',
    'subType',
    'createdDate',
    'createdBy',
    'modifiedDate',
    'modifiedBy',
    'deleted',
    'currentVersion',
    'folderName',
    'folderId',
    'copiedFromComponentId',
    'copiedFromComponentVersion',
    'branchName',
    'branchId',
  ],
  list: (ctx) => allRows(ctx.account),
  find: (ctx, id) => {
    const [componentId = '', branchId = '', version = ''] = id.split('~');
    if (!version) {
      try {
        return resolveComponent(ctx.account, branchId ? `${componentId}~${branchId}` : componentId);
      } catch {
        return undefined;
      }
    }
    return allRows(ctx.account).find((r) => rowId(r) === id);
  },
  idOf: rowId,
  property: (row, name, ctx) => {
    if (name === 'accountId') return ctx.account.id;
    if (name === 'copiedFromComponentId' || name === 'copiedFromComponentVersion') return undefined;
    return metadata(row, ctx.account, 'ComponentMetadata')[name] as string | number | boolean | undefined;
  },
  render: (row, ctx) => metadata(row, ctx.account, 'ComponentMetadata'),
};

function getRoute(
  path: string,
  idParam: string,
  render: (row: ComponentRow, ctx: RequestContext) => Json,
): BoomiRoute {
  return {
    method: 'GET',
    path,
    read: true,
    handler: (ctx) => ({ body: render(resolveComponent(ctx.account, param(ctx, idParam)), ctx) }),
  };
}

export const componentRoutes: BoomiRoute[] = [
  getRoute('/Component/{componentId}', 'componentId', (row, ctx) => renderComponent(row, ctx.account)),
  getRoute('/ComponentMetadata/{id}', 'id', (row, ctx) => metadata(row, ctx.account, 'ComponentMetadata')),
  ...queryRoutes(componentMetadata),
];
