// The "Expires at" calendar field: a datetime-local input bounded to now … now + the policy's maximum lifetime.
// Never accepts a time in the past or beyond the maximum; the server checks again and its sentence is shown too.
import { useId } from 'preact/hooks';
import { DAY_MS, toLocalInput } from '../format.js';
import { MAX_LIFETIME_DAYS } from '../expiry.js';

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
        onInput={(e) => onInput(e.currentTarget.value)}
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
