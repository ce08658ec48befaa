// Shows the service's RFC 3339 times to people, and turns the calendar input's local time back into an instant.
// Parses times only with the kernel's one RFC 3339 parser; never reads the clock itself (callers pass `now`).
import { parseInstant } from '../../kernel/time/instant.js';

const DISPLAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Jan 5, 2026, 10:00 AM" in the browser's time zone, or the fallback for null/unreadable values. */
export function showTime(value: string | null, fallback = 'Never'): string {
  if (value === null) return fallback;
  const at = parseInstant(value);
  return at === null ? value : DISPLAY.format(at);
}

export function instantMs(value: string | null): number | null {
  if (value === null) return null;
  const at = parseInstant(value);
  return at === null ? null : at.getTime();
}

export const DAY_MS = 86_400_000;

/** Whether an enabled key expires within `days` days of `now`. */
export function expiresSoon(expiresAt: string | null, now: number, days = 14): boolean {
  const at = instantMs(expiresAt);
  return at !== null && at > now && at - now <= days * DAY_MS;
}

/** `YYYY-MM-DDTHH:MM` in local time, the value format of `<input type="datetime-local">`. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant of a datetime-local input's value (the browser reads its own format as local time), or null. */
export function fromLocalInput(value: string): number | null {
  if (value === '') return null;
  const at = new Date(value).getTime();
  return Number.isNaN(at) ? null : at;
}

export const TYPE_LABELS: Readonly<Record<string, string>> = {
  legacy: 'Legacy',
  interactive: 'Interactive',
  service: 'Service',
};
export const STATE_LABELS: Readonly<Record<string, string>> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  expired: 'Expired',
};
