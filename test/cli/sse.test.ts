import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from '../../src/cli/sse.ts';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function read(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

const STREAM =
  'retry: 3000\n\n' +
  'event: step\nid: 1\ndata: {"name":"2.5-merge-create","state":"RUNNING"}\n\n' +
  ': heartbeat\n\n' +
  'event: step\r\nid: 2\r\ndata: {"name":"2.5-merge-create","state":"SUCCEEDED"}\r\n\r\n' +
  'data: line one\ndata: line two\n\n' +
  'event: response\nid: 4\ndata: {"success":true}\n\n';

const EXPECTED: ServerSentEvent[] = [
  { event: 'step', id: '1', data: '{"name":"2.5-merge-create","state":"RUNNING"}' },
  { event: 'step', id: '2', data: '{"name":"2.5-merge-create","state":"SUCCEEDED"}' },
  { event: 'message', id: '2', data: 'line one\nline two' },
  { event: 'response', id: '4', data: '{"success":true}' },
];

describe('readServerSentEvents', () => {
  it('reads events, ids, multi-line data and CRLF lines, and skips comments and retry hints', async () => {
    expect(await read([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events however the stream is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), STREAM.length];
          const chunks = points.slice(1).map((end, i) => STREAM.slice(points[i], end));
          expect(await read(chunks)).toEqual(EXPECTED);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('drops an event the stream ended before finishing', async () => {
    expect(await read(['event: step\ndata: {"a":1}\n\nevent: response\ndata: {"b"'])).toEqual([
      { event: 'step', id: undefined, data: '{"a":1}' },
    ]);
  });
});
