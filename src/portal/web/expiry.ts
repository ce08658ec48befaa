// The rules of the "Expires at" field: the form's bounds (now … now + 56 weeks) and a default every policy accepts.
// Pure and DOM-free (unit-tested); never reads the clock (callers pass `now`). The server checks again.
import { DAY_MS, fromLocalInput, toLocalInput } from './format.js';

/** The Infoblox policy's maximum lifetime: 56 weeks (about 13 months). */
export const MAX_LIFETIME_DAYS = 56 * 7;

/** Why the datetime-local `value` cannot be an expiry at `now`, or null when it can. */
export function expiryProblem(value: string, now: number, maxDays = MAX_LIFETIME_DAYS): string | null {
  const at = fromLocalInput(value);
  if (at === null) return 'Choose the date and time the key should expire.';
  if (at <= now) return 'The expiry must be in the future.';
  if (at > now + maxDays * DAY_MS) return `The expiry can be at most 56 weeks (${maxDays} days) from now.`;
  return null;
}

/**
 * A default expiry: three calendar months from now, to the minute. Whole months suit every built-in policy (Infoblox:
 * within 56 weeks; Constellix: a whole number of months).
 */
export function defaultExpiry(now: number): string {
  const at = new Date(now);
  const day = at.getDate();
  at.setMonth(at.getMonth() + 3);
  if (at.getDate() !== day) at.setDate(0); // 30 November for 31 August + 3 months, not 1 December
  return toLocalInput(at.getTime());
}
