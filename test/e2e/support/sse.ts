/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked by assertions against the API contract, not by TypeScript */
/** Reads a run's server-sent events to the end, as a list of {event, id, data}. */
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
