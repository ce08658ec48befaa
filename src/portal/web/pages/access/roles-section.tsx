// Roles: the built-in All Access and custom roles holding User Manage and/or Service API Keys Create (seed 001).
// Never offers to change or delete a built-in role (the API refuses it).
import { useState } from 'preact/hooks';
import { bareId } from '../../api/client.js';
import { describeError } from '../../api/errors.js';
import { PERMISSION_LABELS, PERMISSIONS, type Role } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/message.js';
import { useLoad } from '../use-load.js';

const CUSTOM_PERMISSIONS = [PERMISSIONS.userManage, PERMISSIONS.serviceKeysCreate, PERMISSIONS.serviceKeysRead];

export function RolesSection({ onChanged }: { onChanged: () => void }) {
  const { api } = usePortal();
  const roles = useLoad(() => api.list<Role>('/v2/roles', { limit: 1000 }), []);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Role | null>(null);
  return (
    <section aria-labelledby="roles-title">
      <div class="page-head">
        <h2 id="roles-title">Roles</h2>
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          Create role
        </button>
      </div>
      <ErrorMessage text={roles.error} />
      <div class="table-wrap">
        <table class="data-table">
          <caption class="visually-hidden">Roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Permissions</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(roles.data ?? []).map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.name}
                  {r.built_in && <span class="badge badge-quiet">Built-in</span>}
                </th>
                <td>{r.permissions.map((p) => PERMISSION_LABELS[p] ?? p).join(', ')}</td>
                <td class="row-actions">
                  {!r.built_in && (
                    <button
                      type="button"
                      class="button button-small button-danger"
                      aria-label={`Delete role ${r.name}`}
                      onClick={() => setDeleting(r)}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {creating && (
        <CreateRoleDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            roles.reload();
            onChanged();
          }}
        />
      )}
      {deleting !== null && (
        <ConfirmDialog
          title="Delete role"
          confirmLabel="Delete"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.remove(`/v2/roles/${bareId(deleting.id)}`);
            roles.reload();
            onChanged();
          }}
        >
          <p>
            Delete the role <strong>{deleting.name}</strong>? Groups holding it lose its permissions.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function CreateRoleDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { api } = usePortal();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (name.trim() === '') return setError('Enter a name for the role.');
    if (chosen.length === 0) return setError('Choose at least one permission.');
    setBusy(true);
    try {
      await api.create('/v2/roles', { name: name.trim(), permissions: chosen });
      onCreated();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Create role" onClose={onClose} busy={busy}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="role-name">Name</label>
          <input id="role-name" required maxLength={256} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <fieldset class="field">
          <legend>Permissions</legend>
          {CUSTOM_PERMISSIONS.map((p) => (
            <label key={p} class="check">
              <input
                type="checkbox"
                checked={chosen.includes(p)}
                onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, p] : chosen.filter((c) => c !== p))}
              />
              {PERMISSION_LABELS[p]}
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
