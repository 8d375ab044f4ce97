/** Notifications (spec §13): events, the event → recipients → template table, rendering, backoff. */
export * from './backoff.ts';
export * from './events.ts';
export * from './render.ts';
export * from './states.ts';
export * from './table.ts';
export type { NotificationMessage } from './templates.ts';
