// "Create User API Key" (seed 000): name and expiry for a key of one's own, then the copy-once dialog.
// Never creates a key for anyone else, and never keeps the returned secret beyond the copy-once dialog.
import { useState } from 'preact/hooks';
import type { CreatedApiKey } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { FormDialog, useSubmission } from '../components/form-dialog.js';
import { ExpiresAtField } from '../components/expires-at-field.js';
import { defaultExpiry, expiryProblem } from '../expiry.js';
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
  const submission = useSubmission();
  const expiryError = tried ? expiryProblem(expires, now()) : null;
  const nameError = tried && name.trim() === '' ? 'Enter a name that says what the key is for.' : null;
  const submit = () => {
    setTried(true);
    const at = fromLocalInput(expires);
    if (name.trim() === '' || expiryProblem(expires, now()) !== null || at === null) return;
    void submission.run(async () => {
      const created = await api.create<CreatedApiKey>('/v2/current_api_keys', {
        name: name.trim(),
        expires_at: new Date(at).toISOString(),
      });
      onCreated({ name: created.name, secret: created.key });
    });
  };
  return (
    <FormDialog
      title="Create User API Key"
      submission={submission}
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Save & Close"
    >
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
    </FormDialog>
  );
}
