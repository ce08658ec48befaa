// Profile → User API Keys (seed 000): the caller's own keys, create, enable / disable / delete.
// Never shows a secret except in the copy-once dialog right after creation.
import { useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import type { ApiKey } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { CopyOnceDialog } from '../components/copy-once-dialog.js';
import { KeyToggleButton } from '../components/key-toggle-button.js';
import { DataTable } from '../components/data-table.js';
import { ErrorMessage, StatusMessage } from '../components/message.js';
import { expiresSoon, showTime, STATE_LABELS, TYPE_LABELS } from '../format.js';
import { CreateMyKeyDialog, type CreatedKey } from './create-my-key-dialog.js';
import { canToggle, setKeyState } from './key-actions.js';
import { useLoad } from './use-load.js';
import { DeleteKeyDialog } from './delete-key-dialog.js';
import { RowDeleteButton } from '../components/row-delete-button.js';

export function MyKeysPage() {
  const { api, now } = usePortal();
  const keys = useLoad(() => api.list<ApiKey>('/v2/current_api_keys', { limit: 1000 }), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const toggle = async (key: ApiKey) => {
    setError(null);
    const next = key.state === 'enabled' ? 'disabled' : 'enabled';
    try {
      await setKeyState(api, key, next);
      setStatus(`${key.name} is now ${STATE_LABELS[next]?.toLowerCase()}.`);
      keys.reload();
    } catch (err) {
      setError(describeError(err));
    }
  };
  const list = keys.data ?? [];
  return (
    <section aria-labelledby="my-keys-title">
      <div class="page-head">
        <h1 id="my-keys-title">User API Keys</h1>
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          Create
        </button>
      </div>
      <p class="lead">
        Keys you create here act as you. Nobody else, administrators included, can create a user API key for you.
        Fourteen days before a key expires you are notified every day.
      </p>
      <ErrorMessage text={keys.error ?? error} />
      <StatusMessage>{status}</StatusMessage>
      {keys.loading && keys.data === undefined ? (
        <p>Loading…</p>
      ) : list.length === 0 ? (
        <p>You have no API keys yet.</p>
      ) : (
        <DataTable caption="Your API keys" columns={['Name', 'State', 'Expires at', 'Last used at', 'Type', 'Actions']}>
          {list.map((key) => (
            <tr
              key={key.id}
              class={key.state === 'enabled' && expiresSoon(key.expires_at, now()) ? 'row-expiring' : ''}
            >
              <th scope="row">{key.name}</th>
              <td>
                <span class={`state state-${key.state}`}>{STATE_LABELS[key.state]}</span>
              </td>
              <td>
                {showTime(key.expires_at)}
                {key.state === 'enabled' && expiresSoon(key.expires_at, now()) && (
                  <span class="badge">Expires soon</span>
                )}
              </td>
              <td>{showTime(key.last_used_at)}</td>
              <td>{TYPE_LABELS[key.type]}</td>
              <td class="row-actions">
                {canToggle(key) && (
                  <KeyToggleButton name={key.name} enabled={key.state === 'enabled'} onClick={() => toggle(key)} />
                )}
                <RowDeleteButton label={`Delete ${key.name}`} onClick={() => setDeleting(key)} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {creating && (
        <CreateMyKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
            keys.reload();
          }}
        />
      )}
      {created !== null && (
        <CopyOnceDialog
          title="User API Key Generated"
          keyName={created.name}
          secret={created.secret}
          onClose={() => setCreated(null)}
        />
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
            Delete <strong>{deleting.name}</strong>? Scripts using it stop working at once. This cannot be undone.
          </p>
        </DeleteKeyDialog>
      )}
    </section>
  );
}
