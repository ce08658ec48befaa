// "Create User API Key" (seed 000): name and expiry for a key of one's own, then the copy-once dialog.
// Never creates a key for anyone else, and never keeps the returned secret beyond the copy-once dialog.
import { useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import type { CreatedApiKey } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { Dialog } from '../components/dialog.js';
import { ExpiresAtField } from '../components/expires-at-field.js';
import { defaultExpiry, expiryProblem } from '../expiry.js';
import { ErrorMessage } from '../components/message.js';
import { fromLocalInput } from '../format.js';

export interface CreatedKey {
  readonly name: string;
  readonly secret: string;
}

export function CreateMyKeyDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (key: CreatedKey) => void;
}) {
  const { api, now } = usePortal();
  const [opened] = useState(now);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(() => defaultExpiry(opened));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const expiryError = tried ? expiryProblem(expires, now()) : null;
  const nameError = tried && name.trim() === '' ? 'Enter a name that says what the key is for.' : null;
  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    const at = fromLocalInput(expires);
    if (name.trim() === '' || expiryProblem(expires, now()) !== null || at === null) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.create<CreatedApiKey>('/v2/current_api_keys', {
        name: name.trim(),
        expires_at: new Date(at).toISOString(),
      });
      onCreated({ name: created.name, secret: created.key });
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Create User API Key" onClose={onClose} busy={busy}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="my-key-name">Name</label>
          <input
            id="my-key-name"
            name="name"
            required
            maxLength={256}
            value={name}
            aria-invalid={nameError !== null}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <span class="hint">A name that says what the key is for, e.g. "lookalike domains script".</span>
          {nameError !== null && (
            <span class="field-error" role="alert">
              {nameError}
            </span>
          )}
        </div>
        <ExpiresAtField value={expires} onInput={setExpires} now={now()} error={expiryError} />
        <ErrorMessage text={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save & Close'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
