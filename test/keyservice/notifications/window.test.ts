// The calendar rules of expiry notices: the 14-day window, the UTC day, and whole days left.
import { describe, expect, it } from 'vitest';
import { daysLeft, isDue, NOTICE_WINDOW_DAYS, noticeDay } from '../../../src/keyservice/notifications/window.js';

const expiry = new Date('2026-03-17T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('notice window', () => {
  it('opens exactly 14 days before expiry and closes at expiry', () => {
    expect(NOTICE_WINDOW_DAYS).toBe(14);
    expect(isDue(expiry, at('2026-03-03T11:59:59.999Z'))).toBe(false);
    expect(isDue(expiry, at('2026-03-03T12:00:00Z'))).toBe(true);
    expect(isDue(expiry, at('2026-03-17T11:59:59.999Z'))).toBe(true);
    expect(isDue(expiry, at('2026-03-17T12:00:00Z'))).toBe(false);
    expect(isDue(expiry, at('2026-03-20T00:00:00Z'))).toBe(false);
  });

  it('files a notice under the UTC calendar day of the run', () => {
    expect(noticeDay(at('2026-03-03T23:59:59Z'))).toBe('2026-03-03');
    expect(noticeDay(at('2026-03-04T00:00:00Z'))).toBe('2026-03-04');
    expect(noticeDay(new Date('2026-03-04T01:00:00+02:00'))).toBe('2026-03-03');
  });

  it('counts whole days left, rounding up', () => {
    expect(daysLeft(expiry, at('2026-03-03T12:00:00Z'))).toBe(14);
    expect(daysLeft(expiry, at('2026-03-03T12:00:01Z'))).toBe(14);
    expect(daysLeft(expiry, at('2026-03-16T12:00:00Z'))).toBe(1);
    expect(daysLeft(expiry, at('2026-03-17T09:00:00Z'))).toBe(1);
    expect(daysLeft(expiry, at('2026-03-18T00:00:00Z'))).toBe(0);
  });
});
