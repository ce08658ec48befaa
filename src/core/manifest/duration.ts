// Manifest durations (`36h`, `90d`, `12w`, `6mo`, `1y`, `never`) parsed to milliseconds.
// Calendar-free on purpose: a month is 30 days and a year 365 days, so a duration never depends on the clock.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: HOUR_MS,
  d: DAY_MS,
  w: 7 * DAY_MS,
  mo: 30 * DAY_MS,
  y: 365 * DAY_MS,
};

/** Longest duration keyward accepts anywhere: ten years. Longer is almost certainly a typo. */
export const MAX_DURATION_MS = 10 * 365 * DAY_MS;

const DURATION = /^(0|[1-9][0-9]{0,5})(mo|[smhdwy])$/;

/** Milliseconds of a duration like `90d`, or undefined when the text is not one. `never` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  const unit = UNIT_MS[match[2]];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

/** Like parseDuration, but throws on text that is not a duration (for defaults the code itself supplies). */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`not a duration: ${text}`);
  return ms;
}

/** A short human form of a millisecond span, in the largest whole unit (`14d`, `36h`, `2w`). */
export function formatDuration(ms: number): string {
  for (const unit of ['y', 'mo', 'w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms === 0 ? '0d' : `${ms}ms`;
}
