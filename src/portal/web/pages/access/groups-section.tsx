// Groups: their roles and whether they are subscribed to account alerts (seed 002: only members of such groups get
// service-key expiry notices). Never renames or deletes the built-in Administrators group (the API refuses it).
import { useState } from 'preact/hooks';
import { bareId } from '../../api/client.js';
import { describeError } from '../../api/errors.js';
import type { Group, Role } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { DeleteDialog } from '../../components/delete-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/message.js';
import { useLoad } from '../use-load.js';
import { CreateGroupDialog } from './create-group-dialog.js';
import { RowDeleteButton } from '../../components/row-delete-button.js';

export function GroupsSection({ version, onChanged }: { version: number; onChanged: () => void }) {
  const { api } = usePortal();
  const groups = useLoad(() => api.list<Group>('/v2/groups', { limit: 1000 }), [version]);
  const roles = useLoad(() => api.list<Role>('/v2/roles', { limit: 1000 }), [version]);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Group | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roleName = (id: string) => roles.data?.find((r) => r.id === id)?.name ?? id;
  const setAlerts = async (group: Group, on: boolean) => {
    setError(null);
    try {
      await api.patch(`/v2/groups/${bareId(group.id)}`, { account_alerts: on });
      groups.reload();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <section aria-labelledby="groups-title">
      <div class="page-head">
        <h2 id="groups-title">Groups</h2>
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          Create group
        </button>
      </div>
      <ErrorMessage text={groups.error ?? error} />
      <DataTable caption="Groups" columns={['Name', 'Roles', 'Account alerts', 'Actions']}>
        {(groups.data ?? []).map((g) => (
          <tr key={g.id}>
            <th scope="row">{g.name}</th>
            <td>{g.roles.map(roleName).join(', ')}</td>
            <td>
              <label class="check">
                <input
                  type="checkbox"
                  checked={g.account_alerts}
                  onChange={(e) => setAlerts(g, e.currentTarget.checked)}
                />
                <span class="visually-hidden">{g.name}: </span>Subscribed
              </label>
            </td>
            <td class="row-actions">
              {g.name !== 'Administrators' && (
                <RowDeleteButton label={`Delete group ${g.name}`} onClick={() => setDeleting(g)} />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {creating && (
        <CreateGroupDialog
          roles={roles.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            groups.reload();
            onChanged();
          }}
        />
      )}
      {deleting !== null && (
        <DeleteDialog
          title="Delete group"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.remove(`/v2/groups/${bareId(deleting.id)}`);
            groups.reload();
            onChanged();
          }}
        >
          <p>
            Delete the group <strong>{deleting.name}</strong>? Its members lose the permissions of its roles.
          </p>
        </DeleteDialog>
      )}
    </section>
  );
}
