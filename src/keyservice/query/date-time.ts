// Recognizes the date-times a filter may compare a time field to: RFC 3339 / ISO 8601 with an offset.
// Never guesses: date-only text, missing offsets and impossible dates (February 30) are refused.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)$/;

/** True when `text` is a real date-time with an offset, e.g. `2026-01-01T00:00:00.000Z` or .NET's `...0000000+00:00`. */
export function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (m === null) return false;
  const n = (i: number): number => Number(m[i] ?? '0');
  const [year, month, day] = [n(1), n(2), n(3)];
  // The Gregorian calendar repeats every 400 years; shifting keeps Date.UTC away from its 0..99 => 19xx rule.
  const daysInMonth = new Date(Date.UTC(year + 400, month, 0)).getUTCDate();
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth &&
    n(4) <= 23 && n(5) <= 59 && n(6) <= 59 && n(7) <= 15 && n(8) <= 59;
}
