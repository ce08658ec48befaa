// Reads an HTTP Retry-After header, shared by every client that honours it (key-API drivers, secret stores).
// Pure: the caller passes the time to measure an HTTP date against; it never reads the clock itself.

/**
 * Milliseconds a Retry-After header asks for: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, measured against `now`). A date in the past means 0;
 * an absent or unreadable header (`soon`, `1.5`) means null, so the caller falls back to its backoff.
 */
export function parseRetryAfterMs(header: string | null | undefined, now: Date): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (text === '') return null;
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads bare numbers such as `1.5` as dates; an HTTP date always has a month or day name.
  if (!/[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
