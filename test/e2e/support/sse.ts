/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked by assertions against the API contract, not by TypeScript */
/** Reads a run's server-sent events to the end, as a list of {event, id, data}. */
import { expect } from 'vitest';
export interface StreamEvent {
  event: string;
  id: number;
  data: any;
}

export async function readEvents(url: string, token: string): Promise<StreamEvent[]> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  if (response.status !== 200) throw new Error(`events: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text(); // the server ends the stream after the response event
  const events: StreamEvent[] = [];
  for (const block of text.split('\n\n')) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const match = /^(event|id|data): ?(.*)$/.exec(line);
      if (match) fields[match[1]!] = match[2]!;
    }
    if (fields.event && fields.data !== undefined) {
      events.push({ event: fields.event, id: Number(fields.id), data: JSON.parse(fields.data) });
    }
  }
  return events;
}

/** Step events reduced to each step's last state, in order of first appearance. */
export function finalSteps(events: StreamEvent[]): [string, string][] {
  const last = new Map<string, string>();
  for (const e of events) if (e.event === 'step') last.set(e.data.name, e.data.state);
  return [...last.entries()];
}

/** Ids count from 1, one response comes last, and no step runs again after it finished. */
export function expectWellFormed(events: StreamEvent[]): void {
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  expect(events.at(-1)!.event).toBe('response');
  expect(events.filter((e) => e.event === 'response')).toHaveLength(1);
  // A step is never reported running after it was reported finished.
  const finished = new Set<string>();
  for (const e of events.filter((x) => x.event === 'step')) {
    if (e.data.state === 'RUNNING') expect(finished.has(e.data.name)).toBe(false);
    else finished.add(e.data.name);
  }
}
