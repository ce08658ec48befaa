// Duration and RFC 3339 attributes of the provider, read with the kernel's one grammar (time/duration.ts, instant.ts):
// diagnostics that name the attribute, and reads that keep the user's text. Has no parser of its own; reads no clock.
import { readDuration } from '../kernel/time/duration.js';
import { formatInstant, parseInstant } from '../kernel/time/instant.js';
import { errorDiag, type Diagnostic } from './diagnostics.js';
import type { TfValue } from './values/value.js';

/** Why a known duration attribute is wrong (`expires_in = "6m"` is ambiguous), as an error on that attribute. */
export function durationDiagnostic(attribute: string, value: TfValue | undefined): Diagnostic | null {
  if (typeof value !== 'string') return null;
  const reading = readDuration(value);
  if (reading.ok && reading.ms > 0) return null;
  const problem = reading.ok ? `"${value}" is zero; give a positive duration such as 90d` : reading.problem;
  return errorDiag(`Invalid ${attribute}`, `${attribute}: ${problem}.`, [attribute]);
}

/** Why a known date-time attribute is wrong (not RFC 3339, or an impossible date such as 2026-02-30). */
export function instantDiagnostic(attribute: string, value: TfValue | undefined): Diagnostic | null {
  if (typeof value !== 'string' || parseInstant(value) !== null) return null;
  return errorDiag(
    `Invalid ${attribute}`,
    `${attribute}: "${value}" is not an RFC 3339 date-time with seconds and an offset (e.g. 2027-01-31T00:00:00Z).`,
    [attribute],
  );
}

/** Keeps `previous` text when it names the same instant as `date`, so reads never show formatting drift. */
export function stableTimestamp(previous: string | null, date: Date | null): string | null {
  if (!date) return null;
  if (previous !== null) {
    const parsed = parseInstant(previous);
    if (parsed && parsed.getTime() === date.getTime()) return previous;
  }
  return formatInstant(date);
}
