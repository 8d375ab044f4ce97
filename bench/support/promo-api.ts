/** The service's HTTP API as a benchmark client sees it: JSON in, status + JSON out, bearer token. */
export interface Answer<T> {
  status: number;
  body: T;
}

export async function callApi<T = unknown>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export interface RunStep {
  name: string;
  state: string;
  startedAt: string;
  endedAt: string | null;
  boomiCalls?: string[];
}

export interface RunView {
  runId: string;
  state: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  steps: RunStep[];
  response: { success: boolean; errorCode?: string | null; errorMessage?: string | null } | null;
}

/** Each step's time and Boomi calls; `sinceMs` adds when it started, counted from that moment. */
export function stepTimes(
  run: RunView,
  sinceMs?: number,
): { name: string; ms: number; calls: number; startMs?: number }[] {
  return run.steps.map((s) => ({
    name: s.name.replace(/:([0-9a-f]{8})[0-9a-f-]+$/, ':$1'),
    ms: s.endedAt ? Date.parse(s.endedAt) - Date.parse(s.startedAt) : NaN,
    calls: s.boomiCalls?.length ?? 0,
    ...(sinceMs === undefined ? {} : { startMs: Date.parse(s.startedAt) - sinceMs }),
  }));
}
