/**
 * Boomi API calls described the same way everywhere (run history, failpoints, the sandbox's call
 * log as tests and benchmarks read it): `METHOD /Object[/action]`, ids dropped; and which calls
 * are writes. Paths are relative to the account: `/MergeRequest/execute/TVI6NTA`.
 */

/** Path segments after the object that name an action rather than an id. */
const ACTION_SEGMENTS = new Set(['query', 'queryMore', 'bulk', 'execute', 'update']);

export interface BoomiCallRef {
  method: string;
  path: string;
}

/** `POST /MergeRequest/execute/TVI6NTA` → `POST /MergeRequest/execute`; ids never enter the history. */
export function describeBoomiCall(call: BoomiCallRef): string {
  const [, object, second] = call.path.split('/');
  const action = second !== undefined && ACTION_SEGMENTS.has(second) ? `/${second}` : '';
  return `${call.method} /${object}${action}`;
}

/** A call that changes something in Boomi (queries are POSTs but read-only). */
export function isBoomiWrite(call: BoomiCallRef): boolean {
  if (call.method === 'GET') return false;
  return !/\/(query|queryMore|bulk)$/.test(call.path);
}
