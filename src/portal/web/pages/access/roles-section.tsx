// Roles: the built-in All Access and custom roles holding User Manage and/or Service API Keys Create (seed 001).
// Never offers to change or delete a built-in role (the API refuses it).
import { useState } from 'preact/hooks';
import { bareId } from '../../api/client.js';
import { PERMISSION_LABELS, PERMISSIONS, type Role } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { DeleteDialog } from '../../components/delete-dialog.js';
import { CheckList } from '../../components/check-list.js';
import { FormDialog, useSubmission } from '../../components/form-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/message.js';
import { RowDeleteButton } from '../../components/row-delete-button.js';
import { useLoad } from '../use-load.js';
import { TextField } from '../../components/text-field.js';

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
      <DataTable caption="Roles" columns={['Name', 'Permissions', 'Actions']}>
        {(roles.data ?? []).map((r) => (
          <tr key={r.id}>
            <th scope="row">
              {r.name}
              {r.built_in && <span class="badge badge-quiet">Built-in</span>}
            </th>
            <td>{r.permissions.map((p) => PERMISSION_LABELS[p] ?? p).join(', ')}</td>
            <td class="row-actions">
              {!r.built_in && <RowDeleteButton label={`Delete role ${r.name}`} onClick={() => setDeleting(r)} />}
            </td>
          </tr>
        ))}
      </DataTable>
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
        <DeleteDialog
          title="Delete role"
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
        </DeleteDialog>
      )}
    </section>
  );
}

function CreateRoleDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { api } = usePortal();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const submission = useSubmission();
  const submit = () => {
    if (name.trim() === '') return submission.setError('Enter a name for the role.');
    if (chosen.length === 0) return submission.setError('Choose at least one permission.');
    void submission.run(async () => {
      await api.create('/v2/roles', { name: name.trim(), permissions: chosen });
      onCreated();
    });
  };
  return (
    <FormDialog title="Create role" submission={submission} onClose={onClose} onSubmit={submit} submitLabel="Create">
      <TextField id="role-name" label="Name" required maxLength={256} value={name} onValue={setName} />
      <CheckList
        legend="Permissions"
        items={CUSTOM_PERMISSIONS.map((p) => ({ value: p, label: PERMISSION_LABELS[p] ?? p }))}
        chosen={chosen}
        onChange={setChosen}
      />
    </FormDialog>
  );
}
