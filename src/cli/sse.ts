/**
 * A minimal reader of `text/event-stream` bodies (the WHATWG event-stream format): events are
 * separated by a blank line; `event:`, `data:` and `id:` fields; lines starting with `:` are
 * comments (the server's heartbeats).
 */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  let id: string | undefined;
  const lines = function* (final: boolean): Generator<string> {
    for (;;) {
      const end = buffer.search(/\r\n|\n|\r/);
      if (end < 0) return;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (!final && end === buffer.length - 1 && buffer[end] === '\r') return;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      yield line;
    }
  };
  const take = function* (line: string): Generator<ServerSentEvent> {
    if (line === '') {
      if (data.length > 0) yield { event, data: data.join('\n'), id };
      event = 'message';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (const line of lines(false)) yield* take(line);
  }
  buffer += decoder.decode();
  // An event the stream ended before its blank line is incomplete: it is dropped, as browsers do.
  for (const line of lines(true)) yield* take(line);
}
