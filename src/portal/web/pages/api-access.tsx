// API access (seed 003, Constellix): an administrator grants or removes a person's API access by enabling or
// disabling their keys, or deletes a key. Never shows a secret: the service never returns one after creation.
import { useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import { allOf, containsPattern, quote } from '../api/query.js';
import type { ApiKey, User } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { KeyToggleButton } from '../components/key-toggle-button.js';
import { DataTable } from '../components/data-table.js';
import { ErrorMessage, StatusMessage } from '../components/message.js';
import { showTime, STATE_LABELS } from '../format.js';
import { forEachKey, setKeyState } from './key-actions.js';
import { useLoad } from './use-load.js';
import { DeleteKeyDialog } from './delete-key-dialog.js';
import { RowDeleteButton } from '../components/row-delete-button.js';

export function ApiAccessPage() {
  const { api } = usePortal();
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);
  const text = search.trim().slice(0, 60);
  const users = useLoad(
    () =>
      api.list<User>('/v2/users', {
        filter: allOf(["type == 'interactive'", text === '' ? '' : `name ~ ${quote(containsPattern(text))}`]),
        limit: 100,
      }),
    [text],
  );
  const keys = useLoad(
    () =>
      userId === ''
        ? Promise.resolve([])
        : api.list<ApiKey>('/v2/api_keys', { filter: `user_id == ${quote(userId)}`, limit: 1000 }),
    [userId],
  );
  const user = users.data?.find((u) => u.id === userId);
  const list = keys.data ?? [];
  const apply = async (state: 'enabled' | 'disabled', targets: readonly ApiKey[]) => {
    setError(null);
    const failures = await forEachKey(
      targets.filter((k) => k.state !== 'expired' && k.state !== state),
      (k) => setKeyState(api, k, state),
    );
    if (failures.length > 0) setError(`Some keys were not changed: ${failures.join('; ')}`);
    setStatus(
      state === 'enabled'
        ? `API access granted to ${user?.name ?? 'the user'}.`
        : `API access removed from ${user?.name ?? 'the user'}.`,
    );
    keys.reload();
  };
  return (
    <section aria-labelledby="api-access-title">
      <h1 id="api-access-title">API access</h1>
      <p class="lead">
        Grant or remove a person's access to the API by enabling or disabling their API keys. You never see their keys'
        secrets; only the person who created a key saw it, once.
      </p>
      <div class="field">
        <label for="access-user-search">Find a user</label>
        <input id="access-user-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        <label for="access-user">User</label>
        <select id="access-user" size={6} value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
          {(users.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
              {u.email ? ` (${u.email})` : ''}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage text={users.error ?? keys.error ?? error} />
      <StatusMessage>{status}</StatusMessage>
      {user !== undefined && (
        <>
          <div class="page-head">
            <h2>
              {user.name}:{' '}
              {list.length === 0 ? 'no API keys' : `${list.length} API ${list.length === 1 ? 'key' : 'keys'}`}
            </h2>
            <div class="inline">
              <button
                type="button"
                class="button"
                disabled={!list.some((k) => k.state === 'disabled')}
                onClick={() => apply('enabled', list)}
              >
                Grant API access
              </button>
              <button
                type="button"
                class="button button-danger"
                disabled={!list.some((k) => k.state === 'enabled')}
                onClick={() => apply('disabled', list)}
              >
                Remove API access
              </button>
            </div>
          </div>
          {list.length > 0 && (
            <DataTable
              caption={`API keys of ${user.name}`}
              columns={['Name', 'State', 'Expires at', 'Last used at', 'Actions']}
            >
              {list.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <span class={`state state-${k.state}`}>{STATE_LABELS[k.state]}</span>
                  </td>
                  <td>{showTime(k.expires_at)}</td>
                  <td>{showTime(k.last_used_at)}</td>
                  <td class="row-actions">
                    {k.state !== 'expired' && (
                      <KeyToggleButton
                        name={k.name}
                        enabled={k.state === 'enabled'}
                        onClick={() =>
                          apply(k.state === 'enabled' ? 'disabled' : 'enabled', [k]).catch((err: unknown) =>
                            setError(describeError(err)),
                          )
                        }
                      />
                    )}
                    <RowDeleteButton label={`Delete ${k.name}`} onClick={() => setDeleting(k)} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
      {deleting !== null && (
        <DeleteKeyDialog
          apiKey={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(sentence) => {
            setStatus(sentence);
            keys.reload();
          }}
        >
          <p>
            Delete <strong>{deleting.name}</strong> of {user?.name}? It stops working at once; the deletion is logged.
          </p>
        </DeleteKeyDialog>
      )}
    </section>
  );
}
