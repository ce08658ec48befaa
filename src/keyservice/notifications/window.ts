// The calendar rules of expiry notices: the 14-day window, the UTC day a notice belongs to, days left.
// Pure functions of their arguments; never reads the clock itself.

import { DAY_MS } from '../../kernel/clock.js';

/** Notices start this many days before a key expires (seeds 000 and 002). */
export const NOTICE_WINDOW_DAYS = 14;
export const NOTICE_WINDOW_MS = NOTICE_WINDOW_DAYS * DAY_MS;

/** The UTC calendar day of `at`, `YYYY-MM-DD`; one notice per key per recipient per such day. */
export function noticeDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whether a key expiring at `expiresAt` is due a notice at `now`: not yet expired and within the window. */
export function isDue(expiresAt: Date, now: Date): boolean {
  const left = expiresAt.getTime() - now.getTime();
  return left > 0 && left <= NOTICE_WINDOW_MS;
}

/** Whole days left from `now` until expiry, rounded up (expiring in 3 hours counts as 1 day). */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}
