/**
 * Server-sent events over a hijacked Fastify reply: `event:`/`id:`/`data:` frames, a comment
 * heartbeat so proxies keep the connection open, and a single close path whether the run ended
 * or the client went away.
 */
import type { FastifyReply } from 'fastify';
import type { DeploymentService, RunEvent } from '../app/contract.ts';

export interface EventStream {
  send(event: string, data: unknown, id?: number | string): void;
  /** Ends the response; safe to call twice. */
  close(): void;
  readonly closed: boolean;
  /** Runs once when the stream ends, by `close()` or because the client disconnected. */
  onClose(listener: () => void): void;
}

export interface EventStreamOptions {
  /** Interval of `: heartbeat` comments; default 15 s. */
  heartbeatMs?: number;
  /** Open streams, so the app can end them when it shuts down (else `close()` waits forever). */
  registry?: Set<EventStream>;
}

/** Ends every open stream: registered as the app's `preClose` hook. */
export function closeEventStreams(registry: Set<EventStream>): void {
  for (const stream of [...registry]) stream.close();
}

export function openEventStream(reply: FastifyReply, options: EventStreamOptions = {}): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Reverse proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  // Tells EventSource clients how long to wait before reconnecting.
  raw.write('retry: 3000\n\n');

  const closeListeners: Array<() => void> = [];
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of closeListeners.splice(0)) listener();
  };
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  raw.on('close', finish);

  const stream: EventStream = {
    send(event, data, id) {
      if (closed) return;
      const idLine = id === undefined ? '' : `id: ${id}\n`;
      // JSON.stringify never emits raw newlines, so one `data:` line always suffices.
      raw.write(`event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      finish();
      raw.end();
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else closeListeners.push(listener);
    },
  };
  if (options.registry) {
    const registry = options.registry;
    registry.add(stream);
    stream.onClose(() => registry.delete(stream));
  }
  return stream;
}

/** The answer sent as the last event when a run ended without a response (it never should). */
const NO_RESPONSE = {
  success: false,
  errorCode: 'INTERNAL_ERROR',
  errorMessage: 'The run ended without a final response',
} as const;

/**
 * Streams one run: `event: step` for every step so far and then as they happen, `event: response`
 * with the final response, then the stream ends. Resolves when the stream has closed (run ended
 * or client gone). Event ids count from 1 so a client can tell events apart.
 */
export async function streamRunEvents(
  reply: FastifyReply,
  deployments: Pick<DeploymentService, 'subscribe'>,
  runId: string,
  options: EventStreamOptions = {},
): Promise<void> {
  const stream = openEventStream(reply, options);
  const closed = new Promise<void>((resolve) => stream.onClose(resolve));
  let eventId = 0;
  const unsubscribe = await deployments.subscribe(runId, (event: RunEvent) => {
    if (event.type === 'step') {
      stream.send('step', event.step, ++eventId);
      return;
    }
    stream.send('response', event.run.response ?? NO_RESPONSE, ++eventId);
    stream.close();
  });
  if (unsubscribe === null) stream.close();
  else stream.onClose(unsubscribe);
  await closed;
}
