/** Human times for the chat: clock time today, weekday this week, date otherwise. */

const DAY = 24 * 3600 * 1000;

function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** `14:05` */
export function clockTime(t: number): string {
  return new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Label of a day separator: Today, Yesterday, a weekday within the week, else the date. */
export function dayLabel(t: number, now = Date.now()): string {
  const days = Math.round((startOfDay(now) - startOfDay(t)) / DAY);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return new Date(t).toLocaleDateString(undefined, { weekday: 'long' });
  return new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** True when `a` and `b` fall on different local days. */
export function differentDay(a: number, b: number): boolean {
  return startOfDay(a) !== startOfDay(b);
}

/** Short relative time for lists: `now`, `5m`, `3h`, a weekday or a date. */
export function shortAgo(t: number, now = Date.now()): string {
  const ms = now - t;
  if (ms < 60_000) return 'now';
  if (ms < 3600_000) return `${Math.floor(ms / 60_000)}m`;
  if (!differentDay(t, now)) return clockTime(t);
  if (ms < 7 * DAY) return new Date(t).toLocaleDateString(undefined, { weekday: 'short' });
  return new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
