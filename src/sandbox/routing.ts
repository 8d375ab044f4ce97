// The shape every Boomi operation handler has: (context) → reply. The app mounts each route under
// both `/api/rest/v1/{accountId}` and `/partner/api/rest/v1/{accountId}`; handlers never see HTTP.
import type { SandboxFaults } from './faults.ts';
import type { SandboxUser } from './model.ts';
import type { AccountState, SandboxState } from './state.ts';

export interface RequestContext {
  state: SandboxState;
  faults: SandboxFaults;
  /** The effective account (the overrideAccount on partner calls). */
  account: AccountState;
  user: SandboxUser;
  params: Record<string, string>;
  /** Parsed JSON (or undefined when empty) for JSON operations; the trimmed raw text for queryMore. */
  body: unknown;
  nowMs: number;
  /** `http://host:port/api/rest/v1/{accountId}` as the caller addressed it (for absolute URLs). */
  apiBase: string;
}

export interface BoomiReply {
  status?: number;
  body?: unknown;
}

export interface BoomiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** OpenAPI-style path after the account prefix, e.g. `/Branch/{id}`. */
  path: string;
  /** queryMore takes the bare token as text; everything else JSON. */
  body?: 'json' | 'text';
  /** Reads are allowed to read-only users (GET, query, queryMore, bulk GET). */
  read?: boolean;
  handler: (ctx: RequestContext) => BoomiReply | Promise<BoomiReply>;
}

/** Convenience for handlers: the body as an object (empty object when absent), or a 400. */
export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  return ctx.body === undefined ? {} : (ctx.body as Record<string, unknown>);
}

export function param(ctx: RequestContext, name: string): string {
  return ctx.params[name] ?? '';
}
