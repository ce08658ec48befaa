// "Create group": name, description, roles, and whether members get account alerts (service key expiry notices).
// Never sends anything but those fields; the API decides (All Access needed) and its refusal is shown as a sentence.
import { useState } from 'preact/hooks';
import { describeError } from '../../api/errors.js';
import type { Role } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/message.js';

export function CreateGroupDialog({
  roles,
  onClose,
  onCreated,
}: {
  roles: readonly Role[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const { api } = usePortal();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [alerts, setAlerts] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (name.trim() === '') return setError('Enter a name for the group.');
    setBusy(true);
    try {
      await api.create('/v2/groups', { name: name.trim(), description, roles: chosen, account_alerts: alerts });
      onCreated();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Create group" onClose={onClose} busy={busy}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="group-name">Name</label>
          <input
            id="group-name"
            required
            maxLength={256}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="group-description">Description</label>
          <input
            id="group-description"
            maxLength={1024}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
        <fieldset class="field">
          <legend>Roles</legend>
          {roles.map((r) => (
            <label key={r.id} class="check">
              <input
                type="checkbox"
                checked={chosen.includes(r.id)}
                onChange={(e) =>
                  setChosen(e.currentTarget.checked ? [...chosen, r.id] : chosen.filter((c) => c !== r.id))
                }
              />
              {r.name}
            </label>
          ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={alerts} onChange={(e) => setAlerts(e.currentTarget.checked)} />
          Subscribe to account alerts (service API key expiry notices)
        </label>
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
