// "Create service user": name, description and (for administrators) groups; service users never get a password.
// Never sends group_ids unless the caller holds All Access (the API refuses it otherwise).
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import type { Group, User } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { Dialog } from '../components/dialog.js';
import { ErrorMessage } from '../components/message.js';
import { isAdmin } from '../session.js';

export function CreateServiceUserDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { api, session } = usePortal();
  const admin = isAdmin(session);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [groups, setGroups] = useState<readonly Group[]>([]);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (admin)
      api.list<Group>('/v2/groups', { limit: 1000 }).then(setGroups, (err: unknown) => setError(describeError(err)));
  }, [api, admin]);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (name.trim() === '') return setError('Enter a name for the service user.');
    setBusy(true);
    setError(null);
    try {
      const body = {
        name: name.trim(),
        type: 'service',
        description,
        ...(admin && chosen.length > 0 ? { group_ids: chosen } : {}),
      };
      onCreated(await api.create<User>('/v2/users', body));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Create service user" onClose={onClose} busy={busy}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="su-name">Name</label>
          <input id="su-name" required maxLength={256} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <span class="hint">For example "SCIM delete user".</span>
        </div>
        <div class="field">
          <label for="su-description">Description</label>
          <textarea
            id="su-description"
            rows={2}
            maxLength={1024}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
        {admin ? (
          <fieldset class="field">
            <legend>Groups</legend>
            {groups.length === 0 ? (
              <p class="hint">No groups yet.</p>
            ) : (
              groups.map((g) => (
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
              ))
            )}
          </fieldset>
        ) : (
          <p class="hint">Only administrators can put users into groups.</p>
        )}
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
