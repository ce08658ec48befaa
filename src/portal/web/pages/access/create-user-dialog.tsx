// "Create user" for an interactive user: name, e-mail and groups. A set-password link follows on success.
// Never sets a password for the person; they choose it through their one-time link.
import { useState } from 'preact/hooks';
import { describeError } from '../../api/errors.js';
import type { Group, User } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/message.js';

export function CreateUserDialog({
  groups,
  onClose,
  onCreated,
}: {
  groups: readonly Group[];
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { api } = usePortal();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (name.trim() === '') return setError('Enter the user name.');
    setBusy(true);
    setError(null);
    try {
      const body = {
        name: name.trim(),
        type: 'interactive',
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(chosen.length ? { group_ids: chosen } : {}),
      };
      onCreated(await api.create<User>('/v2/users', body));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Create user" onClose={onClose} busy={busy}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="user-name">User name</label>
          <input
            id="user-name"
            required
            maxLength={256}
            autoComplete="off"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="user-email">E-mail</label>
          <input
            id="user-email"
            type="email"
            maxLength={256}
            autoComplete="off"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <span class="hint">
            Used for single sign-on, expiry notices and the set-password link when e-mail is configured.
          </span>
        </div>
        <fieldset class="field">
          <legend>Groups</legend>
          {groups.map((g) => (
            <label key={g.id} class="check">
              <input
                type="checkbox"
                checked={chosen.includes(g.id)}
                onChange={(e) =>
                  setChosen(e.currentTarget.checked ? [...chosen, g.id] : chosen.filter((c) => c !== g.id))
                }
              />
              {g.name}
            </label>
          ))}
        </fieldset>
        <ErrorMessage text={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
