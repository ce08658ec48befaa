// The details panel for one key (seed 001: select a key to view its details on the right; × closes it).
// Reads the key again from the service (under the Constellix policy that view is audited); never shows a secret.
import { useEffect, useRef } from 'preact/hooks';
import { bareId } from '../../api/client.js';
import type { ApiKey } from '../../api/types.js';
import { usePortal } from '../../app-context.js';
import { ErrorMessage } from '../../components/message.js';
import { showTime, STATE_LABELS, TYPE_LABELS } from '../../format.js';
import { useLoad } from '../use-load.js';

export function DetailsPanel({ keyId, onClose }: { keyId: string; onClose: () => void }) {
  const { api } = usePortal();
  const loaded = useLoad(() => api.get<ApiKey>(`/v2/api_keys/${bareId(keyId)}`), [keyId]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [keyId]);
  const key = loaded.data;
  const rows: Array<[string, string]> =
    key === undefined
      ? []
      : [
          ['ID', key.id.replace(/^identity\/apikeys\//, '')],
          ['Name', key.name],
          ['State', STATE_LABELS[key.state] ?? key.state],
          ['Type', TYPE_LABELS[key.type] ?? key.type],
          ['User', key.user_email === null ? key.user_name : `${key.user_name} (${key.user_email})`],
          ['Expires at', showTime(key.expires_at)],
          ['Last used at', showTime(key.last_used_at)],
          ['Created at', showTime(key.created_at)],
          ['Created by', key.created_by],
          ['Updated at', showTime(key.updated_at)],
          ['Updated by', key.updated_by],
        ];
  return (
    <aside class="details-panel" aria-labelledby="key-details-title">
      <div class="details-head">
        <h2 id="key-details-title" tabIndex={-1} ref={heading}>
          {key?.name ?? 'Key details'}
        </h2>
        <button type="button" class="icon-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      <ErrorMessage text={loaded.error} />
      {loaded.loading && key === undefined ? (
        <p>Loading…</p>
      ) : (
        <dl class="details">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </aside>
  );
}
