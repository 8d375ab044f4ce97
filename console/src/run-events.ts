/**
 * A run's server-sent events (`GET /deployments/{runId}/events`) read with fetch streaming:
 * EventSource cannot send the Authorization header. Each `step` event updates that step; the
 * `response` event carries the final answer, after which the server ends the stream.
 */
import { currentToken } from './auth/session';
import type { RunResponse, RunStep } from './api/types';
import { toApiError } from './api/client';

export type RunStreamEvent = { type: 'step'; step: RunStep } | { type: 'response'; response: RunResponse };

function parseBlock(block: string): RunStreamEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return null;
  const payload: unknown = JSON.parse(data.join('\n'));
  if (event === 'step') return { type: 'step', step: payload as RunStep };
  if (event === 'response') return { type: 'response', response: payload as RunResponse };
  return null;
}

/** Streams the run's events to `onEvent` until the server ends the stream or `signal` aborts. */
export async function followRun(
  runId: string,
  onEvent: (event: RunStreamEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`/api/v1/deployments/${encodeURIComponent(runId)}/events`, {
    headers,
    signal,
  });
  if (!response.ok || !response.body) {
    throw toApiError(response.status, await response.json().catch(() => null));
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const event = parseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) onEvent(event);
      end = buffer.indexOf('\n\n');
    }
  }
}
