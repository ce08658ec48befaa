// The one RFC 3339 date-time parser and formatter of keyward (manifests, CLI flags, Terraform, the key service).
// Strict: a full date, a time with seconds and an offset; never guesses, never reads the clock.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant named by `text`, or null when it is not a complete RFC 3339 date-time such as
 * `2026-03-01T12:00:00Z` or `2026-03-01T12:00:00.1234567+01:00`. Impossible dates (February 30), hours past 23,
 * leap seconds, a missing offset or missing seconds, and surrounding blanks are refused.
 */
export function parseInstant(text: string): Date | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const n = (i: number): number => Number(m[i] ?? '0');
  const [year, month, day, hour, minute, second] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  // The Gregorian calendar repeats every 400 years; shifting keeps Date.UTC away from its 0..99 => 19xx rule.
  const daysInMonth = new Date(Date.UTC(year + 400, month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetHours = n(10);
  const offsetMinutes = n(11);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day); // setUTCFullYear has no 0..99 => 19xx rule
  local.setUTCHours(hour, minute, second, fraction);
  const sign = m[9] === '-' ? -1 : 1;
  const at = new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** True when `text` is a complete RFC 3339 date-time (see parseInstant). */
export function isInstant(text: string): boolean {
  return parseInstant(text) !== null;
}

/** RFC 3339 in UTC, without fractional seconds when there are none: `2026-03-01T12:00:00Z`. */
export function formatInstant(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
