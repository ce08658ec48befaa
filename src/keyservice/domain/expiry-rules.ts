// Checks a requested expires_at against a policy at creation time (required, not past, max lifetime, whole months).
// Never adjusts the requested time: a key expires exactly when its creator asked, or is refused.
import { DAY_MS } from '../../kernel/clock.js';
import { userError } from '../../kernel/errors.js';
import type { KeyPolicy } from './policy.js';

/** Throws a 400 naming the rule when `expiresAt` does not fit `policy` for a key created at `now`. */
export function checkExpiry(expiresAt: Date | null, now: Date, policy: KeyPolicy): void {
  if (expiresAt === null) {
    if (policy.expiryRequired) throw userError('bad_request', `expires_at is required by policy ${policy.name}`);
    return;
  }
  if (expiresAt.getTime() <= now.getTime()) throw userError('bad_request', 'expires_at must be in the future');
  if (policy.maxLifetimeDays !== null && expiresAt.getTime() - now.getTime() > policy.maxLifetimeDays * DAY_MS) {
    const weeks = policy.maxLifetimeDays % 7 === 0 ? ` (${policy.maxLifetimeDays / 7} weeks)` : '';
    throw userError(
      'bad_request',
      `expires_at is beyond the maximum lifetime of ${policy.maxLifetimeDays} days${weeks} set by policy ${policy.name}`,
    );
  }
  if (policy.wholeMonths && wholeMonthsAfter(now, expiresAt) === null) {
    throw userError(
      'bad_request',
      `expires_at must be a whole number of months after creation (within one day) or null, by policy ${policy.name}`,
    );
  }
}

/** The n >= 1 such that `later` is within one day of `from` + n months, or null. */
export function wholeMonthsAfter(from: Date, later: Date): number | null {
  const roughMonths = Math.round((later.getTime() - from.getTime()) / (30.44 * DAY_MS));
  for (const n of [roughMonths - 1, roughMonths, roughMonths + 1]) {
    if (n < 1) continue;
    if (Math.abs(addMonths(from, n).getTime() - later.getTime()) <= DAY_MS) return n;
  }
  return null;
}

/** `date` + n calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: Date, n: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + n);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
