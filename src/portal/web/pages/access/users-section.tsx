// Interactive users: list, create (name, e-mail, groups) and issue a one-time set-password link; delete.
// Never creates an API key for anyone (nobody can create an interactive key for someone else).
import { useState } from 'preact/hooks';
import { bareId } from '../../api/client.js';
import { describeError } from '../../api/errors.js';
import type { Group, User } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { DeleteDialog } from '../../components/delete-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage, StatusMessage } from '../../components/message.js';
import { useLoad } from '../use-load.js';
import { CreateUserDialog } from './create-user-dialog.js';
import { PasswordLinkDialog, type PasswordLink } from './password-link-dialog.js';
import { RowDeleteButton } from '../../components/row-delete-button.js';

interface LinkAnswer {
  readonly url: string;
  readonly expires_at: string;
  readonly emailed: boolean;
}

export function UsersSection({ version }: { version: number }) {
  const { api, session } = usePortal();
  const users = useLoad(() => api.list<User>('/v2/users', { filter: "type == 'interactive'", limit: 1000 }), [version]);
  const groups = useLoad(() => api.list<Group>('/v2/groups', { limit: 1000 }), [version]);
  const [creating, setCreating] = useState(false);
  const [link, setLink] = useState<PasswordLink | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? id;
  const issueLink = async (user: User) => {
    setError(null);
    try {
      const answer = await api.create<LinkAnswer>('/auth/v1/password_links', { user_id: user.id });
      setLink({ userName: user.name, url: answer.url, expiresAt: answer.expires_at, emailed: answer.emailed });
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <section aria-labelledby="users-title">
      <div class="page-head">
        <h2 id="users-title">Users</h2>
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          Create user
        </button>
      </div>
      <p class="hint">
        People who sign in to the portal. Each gets a one-time link to set their password; they create their own API
        keys.
      </p>
      <ErrorMessage text={users.error ?? error} />
      <StatusMessage>{status}</StatusMessage>
      <DataTable caption="Interactive users" columns={['Name', 'E-mail', 'Groups', 'Actions']}>
        {(users.data ?? []).map((u) => (
          <tr key={u.id}>
            <th scope="row">{u.name}</th>
            <td>{u.email}</td>
            <td>{u.group_ids.map(groupName).join(', ')}</td>
            <td class="row-actions">
              <button
                type="button"
                class="button button-small"
                aria-label={`Set-password link for ${u.name}`}
                onClick={() => issueLink(u)}
              >
                Set-password link
              </button>
              {u.id !== session.user.id && (
                <RowDeleteButton label={`Delete ${u.name}`} onClick={() => setDeleting(u)} />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {creating && (
        <CreateUserDialog
          groups={groups.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setStatus(`User ${u.name} was created.`);
            users.reload();
            void issueLink(u);
          }}
        />
      )}
      {link !== null && <PasswordLinkDialog link={link} onClose={() => setLink(null)} />}
      {deleting !== null && (
        <DeleteDialog
          title="Delete user"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.remove(`/v2/users/${bareId(deleting.id)}`);
            setStatus(`User ${deleting.name} was deleted.`);
            users.reload();
          }}
        >
          <p>
            Delete <strong>{deleting.name}</strong>? Their API keys are deleted with them and stop working at once.
          </p>
        </DeleteDialog>
      )}
    </section>
  );
}
