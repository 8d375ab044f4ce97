/** How times, ages and durations read in the console. */

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Whole days since `iso` (0 on the first day). */
export function ageInDays(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 86_400_000));
}

/** The design's branch-age colours: amber at 15–30 days, red beyond. */
export function ageLevel(days: number): 'ok' | 'warning' | 'critical' {
  if (days > 30) return 'critical';
  if (days >= 15) return 'warning';
  return 'ok';
}

export function duration(startedAt: string, endedAt: string | null, now = Date.now()): string {
  const ms = (endedAt ? new Date(endedAt).getTime() : now) - new Date(startedAt).getTime();
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
