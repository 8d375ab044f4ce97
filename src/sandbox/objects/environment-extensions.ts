// EnvironmentExtensions (reference §9.2): contents derived from what is deployed (the extensible
// components the deployed processes reference), secret values never returned, `partial: true`
// merges per field while `partial` false/omitted replaces everything.
import { BoomiError, messages } from '../errors.ts';
import { base64url } from '../ids.ts';
import { child, list, optionalBoolean } from '../fields.ts';
import type { ComponentRecord, EnvironmentRecord, ExtensibleField, FieldOverride } from '../model.ts';
import { bodyObject, param, type BoomiRoute, type RequestContext } from '../routing.ts';
import type { AccountState } from '../state.ts';
import { findOr400, queryRoutes, type Json, type Queryable } from './queryable.ts';

type Section = 'connection' | 'operation' | 'processProperty';
const SECTION_OF: Partial<Record<ComponentRecord['type'], Section>> = {
  'connector-settings': 'connection',
  'connector-action': 'operation',
  processproperty: 'processProperty',
};

/** Extensible components visible in an environment: referenced by an active deployment, or pinned. */
export function extensibleComponents(account: AccountState, environmentId: string): ComponentRecord[] {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const dep of account.components.get(id)?.dependencies ?? []) visit(dep);
  };
  for (const d of account.deployments.values()) {
    if (d.environmentId === environmentId && d.active) visit(d.componentId);
  }
  for (const id of account.extensions.get(environmentId)?.pinned ?? []) seen.add(id);
  return [...seen]
    .map((id) => account.components.get(id))
    .filter((c): c is ComponentRecord => !!c && !!c.extensibleFields && SECTION_OF[c.type] !== undefined);
}

function fieldState(field: ExtensibleField, override: FieldOverride | undefined): Json {
  const useDefault = override ? override.useDefault : true;
  const value = useDefault ? field.defaultValue : override?.value;
  const encrypted = field.usesEncryption === true;
  const out: Json = {
    useDefault,
    usesEncryption: encrypted,
    encryptedValueSet: encrypted && value !== undefined,
  };
  // Secrets never leave Boomi: encrypted fields come back without a value.
  if (!encrypted && value !== undefined) out.value = value;
  out.componentOverride = false;
  return out;
}

/** An environment's extensions, or those of one MULTI pack install in it (extensionGroupId). */
interface ExtensionsView {
  env: EnvironmentRecord;
  extensionGroupId: string;
}

/** Boomi's id for a MULTI install's extensions: base64url of `<environmentId>:<extensionGroupId>`. */
function viewId(view: ExtensionsView): string {
  return view.extensionGroupId ? base64url(`${view.env.id}:${view.extensionGroupId}`) : view.env.id;
}

function findView(account: AccountState, id: string): ExtensionsView | undefined {
  const env = account.environments.get(id);
  if (env) return { env, extensionGroupId: '' };
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  const owner = colon > 0 ? account.environments.get(decoded.slice(0, colon)) : undefined;
  return owner ? { env: owner, extensionGroupId: decoded.slice(colon + 1) } : undefined;
}

function render(view: ExtensionsView, account: AccountState): Json {
  const { env } = view;
  const values = account.extensionsFor(env.id);
  const sections: Record<Section, Json[]> = { connection: [], operation: [], processProperty: [] };
  for (const c of extensibleComponents(account, env.id)) {
    const section = SECTION_OF[c.type] as Section;
    const overrides = values.overrides.get(c.componentId);
    const name = account.componentName(c.componentId);
    const fields = c.extensibleFields ?? [];
    if (section === 'processProperty') {
      const ProcessPropertyValue = fields.map((f) => ({
        '@type': 'ProcessPropertyValue',
        key: f.id,
        label: f.label ?? f.id,
        ...fieldState(f, overrides?.get(f.id)),
      }));
      sections.processProperty.push({
        '@type': 'OverrideProcessProperty',
        id: c.componentId,
        name,
        ProcessPropertyValue,
      });
    } else {
      const field = fields.map((f) => ({
        '@type': 'Field',
        id: f.id,
        ...fieldState(f, overrides?.get(f.id)),
      }));
      const type = section === 'connection' ? 'Connection' : 'Operation';
      sections[section].push({ '@type': type, id: c.componentId, name, field });
    }
  }
  const container = (type: string, key: string, items: Json[]): Json =>
    items.length > 0 ? { '@type': type, [key]: items } : { '@type': type };
  const dynamic = [...values.dynamicProperties].map(([name, value]) => ({ '@type': '', name, value }));
  return {
    '@type': 'EnvironmentExtensions',
    id: viewId(view),
    environmentId: env.id,
    extensionGroupId: view.extensionGroupId,
    connections: container('Connections', 'connection', sections.connection),
    operations: container('Operations', 'operation', sections.operation),
    tradingPartners: { '@type': 'TradingPartners' },
    sharedCommunications: { '@type': 'SharedCommunications' },
    crossReferences: { '@type': 'CrossReferences' },
    // Boomi answers this container with an empty @type (reference §2).
    properties: dynamic.length > 0 ? { '@type': '', property: dynamic } : { '@type': '' },
    processProperties: container('OverrideProcessProperties', 'ProcessProperty', sections.processProperty),
    PGPCertificates: { '@type': 'PGPCertificates' },
  };
}

export const environmentExtensions: Queryable<ExtensionsView> = {
  object: 'EnvironmentExtensions',
  properties: ['environmentId', 'extensionGroupId'],
  list: (ctx) => [...ctx.account.environments.values()].map((env) => ({ env, extensionGroupId: '' })),
  find: (ctx, id) => findView(ctx.account, id),
  idOf: viewId,
  property: (v, name) => (name === 'environmentId' ? v.env.id : v.extensionGroupId),
  render: (v, ctx) => render(v, ctx.account),
};

/** Applies one section of an update body (`connections.connection[]` etc.) to the overrides. */
function applySection(
  account: AccountState,
  environmentId: string,
  items: Record<string, unknown>[],
  kind: string,
  fieldsKey: string,
  fieldIdKey: string,
): void {
  const known = new Map(extensibleComponents(account, environmentId).map((c) => [c.componentId, c]));
  const values = account.extensionsFor(environmentId);
  for (const item of items) {
    const id = String(item.id ?? '');
    const component = known.get(id);
    if (!component) throw new BoomiError(400, messages.unknownExtension(kind, id));
    const overrides = values.overrides.get(id) ?? new Map<string, FieldOverride>();
    for (const f of list(item[fieldsKey])) {
      const fieldId = String(f[fieldIdKey] ?? '');
      if (!component.extensibleFields?.some((def) => def.id === fieldId)) {
        throw new BoomiError(400, messages.unknownExtension(`${kind} field`, `${id}/${fieldId}`));
      }
      const useDefault = optionalBoolean(f, 'useDefault', 'EnvironmentExtensions') ?? false;
      const value = typeof f.value === 'string' ? f.value : undefined;
      if (useDefault) overrides.set(fieldId, { useDefault: true });
      // useDefault:false without a value keeps the previous override (reference §9.2).
      else if (value !== undefined) overrides.set(fieldId, { useDefault: false, value });
    }
    values.overrides.set(id, overrides);
  }
}

function update(ctx: RequestContext): ExtensionsView {
  const view = findOr400(environmentExtensions, ctx, param(ctx, 'id'));
  const { env } = view;
  const body = bodyObject(ctx);
  const partial = optionalBoolean(body, 'partial', 'EnvironmentExtensions') ?? false;
  const values = ctx.account.extensionsFor(env.id);
  const before = {
    overrides: new Map([...values.overrides].map(([id, fields]) => [id, new Map(fields)])),
    dynamic: new Map(values.dynamicProperties),
  };
  if (!partial) {
    // A full update resets everything not sent to its default (Boomi's dangerous default).
    values.overrides.clear();
    values.dynamicProperties.clear();
  }
  const { account } = ctx;
  try {
    applySection(account, env.id, list(child(body, 'connections').connection), 'Connection', 'field', 'id');
    applySection(account, env.id, list(child(body, 'operations').operation), 'Operation', 'field', 'id');
    const processProperties = list(child(body, 'processProperties').ProcessProperty);
    applySection(account, env.id, processProperties, 'Process property', 'ProcessPropertyValue', 'key');
  } catch (error) {
    // A refused update changes nothing.
    values.overrides = before.overrides;
    values.dynamicProperties = before.dynamic;
    throw error;
  }
  for (const p of list(child(body, 'properties').property)) {
    if (typeof p.name === 'string') values.dynamicProperties.set(p.name, String(p.value ?? ''));
  }
  return view;
}

const updateHandler = (ctx: RequestContext) => ({ body: render(update(ctx), ctx.account) });

export const environmentExtensionsRoutes: BoomiRoute[] = [
  {
    method: 'GET',
    path: '/EnvironmentExtensions/{id}',
    read: true,
    handler: (ctx) => ({
      body: render(findOr400(environmentExtensions, ctx, param(ctx, 'id')), ctx.account),
    }),
  },
  { method: 'POST', path: '/EnvironmentExtensions/{id}', handler: updateHandler },
  // Legacy form still used by Boomi's own CI/CD scripts (reference §1.1).
  { method: 'POST', path: '/EnvironmentExtensions/{id}/update', handler: updateHandler },
  ...queryRoutes(environmentExtensions),
];
