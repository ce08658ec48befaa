// Service users (seed 001): list, create (name, description, groups) and delete, saying what happens to the keys.
// Never offers create/delete without User Manage, nor group assignment without All Access (the API's rules).
import { useState } from 'preact/hooks';
import { bareId } from '../api/client.js';
import { allOf, containsPattern, quote } from '../api/query.js';
import { PERMISSIONS, type User } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { DeleteDialog } from '../components/delete-dialog.js';
import { DataTable } from '../components/data-table.js';
import { ErrorMessage, StatusMessage } from '../components/message.js';
import { can } from '../session.js';
import { CreateServiceUserDialog } from './create-service-user-dialog.js';
import { useLoad } from './use-load.js';
import { RowDeleteButton } from '../components/row-delete-button.js';

export function ServiceUsersPage() {
  const { api, session } = usePortal();
  const manage = can(session, PERMISSIONS.userManage);
  const seeKeys = can(session, PERMISSIONS.serviceKeysCreate) || can(session, PERMISSIONS.serviceKeysRead);
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<{ user: User; keys: number | null } | null>(null);
  const [status, setStatus] = useState('');
  const text = search.trim().slice(0, 60);
  const filter = allOf(["type == 'service'", text === '' ? '' : `name ~ ${quote(containsPattern(text))}`]);
  const users = useLoad(() => api.list<User>('/v2/users', { filter, limit: 200 }), [filter]);
  const askDelete = async (user: User) => {
    const keys = seeKeys
      ? await api.list<{ id: string }>('/v2/api_keys', { filter: `user_id == ${quote(user.id)}`, limit: 1000 }).then(
          (k) => k.length,
          () => null,
        )
      : null;
    setDeleting({ user, keys });
  };
  const list = users.data ?? [];
  return (
    <section aria-labelledby="service-users-title">
      <div class="page-head">
        <h1 id="service-users-title">Service users</h1>
        {manage && (
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            Create service user
          </button>
        )}
      </div>
      <p class="lead">
        Service users are accounts for applications. They cannot sign in to the portal; they use service API keys, at
        most 10 each.{manage ? '' : ' Creating and deleting service users needs the User Manage permission.'}
      </p>
      <div class="toolbar">
        <label for="service-user-filter" class="visually-hidden">
          Search service users
        </label>
        <input
          id="service-user-filter"
          type="search"
          placeholder="Search service users"
          value={search}
          maxLength={60}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
      </div>
      <ErrorMessage text={users.error} />
      <StatusMessage>{status}</StatusMessage>
      {users.loading && users.data === undefined ? (
        <p>Loading…</p>
      ) : list.length === 0 ? (
        <p>No service users{text ? ' match' : ' yet'}.</p>
      ) : (
        <DataTable
          caption="Service users"
          columns={manage ? ['Name', 'Description', 'Created by', 'Actions'] : ['Name', 'Description', 'Created by']}
        >
          {list.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.name}</th>
              <td>{u.description}</td>
              <td>{u.created_by}</td>
              {manage && (
                <td class="row-actions">
                  <RowDeleteButton label={`Delete ${u.name}`} onClick={() => askDelete(u)} />
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {creating && (
        <CreateServiceUserDialog
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setStatus(`Service user ${u.name} was created.`);
            users.reload();
          }}
        />
      )}
      {deleting !== null && (
        <DeleteDialog
          title="Delete service user"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.remove(`/v2/users/${bareId(deleting.user.id)}`);
            setStatus(`Service user ${deleting.user.name} and its keys were deleted.`);
            users.reload();
          }}
        >
          <p>
            Delete the service user <strong>{deleting.user.name}</strong>?
          </p>
          <p>
            {deleting.keys === null
              ? 'All of its service API keys are deleted with it'
              : deleting.keys === 0
                ? 'It has no API keys'
                : `Its ${deleting.keys === 1 ? 'API key is' : `${deleting.keys} API keys are`} deleted with it`}
            {deleting.keys === 0 ? '.' : ', and applications using them stop working at once.'} This cannot be undone.
          </p>
        </DeleteDialog>
      )}
    </section>
  );
}
