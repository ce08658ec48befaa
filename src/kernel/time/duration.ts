// The one duration grammar of keyward (manifests, CLI flags, Terraform attributes): `90d`, `36h`, `1w2d`, `6mo`, `1y`.
// Calendar-free on purpose (a month is 30 days, a year 365) so a duration never depends on the clock; `m` is refused.

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Units largest first; `min` is minutes and `mo` months, so `m` alone (either one) is never guessed. */
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * DAY_MS],
  ['mo', 30 * DAY_MS],
  ['w', 7 * DAY_MS],
  ['d', DAY_MS],
  ['h', HOUR_MS],
  ['min', MINUTE_MS],
  ['s', SECOND_MS],
];
const UNIT_MS: ReadonlyMap<string, number> = new Map(UNITS);

/** Longest duration keyward accepts anywhere: ten years. Longer is almost certainly a typo. */
export const MAX_DURATION_MS = 10 * 365 * DAY_MS;

/** The problem readDuration gives for a duration past MAX_DURATION_MS. */
export const TOO_LONG = 'is longer than ten years';

const PART = /(0|[1-9][0-9]{0,5})(min|mo|[ywdhs])/y;

export type DurationReading =
  { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly problem: string };

/**
 * Reads a duration: one or more `<number><unit>` parts, largest unit first, each unit once (`1w2d`, `36h`, `6mo`).
 * Units: y, mo, w, d, h, min, s. The problem names what is wrong, e.g. that `6m` is ambiguous.
 */
export function readDuration(text: string): DurationReading {
  const bareM = /(\d+)m(?!in|o)/.exec(text);
  if (bareM !== null && /^[0-9a-z]{1,40}$/.test(text)) {
    const n = bareM[1] ?? '';
    return { ok: false, problem: `'${text}' is ambiguous: write ${n}min for minutes or ${n}mo for months` };
  }
  const expected = 'a duration such as 90d, 36h, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s)';
  if (text === '' || text.length > 40) return { ok: false, problem: `expected ${expected}` };
  let total = 0;
  let lastRank = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const match = PART.exec(text);
    if (match === null || match.index !== at) return { ok: false, problem: `expected ${expected}` };
    const unit = match[2] ?? '';
    const rank = UNITS.findIndex(([name]) => name === unit);
    if (rank <= lastRank)
      return { ok: false, problem: `units must go from largest to smallest, each once (${expected})` };
    lastRank = rank;
    total += Number(match[1]) * (UNIT_MS.get(unit) ?? 0);
  }
  if (total > MAX_DURATION_MS) return { ok: false, problem: TOO_LONG };
  return { ok: true, ms: total };
}

/** Milliseconds of a duration, or undefined when the text is not one (see readDuration for why). */
export function parseDuration(text: string): number | undefined {
  const reading = readDuration(text);
  return reading.ok ? reading.ms : undefined;
}

/** Like parseDuration, but throws on text that is not a duration (for defaults the code itself supplies). */
export function durationMs(text: string): number {
  const reading = readDuration(text);
  if (!reading.ok) throw new Error(`not a duration: ${text} (${reading.problem})`);
  return reading.ms;
}

/** The shortest text that reads back as `ms` (`14d`, `36h`, `1w2d`); `0s` for zero. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let text = '';
  for (const [unit, size] of UNITS) {
    if (rest >= size && (unit !== 'mo' || rest % size === 0) && (unit !== 'y' || rest % size === 0)) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return rest === 0 ? text : `${text}${rest}ms`;
}
