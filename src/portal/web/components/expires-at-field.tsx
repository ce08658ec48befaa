// The "Expires at" calendar field: a datetime-local input bounded to now … now + the policy's maximum lifetime.
// Never accepts a time in the past or beyond the maximum; the server checks again and its sentence is shown too.
import { useId } from 'preact/hooks';
import { DAY_MS, fromLocalInput, toLocalInput } from '../format.js';

/** The Infoblox policy's maximum lifetime: 56 weeks (about 13 months). */
export const MAX_LIFETIME_DAYS = 56 * 7;

/** Why `value` cannot be an expiry at `now`, or null when it can. */
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

export interface ExpiresAtProps {
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly now: number;
  readonly error: string | null;
}

export function ExpiresAtField({ value, onInput, now, error }: ExpiresAtProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>Expires at</label>
      <input
        id={id}
        name="expires_at"
        type="datetime-local"
        required
        value={value}
        min={toLocalInput(now + 60_000)}
        max={toLocalInput(now + MAX_LIFETIME_DAYS * DAY_MS)}
        aria-describedby={`${id}-hint`}
        aria-invalid={error !== null}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
      />
      <span class="hint" id={`${id}-hint`}>
        Your local time. The maximum expiration time is 56 weeks (13 months) from now.
      </span>
      {error !== null && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
