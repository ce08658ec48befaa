// Durations (`90d`, `12w`, `36h`, `1w2d`) and RFC 3339 times as the provider's attributes carry them.
// Pure parsing and formatting; reads no clock (callers pass `now`).

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of a duration such as `90d` or `1w2d`, or null when the text is not one. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+[smhdw])+$/.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+)([smhdw])/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  }
  return total > 0 ? total : null;
}

/** A Date from RFC 3339 text, or null when it is not a complete date-time with a zone. */
export function parseTimestamp(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text.trim())) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** RFC 3339 in UTC, without fractional seconds when there are none. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** Keeps `previous` text when it names the same instant as `date`, so reads never show formatting drift. */
export function stableTimestamp(previous: string | null, date: Date | null): string | null {
  if (!date) return null;
  if (previous !== null) {
    const parsed = parseTimestamp(previous);
    if (parsed && parsed.getTime() === date.getTime()) return previous;
  }
  return formatTimestamp(date);
}
